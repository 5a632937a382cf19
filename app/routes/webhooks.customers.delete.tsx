import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("customers/delete");
export const loader = methodNotAllowed;
