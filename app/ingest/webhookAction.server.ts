import type { ActionFunctionArgs } from "@remix-run/node";
import { incomingFromRequest, replyToResponse } from "../http/incoming.ts";
import { runtime } from "../runtime.server.ts";
import { receiveWebhook } from "./receiveWebhook.server.ts";
import type { WebhookTopic } from "./webhookTopics.ts";

/** The action of a webhook route: every topic goes through the same verified inbox. */
export function webhookAction(topic: WebhookTopic) {
  return async ({ request }: ActionFunctionArgs) => replyToResponse(await receiveWebhook(incomingFromRequest(request), topic, runtime()));
}

/** Webhook routes only take POSTs. */
export const methodNotAllowed = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
