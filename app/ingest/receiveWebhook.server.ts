import type { InboxVerdict, InboxWriter } from "./inboxWriter.server.ts";
import type { Incoming, Reply } from "../http/incoming.ts";
import { hmacMatches } from "./shopifyHmac.ts";
import type { ShopDirectory } from "./shopDirectory.server.ts";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "./webhookTopics.ts";

export interface ReceiveDeps {
  /** The app's client secret, which Shopify signs deliveries with. */
  secret: string;
  inbox: InboxWriter;
  shops: ShopDirectory;
  maxBytes: number;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const REQUIRED_HEADERS = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id", "x-shopify-api-version"];

function reply(status: number, error?: string): Reply {
  return error ? { status, body: { error } } : { status };
}

/**
 * One webhook delivery: verify, store durably in the inbox, acknowledge.
 * Nothing heavy happens before the 2xx; the drain does the rest.
 *   401 forged or unsigned · 400 malformed · 413 too large · 404 shop not installed
 *   503 the inbox could not commit (Shopify retries)
 */
export async function receiveWebhook(request: Incoming, route: WebhookTopic, deps: ReceiveDeps): Promise<Reply> {
  if (request.method !== "POST") return reply(405, "POST only");
  const body = await request.readBody(deps.maxBytes);
  if (!body.ok) return reply(body.status, body.error);

  const headers = { get: request.header };
  if (!hmacMatches(body.bytes, deps.secret, headers.get("x-shopify-hmac-sha256"))) {
    return reply(401, "HMAC signature missing or invalid");
  }
  const missing = REQUIRED_HEADERS.filter((name) => !headers.get(name));
  if (missing.length > 0) return reply(400, `missing headers: ${missing.join(", ")}`);
  const topic = headers.get("x-shopify-topic")!.toLowerCase();
  if (topic !== route) return reply(400, `topic ${JSON.stringify(topic).slice(0, 80)} delivered to ${route}`);
  const domain = headers.get("x-shopify-shop-domain")!.toLowerCase();
  if (!SHOP_DOMAIN.test(domain)) return reply(400, "invalid shop domain");
  const webhookId = headers.get("x-shopify-webhook-id")!;
  if (webhookId.length > 255) return reply(400, "webhook id too long");

  const shop = await deps.shops.find(domain);
  if (!shop) {
    // A redacted shop's late compliance deliveries have nothing left to act on.
    return (COMPLIANCE_TOPICS as readonly string[]).includes(topic) ? reply(200) : reply(404, "shop not installed");
  }
  // The inbox checks that the body is a JSON object as it stores it (on
  // SQLite in its writer thread): a body that is not is refused, not stored.
  let verdict: InboxVerdict;
  try {
    verdict = await deps.inbox.write({
      webhookId,
      shopDomain: domain,
      topic,
      apiVersion: headers.get("x-shopify-api-version")!.slice(0, 32),
      eventId: headers.get("x-shopify-event-id")?.slice(0, 255) ?? null,
      triggeredAt: parseDate(headers.get("x-shopify-triggered-at")),
      payload: body.bytes,
    });
  } catch (error) {
    console.error("[webhooks] inbox write failed", error);
    return reply(503, "temporarily unavailable");
  }
  if (!verdict.ok) return reply(400, verdict.error);
  return reply(200);
}

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
