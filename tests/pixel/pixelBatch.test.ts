import { describe, expect, it } from "vitest";
import {
  MAX_BODY_BYTES,
  MAX_EVENTS_PER_BATCH,
  MAX_EVENT_AGE_MS,
  MAX_FUTURE_SKEW_MS,
  MAX_SEARCH_QUERY_LENGTH,
  MAX_URL_LENGTH,
  parsePixelBatch,
  sanitiseText,
  utf8ByteLength,
} from "../../app/pixel/pixelBatch.ts";
import type { BrowseEventRecord } from "../../app/store/records.ts";

const NOW = Date.parse("2026-01-01T10:05:00.000Z");
const SHOP = "pearl-test-store.myshopify.com";
const KEY = "pk_0123456789abcdef";

type Json = Record<string, unknown>;

function wireEvent(overrides: Json = {}): Json {
  return {
    id: "sh-8a1e2c4f-0B3D-4E5F-6A7B-8C9D0E1F2A3B",
    name: "product_viewed",
    timestamp: "2026-01-01T10:00:12.345Z",
    clientId: "b3c4a1e2-5f6d-4c8b-9a0e-1d2c3b4a5f60",
    customerId: "7345678901234",
    url: "https://pearl-test-store.myshopify.com/products/linen-shirt?variant=44521316319543",
    productId: "8123456789012",
    variantId: "44521316319543",
    value: 59,
    ...overrides,
  };
}

function body(events: unknown[], envelope: Json = {}): string {
  return JSON.stringify({ v: 1, shop: SHOP, key: KEY, events, ...envelope });
}

function parse(raw: string) {
  return parsePixelBatch(raw, { now: NOW });
}

function accepted(raw: string): { events: BrowseEventRecord[]; rejected: number } {
  const result = parse(raw);
  if (!result.ok) throw new Error(`expected ok, got ${result.status} ${result.error}`);
  return result;
}

