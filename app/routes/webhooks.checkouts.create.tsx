import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("checkouts/create");
export const loader = methodNotAllowed;
