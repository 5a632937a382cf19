import { bulkInsert } from "../db/bulkInsert.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import type { Db } from "../db.server.ts";
import type { Incoming, Reply } from "../http/incoming.ts";
import { bodyText } from "../http/readBody.ts";
import type { ShopDirectory } from "../ingest/shopDirectory.server.ts";
import type { BrowseEventRecord } from "../store/records.ts";
import { recordPixelClicks } from "../tracking/pixelClicks.server.ts";
import { MAX_BODY_BYTES, parsePixelBatch } from "./pixelBatch.ts";
import { pixelKeyMatches } from "./pixelKey.ts";
import type { RateLimiter } from "./rateLimiter.ts";

export interface PixelDeps {
  db: Db;
  sql: SqlExecutor;
  shops: ShopDirectory;
  /** Events per shop: one storefront cannot flood the store. */
  perShop: RateLimiter;
  /** Events per pixel client id: one browser (or bot) cannot use up its shop's budget. */
  perClient: RateLimiter;
  /** Oldest event accepted (PEARL_PIXEL_MAX_AGE_DAYS); only a replay of history raises it. */
  maxEventAgeMs?: number;
}

// The pixel runs in the storefront's sandbox on another origin: it may post
// (text/plain, no preflight) and must be able to read the status to retry.
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type" };

function reply(status: number, body: Record<string, unknown> | null): Reply {
  return { status, headers: CORS, ...(body ? { body } : {}) };
}

const COLUMNS = [
  "id", "shopId", "eventId", "name", "clientId", "customerId", "customerExternalId", "occurredAt", "url",
  "productExternalId", "variantExternalId", "collectionId", "searchQuery", "cartToken", "checkoutToken", "value", "receivedAt",
] as const;

/**
 * The web pixel's endpoint: installed shops only (the batch carries the key
 * derived for its shop), validated, size- and rate-capped, and stored
 * idempotently by event id: the pixel re-sends what it is not sure was received.
 *   200 stored · 400 malformed · 403 wrong key or shop · 413 too large · 429 too fast
 */
export async function receivePixelBatch(request: Incoming, deps: PixelDeps): Promise<Reply> {
  if (request.method === "OPTIONS") return reply(204, null);
  if (request.method !== "POST") return reply(405, { error: "POST only" });
  const body = bodyText(await request.readBody(MAX_BODY_BYTES));
  if (!body.ok) return reply(body.status, { error: body.error });
  const batch = parsePixelBatch(body.text, { maxEventAgeMs: deps.maxEventAgeMs });
  if (!batch.ok) return reply(batch.status, { error: batch.error });

  const shop = await deps.shops.find(batch.shop);
  if (!shop || !pixelKeyMatches(shop.urlSecret, shop.domain, batch.key)) return reply(403, { error: "unknown shop or key" });
  if (!deps.perShop.take(shop.domain, Math.max(1, batch.events.length))) return reply(429, { error: "shop rate limit" });
  const events = batch.events.filter((e) => deps.perClient.take(`${shop.domain}/${e.clientId}`));
  const limited = batch.events.length - events.length;
  if (events.length === 0 && limited > 0) return reply(429, { error: "client rate limit" });

  const stored = await storeEvents(deps, shop.id, events);
  // Page views that arrive through a Pearl email link are its clicks (app/tracking/).
  await recordPixelClicks(deps.db, shop.id, events);
  return reply(200, { stored, duplicates: events.length - stored, rejected: batch.rejected, limited });
}

async function storeEvents(deps: PixelDeps, shopId: string, events: BrowseEventRecord[]): Promise<number> {
  if (events.length === 0) return 0;
  const externalIds = [...new Set(events.map((e) => e.customerExternalId).filter((id): id is string => id !== null))];
  const customers = externalIds.length
    ? await deps.db.customer.findMany({ where: { shopId, externalId: { in: externalIds } }, select: { id: true, externalId: true } })
    : [];
  const customerIds = new Map(customers.map((c) => [c.externalId, c.id]));
  const receivedAt = new Date();
  return bulkInsert(
    deps.sql,
    "BrowseEvent",
    COLUMNS,
    events.map((e) => [
      crypto.randomUUID(), shopId, e.eventId, e.name, e.clientId,
      e.customerExternalId ? customerIds.get(e.customerExternalId) ?? null : null, e.customerExternalId,
      e.occurredAt, e.url, e.productExternalId, e.variantExternalId, e.collectionId, e.searchQuery,
      e.cartToken, e.checkoutToken, e.value, receivedAt,
    ]),
    { skipConflictsOn: ["shopId", "eventId"] },
  );
}