describe("parsePixelBatch: accepted batches", () => {
  it("turns a full event into a BrowseEventRecord", () => {
    const result = parse(
      body([
        wireEvent({
          customerId: "gid://shopify/Customer/7345678901234",
          productId: 8123456789012,
          variantId: "gid://shopify/ProductVariant/44521316319543",
          collectionId: null,
          searchQuery: "",
          cartToken: "Z2NwLWV1cm9wZS13ZXN0NDowMUpH?key=9f8e7d6c5b4a",
          checkoutToken: undefined,
        }),
      ]),
    );
    expect(result).toEqual({
      ok: true,
      shop: SHOP,
      key: KEY,
      rejected: 0,
      events: [
        {
          eventId: "sh-8a1e2c4f-0B3D-4E5F-6A7B-8C9D0E1F2A3B",
          name: "product_viewed",
          clientId: "b3c4a1e2-5f6d-4c8b-9a0e-1d2c3b4a5f60",
          customerExternalId: "7345678901234",
          occurredAt: new Date("2026-01-01T10:00:12.345Z"),
          url: "https://pearl-test-store.myshopify.com/products/linen-shirt?variant=44521316319543",
          productExternalId: "8123456789012",
          variantExternalId: "44521316319543",
          collectionId: null,
          searchQuery: null,
          cartToken: "Z2NwLWV1cm9wZS13ZXN0NDowMUpH",
          checkoutToken: null,
          value: 59,
        },
      ],
    });
  });

  it("accepts the minimal event: absent optional fields become null", () => {
    const { events } = accepted(
      body([{ id: "sh-1", name: "page_viewed", timestamp: "2026-01-01T10:00:00Z", clientId: "c-1" }]),
    );
    expect(events[0]).toEqual({
      eventId: "sh-1",
      name: "page_viewed",
      clientId: "c-1",
      customerExternalId: null,
      occurredAt: new Date("2026-01-01T10:00:00.000Z"),
      url: null,
      productExternalId: null,
      variantExternalId: null,
      collectionId: null,
      searchQuery: null,
      cartToken: null,
      checkoutToken: null,
      value: null,
    });
  });

  it.each<[string, Json, Partial<BrowseEventRecord>]>([
    ["an offset timestamp, read as UTC", { timestamp: "2026-01-01T11:00:00+01:00" }, { occurredAt: new Date("2026-01-01T10:00:00Z") }],
    ["a timestamp exactly 1 h ahead", { timestamp: new Date(NOW + MAX_FUTURE_SKEW_MS).toISOString() }, { occurredAt: new Date(NOW + MAX_FUTURE_SKEW_MS) }],
    ["a timestamp exactly 7 days old", { timestamp: new Date(NOW - MAX_EVENT_AGE_MS).toISOString() }, { occurredAt: new Date(NOW - MAX_EVENT_AGE_MS) }],
    ["an emoji and accents in a search", { name: "search_submitted", searchQuery: "robe d'été 👗" }, { searchQuery: "robe d'été 👗" }],
    ["right-to-left text in a search", { name: "search_submitted", searchQuery: "قميص كتان" }, { searchQuery: "قميص كتان" }],
    ["a lone surrogate in a search, made U+FFFD", { name: "search_submitted", searchQuery: "shirt \uD83D" }, { searchQuery: "shirt \uFFFD" }],
    ["NUL, newlines and C1 controls in a search, made spaces", { name: "search_submitted", searchQuery: "lin\u0000en\n\u0085shirt " }, { searchQuery: "lin en shirt" }],
    ["a search of only spaces, made null", { name: "search_submitted", searchQuery: "   " }, { searchQuery: null }],
    ["a search at the length cap", { name: "search_submitted", searchQuery: "q".repeat(MAX_SEARCH_QUERY_LENGTH) }, { searchQuery: "q".repeat(MAX_SEARCH_QUERY_LENGTH) }],
    ["a unicode URL, percent-encoded", { url: "https://pearl-test-store.myshopify.com/collections/été" }, { url: "https://pearl-test-store.myshopify.com/collections/%C3%A9t%C3%A9" }],
    ["an http URL", { url: "http://localhost:3000/products/x" }, { url: "http://localhost:3000/products/x" }],
    ["numeric ids as JSON numbers", { productId: 8123456789012, variantId: 0, customerId: 42 }, { productExternalId: "8123456789012", variantExternalId: "0", customerExternalId: "42" }],
    ["gid ids with a query", { collectionId: "gid://shopify/Collection/312345678901?x=1" }, { collectionId: "312345678901" }],
    ["a cart gid", { cartToken: "gid://shopify/Cart/c1-abc123?key=secret" }, { cartToken: "c1-abc123" }],
    ["a zero value", { value: 0 }, { value: 0 }],
    ["a fractional value", { value: 122.9 }, { value: 122.9 }],
    ["unknown extra fields, ignored", { referrer: "https://google.com", nested: { deep: [1, 2, 3] } }, { productExternalId: "8123456789012" }],
  ])("accepts %s", (_label, overrides, expected) => {
    const { events, rejected } = accepted(body([wireEvent(overrides)]));
    expect(rejected).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject(expected);
  });

  it("accepts every Pearl event name", () => {
    const names = [
      "page_viewed",
      "product_viewed",
      "collection_viewed",
      "search_submitted",
      "product_added_to_cart",
      "checkout_started",
      "checkout_completed",
    ];
    const { events, rejected } = accepted(body(names.map((name, i) => wireEvent({ id: `e-${i}`, name }))));
    expect(rejected).toBe(0);
    expect(events.map((e) => e.name)).toEqual(names);
  });

  it("normalises the shop domain to lower case", () => {
    const result = parse(body([], { shop: " Pearl-Test-Store.MyShopify.com " }));
    expect(result).toEqual({ ok: true, shop: SHOP, key: KEY, events: [], rejected: 0 });
  });

  it("accepts exactly MAX_EVENTS_PER_BATCH events", () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH }, (_, i) =>
      ({ id: `e${i}`, name: "page_viewed", timestamp: "2026-01-01T10:00:00Z", clientId: "c" }),
    );
    expect(accepted(body(events)).events).toHaveLength(MAX_EVENTS_PER_BATCH);
  });

  it("accepts a body of exactly MAX_BODY_BYTES", () => {
    const base = body([wireEvent()], { padding: "" });
    const raw = body([wireEvent()], { padding: "p".repeat(MAX_BODY_BYTES - utf8ByteLength(base)) });
    expect(utf8ByteLength(raw)).toBe(MAX_BODY_BYTES);
    expect(accepted(raw).events).toHaveLength(1);
  });

  it("does not let a __proto__ key reach the record or Object.prototype", () => {
    const raw = body([wireEvent()]).replace('"name"', '"__proto__":{"polluted":true},"name"');
    const { events } = accepted(raw);
    expect(Object.keys(events[0])).not.toContain("__proto__");
    expect(({} as Json).polluted).toBeUndefined();
  });

  it("uses the real clock when none is given", () => {
    const fresh = wireEvent({ timestamp: new Date().toISOString() });
    const result = parsePixelBatch(body([fresh]));
    expect(result.ok && result.events.length).toBe(1);
  });
});

