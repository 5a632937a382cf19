// The pure core of the pixel endpoint: turns the raw body the web pixel (or the
// demo) POSTs into canonical BrowseEventRecords. No I/O, no clock unless given.
//
// Wire format, version 1 (see extensions/pearl-pixel/src/wire.ts, which writes it):
//   { "v": 1, "shop": "store.myshopify.com", "key": "<shop pixel key>",
//     "events": [ { "id", "name", "timestamp", "clientId", "customerId"?, "url"?,
//                   "productId"?, "variantId"?, "collectionId"?, "searchQuery"?,
//                   "cartToken"?, "checkoutToken"?, "value"? } ] }
//
// Whole-batch failures (the request is wrong, retrying it unchanged is pointless):
//   413  body larger than MAX_BODY_BYTES, or more than MAX_EVENTS_PER_BATCH events
//        (both are size limits: the client must split, not fix its data);
//   400  not JSON, not the envelope shape, unknown version, malformed shop or key.
// Per-event failures (counted in `rejected`, the rest of the batch is kept):
//   not an object, unknown event name, missing/overlong/malformed id or token,
//   malformed timestamp or one outside [now - MAX_EVENT_AGE_MS, now + MAX_FUTURE_SKEW_MS],
//   a url that is not http(s) or is overlong, a negative/huge/non-number value,
//   and a repeat of an event id already seen earlier in the same batch.

import { z } from "zod";
import { BROWSE_EVENT_NAMES, type BrowseEventRecord } from "../store/records.ts";

export const PIXEL_WIRE_VERSION = 1;
/** 64 KiB: the browser's keepalive budget, so no legitimate pixel batch is larger. */
export const MAX_BODY_BYTES = 64 * 1024;
/** The pixel sends at most 20 per batch; the demo may send more, up to this. */
export const MAX_EVENTS_PER_BATCH = 100;
/** Event ids, client ids, cart and checkout tokens, numeric ids. */
export const MAX_ID_LENGTH = 256;
export const MAX_URL_LENGTH = 2048;
export const MAX_SEARCH_QUERY_LENGTH = 512;
export const MAX_SHOP_DOMAIN_LENGTH = 255;
export const MAX_KEY_LENGTH = 128;
export const MIN_KEY_LENGTH = 8;
/** Clocks of shoppers' devices drift; an hour ahead is tolerated, more is not. */
export const MAX_FUTURE_SKEW_MS = 60 * 60 * 1000;
/** The pixel re-sends unsent events from session storage; a week covers a stale tab. */
export const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Upper bound on `value` (money): large enough for any order in any currency (IDR, VND). */
export const MAX_VALUE = 1e12;

export type PixelBatchResult =
  | { ok: true; shop: string; key: string; events: BrowseEventRecord[]; rejected: number }
  | { ok: false; status: 400 | 413; error: string };

export interface ParsePixelBatchOptions {
  /** Oldest event accepted; MAX_EVENT_AGE_MS unless a replay of history is configured. */
  maxEventAgeMs?: number;
  /** The reference clock for the timestamp window; defaults to Date.now(). */
  now?: number | Date;
}

// ---------------------------------------------------------------------------
// Field normalisers (exported for the demo and the tests)

const NUMERIC_ID = /^\d{1,20}$/;
const GID = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,20})(?:[?#].*)?$/;
/** Printable ASCII without spaces: event ids, client ids, tokens. */
const TOKEN = /^[\x21-\x7E]+$/;

/**
 * `gid://shopify/Product/123`, `"123"` or `123` -> `"123"`. Anything else -> undefined
 * (malformed); null/undefined/"" -> null (absent).
 */
export function normaliseNumericId(raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined || raw === "") return null;
  if (typeof raw === "number") {
    return Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : undefined;
  }
  if (typeof raw !== "string" || raw.length > MAX_ID_LENGTH) return undefined;
  const s = raw.trim();
  if (NUMERIC_ID.test(s)) return s;
  const m = GID.exec(s);
  return m ? m[1] : undefined;
}

/**
 * A cart token as Shopify's cart webhooks spell it: the gid prefix and the
 * `?key=` secret (present in the cart cookie and cart gids) are dropped.
 */
export function normaliseCartToken(raw: string): string {
  let s = raw.trim();
  if (s.startsWith("gid://shopify/Cart/")) s = s.slice("gid://shopify/Cart/".length);
  const q = s.indexOf("?");
  return q >= 0 ? s.slice(0, q) : s;
}

/** Lone UTF-16 surrogates become U+FFFD; C0/C1 controls and DEL become spaces. */
export function sanitiseText(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, " ");
}

// ---------------------------------------------------------------------------
// Schemas

