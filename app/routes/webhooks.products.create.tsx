import { webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("products/create");
