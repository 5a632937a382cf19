import { webhookAction } from "~/ingest/webhookAction.server";

export const action = webhookAction("bulk_operations/finish");
