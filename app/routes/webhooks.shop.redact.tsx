import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("shop/redact");
export const loader = methodNotAllowed;
