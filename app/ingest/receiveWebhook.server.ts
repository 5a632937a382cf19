import type { InboxWriter } from "./inboxWriter.server.ts";
import { readBodyText } from "../http/readBody.ts";
import type { ShopDirectory } from "./shopDirectory.server.ts";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "./webhookTopics.ts";

/** What shopify-api's webhooks.validate tells about a request. */
export type WebhookCheck =
  | { valid: true; topic: string; domain: string; apiVersion: string; webhookId: string; eventId?: string; triggeredAt?: string }
  | { valid: false; reason: string; missingHeaders?: string[] };

export interface ReceiveDeps {
  validate(rawBody: string, request: Request): Promise<WebhookCheck>;
  inbox: InboxWriter;
  shops: ShopDirectory;
  maxBytes: number;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function reply(status: number, error?: string): Response {
  return error
    ? new Response(JSON.stringify({ error }), { status, headers: { "Content-Type": "application/json" } })
    : new Response(null, { status });
}

/**
 * One webhook delivery: verify, store durably in the inbox, acknowledge.
 * Nothing heavy happens before the 2xx; the drain does the rest.
 *   401 forged or unsigned · 400 malformed · 413 too large · 404 shop not installed
 *   503 the inbox could not commit (Shopify retries)
 */
export async function receiveWebhook(request: Request, route: WebhookTopic, deps: ReceiveDeps): Promise<Response> {
  if (request.method !== "POST") return reply(405, "POST only");
  const body = await readBodyText(request, deps.maxBytes);
  if (!body.ok) return reply(body.status, body.error);
  const rawBody = body.text;

  const check = await deps.validate(rawBody, request);
  if (!check.valid) {
    const unsigned = check.reason === "invalid_hmac" || check.reason === "missing_hmac";
    return unsigned
      ? reply(401, "HMAC signature missing or invalid")
      : reply(400, `missing headers: ${(check.missingHeaders ?? [check.reason]).join(", ")}`);
  }
  const topic = (request.headers.get("x-shopify-topic") ?? "").toLowerCase();
  if (topic !== route) return reply(400, `topic ${JSON.stringify(topic).slice(0, 80)} delivered to ${route}`);
  const domain = check.domain.toLowerCase();
  if (!SHOP_DOMAIN.test(domain)) return reply(400, "invalid shop domain");

  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return reply(400, "body is not valid JSON");
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return reply(400, "body is not a JSON object");

  const shop = await deps.shops.find(domain);
  if (!shop) {
    // A redacted shop's late compliance deliveries have nothing left to act on.
    return (COMPLIANCE_TOPICS as readonly string[]).includes(topic) ? reply(200) : reply(404, "shop not installed");
  }
  try {
    await deps.inbox.write({
      webhookId: check.webhookId,
      shopDomain: domain,
      topic,
      apiVersion: check.apiVersion,
      eventId: check.eventId ?? null,
      triggeredAt: parseDate(check.triggeredAt),
      payload: rawBody,
    });
  } catch (error) {
    console.error("[webhooks] inbox write failed", error);
    return reply(503, "temporarily unavailable");
  }
  return reply(200);
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
