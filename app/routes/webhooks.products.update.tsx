import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("products/update");
export const loader = methodNotAllowed;
