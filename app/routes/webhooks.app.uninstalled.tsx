import { methodNotAllowed, webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("app/uninstalled");
export const loader = methodNotAllowed;
