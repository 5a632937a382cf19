import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("checkouts/update");
export const loader = methodNotAllowed;
