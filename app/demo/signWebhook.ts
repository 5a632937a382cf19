// A webhook delivery as Shopify makes it: the raw JSON body POSTed with
// Shopify's headers, signed with the app's client secret. Used by the demo's
// replay and by tests that post fixture payloads to the app.

import { shopifyHmac } from "../ingest/shopifyHmac.ts";
import { stableUuid } from "./ids.ts";

export { shopifyHmac };

export interface SignedWebhookInput {
  /** Where to POST, e.g. "http://localhost:3000/webhooks". */
  url: string;
  /** e.g. "orders/create". */
  topic: string;
  /** The shop's myshopify domain. */
  shop: string;
  /** X-Shopify-Webhook-Id: unique per delivery (the receiver's idempotency key). */
  webhookId: string;
  /** The raw body, exactly as it is sent and signed. */
  body: string | Uint8Array;
  /** The app's client secret. */
  secret: string;
  /** e.g. "2026-07". */
  apiVersion: string;
  /** X-Shopify-Triggered-At; default now. */
  triggeredAt?: Date | string;
  /** X-Shopify-Event-Id (shared by deliveries of one merchant action); default derived from webhookId. */
  eventId?: string;
  /** X-Shopify-Name (optional in Shopify's deliveries). */
  name?: string;
}

export function signedWebhookRequest(input: SignedWebhookInput): { url: string; init: RequestInit } {
  const triggeredAt =
    input.triggeredAt === undefined
      ? new Date().toISOString()
      : typeof input.triggeredAt === "string"
        ? input.triggeredAt
        : input.triggeredAt.toISOString();
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": input.topic,
    "X-Shopify-Hmac-Sha256": shopifyHmac(input.body, input.secret),
    "X-Shopify-Shop-Domain": input.shop,
    "X-Shopify-API-Version": input.apiVersion,
    "X-Shopify-Webhook-Id": input.webhookId,
    "X-Shopify-Event-Id": input.eventId ?? stableUuid(`event-of:${input.webhookId}`),
    "X-Shopify-Triggered-At": triggeredAt,
  };
  if (input.name) headers["X-Shopify-Name"] = input.name;
  return {
    url: input.url,
    init: { method: "POST", headers, body: typeof input.body === "string" ? input.body : new Uint8Array(input.body) },
  };
}
