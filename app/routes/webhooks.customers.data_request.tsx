import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("customers/data_request");
export const loader = methodNotAllowed;