const Envelope = z.object({
  v: z.literal(PIXEL_WIRE_VERSION),
  shop: z
    .string()
    .max(MAX_SHOP_DOMAIN_LENGTH)
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/)),
  key: z
    .string()
    .min(MIN_KEY_LENGTH)
    .max(MAX_KEY_LENGTH)
    .regex(/^[A-Za-z0-9_-]+$/),
  events: z.array(z.unknown()),
});

const Token = z.string().min(1).max(MAX_ID_LENGTH).regex(TOKEN);

/** Optional fields: absent, null and "" all mean "not known". */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === "" ? null : v), schema.nullish()).transform((v) => v ?? null);
}

const NumericId = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const id = normaliseNumericId(raw);
  if (typeof id !== "string") {
    ctx.issues.push({ code: "custom", message: "not a numeric id or Shopify gid", input: raw });
    return z.NEVER;
  }
  return id;
});

const CartToken = z
  .string()
  .max(MAX_ID_LENGTH)
  .transform((s) => normaliseCartToken(s))
  .pipe(Token);

const Url = z
  .string()
  .max(MAX_URL_LENGTH)
  .transform((s, ctx) => {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      ctx.issues.push({ code: "custom", message: "not a URL", input: s });
      return z.NEVER;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      ctx.issues.push({ code: "custom", message: "not an http(s) URL", input: s });
      return z.NEVER;
    }
    // The serialisation is ASCII (percent-encoded, punycode) and may be longer.
    return url.href;
  })
  .pipe(z.string().max(MAX_URL_LENGTH));

const SearchQuery = z
  .string()
  .max(MAX_SEARCH_QUERY_LENGTH)
  .transform((s) => sanitiseText(s).trim().replace(/ {2,}/g, " "));

const Timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const Value = z.number().min(0).max(MAX_VALUE);

const WireEvent = z.object({
  id: Token,
  name: z.enum(BROWSE_EVENT_NAMES),
  timestamp: Timestamp,
  clientId: Token,
  customerId: optional(NumericId),
  url: optional(Url),
  productId: optional(NumericId),
  variantId: optional(NumericId),
  collectionId: optional(NumericId),
  searchQuery: optional(SearchQuery),
  cartToken: optional(CartToken),
  checkoutToken: optional(Token),
  value: optional(Value),
});

// ---------------------------------------------------------------------------

/** UTF-8 length of a JS string without allocating (lone surrogates count as 3, like TextEncoder's U+FFFD). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function fail(status: 400 | 413, error: string): PixelBatchResult {
  return { ok: false, status, error };
}

export function parsePixelBatch(rawBody: string, options: ParsePixelBatchOptions = {}): PixelBatchResult {
  if (typeof rawBody !== "string") return fail(400, "body must be text");
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap check goes first.
  if (rawBody.length > MAX_BODY_BYTES || utf8ByteLength(rawBody) > MAX_BODY_BYTES) {
    return fail(413, `body larger than ${MAX_BODY_BYTES} bytes`);
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return fail(400, "body is not JSON");
  }

  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    const fields = [...new Set(envelope.error.issues.map((i) => String(i.path[0] ?? "body")))];
    return fail(400, `invalid batch envelope: ${fields.join(", ")}`);
  }
  const { shop, key, events: rawEvents } = envelope.data;
  if (rawEvents.length > MAX_EVENTS_PER_BATCH) {
    return fail(413, `more than ${MAX_EVENTS_PER_BATCH} events in one batch`);
  }

  const now = options.now === undefined ? Date.now() : +options.now;
  const earliest = now - (options.maxEventAgeMs ?? MAX_EVENT_AGE_MS);
  const latest = now + MAX_FUTURE_SKEW_MS;
  const seen = new Set<string>();
  const events: BrowseEventRecord[] = [];
  let rejected = 0;

  for (const raw of rawEvents) {
    const parsed = WireEvent.safeParse(raw);
    if (!parsed.success) {
      rejected++;
      continue;
    }
    const e = parsed.data;
    const at = e.timestamp.getTime();
    if (Number.isNaN(at) || at < earliest || at > latest || seen.has(e.id)) {
      rejected++;
      continue;
    }
    seen.add(e.id);
    events.push({
      eventId: e.id,
      name: e.name,
      clientId: e.clientId,
      customerExternalId: e.customerId,
      occurredAt: e.timestamp,
      url: e.url,
      productExternalId: e.productId,
      variantExternalId: e.variantId,
      collectionId: e.collectionId,
      searchQuery: e.searchQuery === "" ? null : e.searchQuery,
      cartToken: e.cartToken,
      checkoutToken: e.checkoutToken,
      value: e.value,
    });
  }

  return { ok: true, shop, key, events, rejected };
}