describe("parsePixelBatch: whole-batch failures", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  const tooMany = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({ id: `e${i}` }));

  it.each<[string, string, 400 | 413]>([
    ["a body over 64 KiB", body([wireEvent()], { padding: "p".repeat(MAX_BODY_BYTES) }), 413],
    ["a body over 64 KiB in UTF-8 but not in UTF-16 units", body([wireEvent()], { padding: "é".repeat(MAX_BODY_BYTES / 2) }), 413],
    ["more than MAX_EVENTS_PER_BATCH events (even invalid ones)", body(tooMany), 413],
    ["an empty body", "", 400],
    ["plain text", "hello", 400],
    ["truncated JSON", body([wireEvent()]).slice(0, -5), 400],
    ["JSON with a trailing comma", '{"v":1,"shop":"a.myshopify.com","key":"pk_01234567","events":[],}', 400],
    ["a UTF-8 BOM before the JSON", "\uFEFF" + body([]), 400],
    ["JSON null", "null", 400],
    ["a JSON string", '"batch"', 400],
    ["a JSON array of events", JSON.stringify([wireEvent()]), 400],
    ["deeply nested arrays", deep(30_000), 400],
    ["deeply nested objects", '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000), 400],
    ["no version", JSON.stringify({ shop: SHOP, key: KEY, events: [] }), 400],
    ["version 2", body([], { v: 2 }), 400],
    ["version as a string", body([], { v: "1" }), 400],
    ["no shop", body([], { shop: undefined }), 400],
    ["a shop that is not a myshopify domain", body([], { shop: "evil.example.com" }), 400],
    ["a shop with a path", body([], { shop: "store.myshopify.com/admin" }), 400],
    ["a shop with unicode", body([], { shop: "störe.myshopify.com" }), 400],
    ["a shop as a number", body([], { shop: 42 }), 400],
    ["no key", body([], { key: undefined }), 400],
    ["a short key", body([], { key: "pk" }), 400],
    ["a key with spaces", body([], { key: "pk 0123456789" }), 400],
    ["a key of 129 characters", body([], { key: "k".repeat(129) }), 400],
    ["events as an object", body([], { events: { 0: wireEvent() } }), 400],
    ["no events", JSON.stringify({ v: 1, shop: SHOP, key: KEY }), 400],
  ])("refuses %s", (_label, raw, status) => {
    const result = parse(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(status);
      expect(result.error.length).toBeGreaterThan(0);
    }
  });

  it("says which envelope field is wrong without echoing input", () => {
    const result = parse(body([], { shop: "<script>alert(1)</script>" }));
    expect(result).toEqual({ ok: false, status: 400, error: "invalid batch envelope: shop" });
  });

  it("refuses a body that is not a string", () => {
    expect(parsePixelBatch(undefined as unknown as string)).toMatchObject({ ok: false, status: 400 });
  });
});

