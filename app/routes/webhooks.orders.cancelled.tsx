import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("orders/cancelled");
export const loader = methodNotAllowed;
