import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("orders/updated");
export const loader = methodNotAllowed;