describe("parsePixelBatch: per-event rejections", () => {
  const long = (n: number) => "x".repeat(n);

  it.each<[string, unknown]>([
    ["an unknown event name", wireEvent({ name: "cart_viewed" })],
    ["a name in another case", wireEvent({ name: "Page_Viewed" })],
    ["no name", wireEvent({ name: undefined })],
    ["no id", wireEvent({ id: undefined })],
    ["an empty id", wireEvent({ id: "" })],
    ["a numeric id", wireEvent({ id: 12345 })],
    ["an id of 257 characters", wireEvent({ id: long(257) })],
    ["an id with a space", wireEvent({ id: "sh 1" })],
    ["an id with non-ASCII", wireEvent({ id: "sh-é" })],
    ["no client id", wireEvent({ clientId: undefined })],
    ["a null client id", wireEvent({ clientId: null })],
    ["a timestamp in words", wireEvent({ timestamp: "yesterday" })],
    ["a date without time", wireEvent({ timestamp: "2026-01-01" })],
    ["a timestamp without zone", wireEvent({ timestamp: "2026-01-01T10:00:00" })],
    ["an epoch-millisecond timestamp", wireEvent({ timestamp: NOW })],
    ["an impossible date", wireEvent({ timestamp: "2026-02-30T10:00:00Z" })],
    ["a timestamp 1 h 1 ms ahead", wireEvent({ timestamp: new Date(NOW + MAX_FUTURE_SKEW_MS + 1).toISOString() })],
    ["a timestamp 7 days 1 ms old", wireEvent({ timestamp: new Date(NOW - MAX_EVENT_AGE_MS - 1).toISOString() })],
    ["a javascript: URL", wireEvent({ url: "javascript:alert(1)" })],
    ["a data: URL", wireEvent({ url: "data:text/html,<b>x</b>" })],
    ["a relative URL", wireEvent({ url: "/products/linen-shirt" })],
    ["a URL over the cap", wireEvent({ url: `https://a.myshopify.com/${long(MAX_URL_LENGTH)}` })],
    ["a URL that grows over the cap when encoded", wireEvent({ url: `https://a.myshopify.com/${"é".repeat(700)}` })],
    ["a URL as an object", wireEvent({ url: { href: "https://a.myshopify.com/" } })],
    ["a product id that is a word", wireEvent({ productId: "linen-shirt" })],
    ["a product gid with a non-numeric tail", wireEvent({ productId: "gid://shopify/Product/abc" })],
    ["a negative product id", wireEvent({ productId: -1 })],
    ["a fractional variant id", wireEvent({ variantId: 1.5 })],
    ["an unsafe integer id", wireEvent({ variantId: 2 ** 60 })],
    ["a customer id that is an email", wireEvent({ customerId: "ada@example.com" })],
    ["a collection id as an array", wireEvent({ collectionId: ["1"] })],
    ["a search of 513 characters", wireEvent({ searchQuery: long(MAX_SEARCH_QUERY_LENGTH + 1) })],
    ["a search as a number", wireEvent({ searchQuery: 42 })],
    ["a checkout token with a space", wireEvent({ checkoutToken: "abc def" })],
    ["a checkout token of 257 characters", wireEvent({ checkoutToken: long(257) })],
    ["a cart token that is only a key", wireEvent({ cartToken: "?key=abc" })],
    ["a negative value", wireEvent({ value: -0.01 })],
    ["a value over the cap", wireEvent({ value: 1e13 })],
    ["a value as a string", wireEvent({ value: "12.50" })],
    ["a value as a boolean", wireEvent({ value: true })],
    ["an event that is a string", "product_viewed"],
    ["an event that is null", null],
    ["an event that is an array", [wireEvent()]],
    ["an event that is deeply nested", JSON.parse("[".repeat(1000) + "]".repeat(1000))],
  ])("rejects %s, keeps the rest", (_label, bad) => {
    const good = wireEvent({ id: "sh-good" });
    const { events, rejected } = accepted(body([good, bad]));
    expect(rejected).toBe(1);
    expect(events.map((e) => e.eventId)).toEqual(["sh-good"]);
  });

  it("rejects a repeated event id within a batch, keeping the first", () => {
    const { events, rejected } = accepted(
      body([wireEvent({ id: "a", value: 1 }), wireEvent({ id: "b" }), wireEvent({ id: "a", value: 2 })]),
    );
    expect(rejected).toBe(1);
    expect(events.map((e) => [e.eventId, e.value])).toEqual([
      ["a", 1],
      ["b", 59],
    ]);
  });

  it("counts every rejection and still answers ok when none survive", () => {
    expect(parse(body([null, 1, "x", {}]))).toEqual({ ok: true, shop: SHOP, key: KEY, events: [], rejected: 4 });
  });
});

describe("sanitiseText", () => {
  it.each([
    ["plain", "plain"],
    ["👗", "👗"],
    ["\uD83D", "\uFFFD"],
    ["\uDC57x", "\uFFFDx"],
    ["a\u0000b\u001Fc\u007Fd\u009Fe", "a b c d e"],
  ])("%j -> %j", (input, output) => {
    expect(sanitiseText(input)).toBe(output);
  });
});
