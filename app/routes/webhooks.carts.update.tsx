import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("carts/update");
export const loader = methodNotAllowed;
