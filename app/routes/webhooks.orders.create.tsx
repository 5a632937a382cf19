import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("orders/create");
export const loader = methodNotAllowed;
