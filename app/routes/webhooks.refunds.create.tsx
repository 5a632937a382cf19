import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("refunds/create");
export const loader = methodNotAllowed;
