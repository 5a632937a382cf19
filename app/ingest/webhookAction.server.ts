import type { ActionFunctionArgs } from "@remix-run/node";
import { runtime } from "../runtime.server.ts";
import { receiveWebhook } from "./receiveWebhook.server.ts";
import type { WebhookTopic } from "./webhookTopics.ts";

/** The action of a webhook route: every topic goes through the same verified inbox. */
export function webhookAction(topic: WebhookTopic) {
  return ({ request }: ActionFunctionArgs) => receiveWebhook(request, topic, runtime());
}
