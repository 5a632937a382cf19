import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("carts/create");
export const loader = methodNotAllowed;
