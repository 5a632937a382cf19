import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("products/delete");
export const loader = methodNotAllowed;
