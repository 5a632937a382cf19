import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("products/create");
export const loader = methodNotAllowed;
