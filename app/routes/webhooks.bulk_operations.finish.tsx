import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("bulk_operations/finish");
export const loader = methodNotAllowed;
