import type { IncomingMessage, ServerResponse } from "node:http";
import { receiveWebhook } from "../ingest/receiveWebhook.server.ts";
import { isWebhookTopic } from "../ingest/webhookTopics.ts";
import { receivePixelBatch } from "../pixel/receivePixelBatch.server.ts";
import { runtime } from "../runtime.server.ts";
import { incomingFromNode, sendReply, type Reply } from "./incoming.ts";

/**
 * The webhook endpoint on the production server's fast path: POST
 * /webhooks/<topic> is answered straight from the Node request, skipping the
 * Fetch Request and Remix's route matching that would double its cost at a
 * thousand deliveries a second. Paths that are not a topic fall through to Remix.
 */
export async function handleWebhookFast(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
  const topic = (req.url ?? "").split("?")[0].replace(/^\/webhooks\//, "");
  if (!isWebhookTopic(topic)) return next();
  await answer(res, "webhooks", () => receiveWebhook(incomingFromNode(req), topic, runtime()));
}

/** The pixel endpoint's fast path, for the same reason: storefront traffic arrives in floods. */
export async function handlePixelFast(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await answer(res, "pixel", () => receivePixelBatch(incomingFromNode(req), runtime().pixel));
}

async function answer(res: ServerResponse, what: string, handle: () => Promise<Reply>): Promise<void> {
  try {
    sendReply(res, await handle());
  } catch (error) {
    console.error(`[${what}] unexpected error`, error);
    sendReply(res, { status: 500, body: { error: "internal error" } });
  }
}
