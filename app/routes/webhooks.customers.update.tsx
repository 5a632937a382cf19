import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("customers/update");
export const loader = methodNotAllowed;
