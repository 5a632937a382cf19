import type { ActionFunctionArgs } from "@remix-run/node";
import type { IncomingMessage, ServerResponse } from "node:http";
import { incomingFromNode, incomingFromRequest, replyToResponse, sendReply } from "../http/incoming.ts";
import { receivePixelBatch } from "../pixel/receivePixelBatch.server.ts";
import { runtime } from "../runtime.server.ts";
import { receiveWebhook } from "./receiveWebhook.server.ts";
import { isWebhookTopic, type WebhookTopic } from "./webhookTopics.ts";

/** The action of a webhook route: every topic goes through the same verified inbox. */
export function webhookAction(topic: WebhookTopic) {
  return async ({ request }: ActionFunctionArgs) => replyToResponse(await receiveWebhook(incomingFromRequest(request), topic, runtime()));
}

/** Webhook routes only take POSTs. */
export const methodNotAllowed = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

/**
 * The same endpoint for the production server's fast path: POST
 * /webhooks/<topic> is answered straight from the Node request, skipping the
 * Fetch Request and Remix's route matching that would double its cost at a
 * thousand deliveries a second. Paths that are not a topic fall through to Remix.
 */
export async function handleWebhookFast(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
  const topic = (req.url ?? "").split("?")[0].replace(/^\/webhooks\//, "");
  if (!isWebhookTopic(topic)) return next();
  try {
    sendReply(res, await receiveWebhook(incomingFromNode(req), topic, runtime()));
  } catch (error) {
    console.error("[webhooks] unexpected error", error);
    sendReply(res, { status: 500, body: { error: "internal error" } });
  }
}

/** The pixel endpoint's fast path, for the same reason: storefront traffic arrives in floods. */
export async function handlePixelFast(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    sendReply(res, await receivePixelBatch(incomingFromNode(req), runtime().pixel));
  } catch (error) {
    console.error("[pixel] unexpected error", error);
    sendReply(res, { status: 500, body: { error: "internal error" } });
  }
}
