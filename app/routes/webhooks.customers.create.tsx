import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("customers/create");
export const loader = methodNotAllowed;
