import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("customers/redact");
export const loader = methodNotAllowed;
