import { describe, expect, it } from "vitest";
import type { PixelEventsProductViewed } from "@shopify/web-pixels-extension";
import {
  MAX_EVENTS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  MAX_SEARCH_QUERY_LENGTH,
  MAX_URL_LENGTH,
  normaliseCartToken,
  normaliseId,
  outcomeForStatus,
  splitIntoBodies,
  toWireEvent,
  truncate,
  utf8ByteLength,
  type SupportedPixelEvent,
  type WireBatch,
  type WireEvent,
} from "../../extensions/pearl-pixel/src/wire.ts";
import {
  CHECKOUT_TOKEN,
  CLIENT_ID,
  SHOP,
  checkout,
  checkoutCompleted,
  checkoutStarted,
  collectionViewed,
  linenShirtBlueM,
  pageViewed,
  productAddedToCart,
  productViewed,
  searchSubmitted,
} from "./fixtures.ts";

const CART = "Z2NwLWV1cm9wZS13ZXN0NDowMUpHWlBROUhTN1lWNlNRMFhWUjZSMkNBWg";

describe("toWireEvent: the seven Shopify standard events", () => {
  it("page_viewed carries the page URL and the session customer", () => {
    expect(toWireEvent(pageViewed, { customerId: "7345678901234" })).toEqual({
      id: "sh-88153c5a-8F2D-4CCA-3231-EF5C032A4C3B",
      name: "page_viewed",
      timestamp: "2026-01-01T10:00:00.000Z",
      clientId: CLIENT_ID,
      customerId: "7345678901234",
      url: "https://pearl-test-store.myshopify.com/pages/about-us",
    });
  });

  it("product_viewed carries product, variant and price", () => {
    expect(toWireEvent(productViewed)).toEqual({
      id: "sh-8a1e2c4f-0B3D-4E5F-6A7B-8C9D0E1F2A3B",
      name: "product_viewed",
      timestamp: "2026-01-01T10:00:12.345Z",
      clientId: CLIENT_ID,
      customerId: null,
      url: "https://pearl-test-store.myshopify.com/products/linen-shirt?variant=44521316319543",
      productId: "8123456789012",
      variantId: "44521316319543",
      value: 59,
    });
  });

  it("collection_viewed carries the collection id", () => {
    expect(toWireEvent(collectionViewed)).toEqual({
      id: "sh-1c2d3e4f-5A6B-4C7D-8E9F-0A1B2C3D4E5F",
      name: "collection_viewed",
      timestamp: "2026-01-01T10:00:30.000Z",
      clientId: CLIENT_ID,
      customerId: null,
      url: "https://pearl-test-store.myshopify.com/collections/summer",
      collectionId: "312345678901",
    });
  });

  it("search_submitted carries the query", () => {
    expect(toWireEvent(searchSubmitted)).toEqual({
      id: "sh-2d3e4f5a-6B7C-4D8E-9F0A-1B2C3D4E5F6A",
      name: "search_submitted",
      timestamp: "2026-01-01T10:01:00.000Z",
      clientId: CLIENT_ID,
      customerId: null,
      url: "https://pearl-test-store.myshopify.com/search?q=linen+shirt&options%5Bprefix%5D=last",
      searchQuery: "linen shirt",
    });
  });

  it("product_added_to_cart carries the merchandise, the line total and the cart token", () => {
    expect(toWireEvent(productAddedToCart, { cartToken: `${CART}?key=9f8e7d6c5b4a` })).toEqual({
      id: "sh-3e4f5a6b-7C8D-4E9F-0A1B-2C3D4E5F6A7B",
      name: "product_added_to_cart",
      timestamp: "2026-01-01T10:01:45.500Z",
      clientId: CLIENT_ID,
      customerId: null,
      url: "https://pearl-test-store.myshopify.com/products/linen-shirt?variant=44521316319543",
      productId: "8123456789012",
      variantId: "44521316319543",
      cartToken: CART,
      value: 118,
    });
  });

  it("checkout_started carries the checkout token and total", () => {
    expect(
      toWireEvent(checkoutStarted, { customerId: "gid://shopify/Customer/7345678901234", cartToken: `gid://shopify/Cart/${CART}?key=abc` }),
    ).toEqual({
      id: "sh-4f5a6b7c-8D9E-4F0A-1B2C-3D4E5F6A7B8C",
      name: "checkout_started",
      timestamp: "2026-01-01T10:02:10.000Z",
      clientId: CLIENT_ID,
      customerId: "7345678901234",
      url: "https://pearl-test-store.myshopify.com/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpHWlBROUhT?locale=fr-FR",
      cartToken: CART,
      checkoutToken: CHECKOUT_TOKEN,
      value: 118,
    });
  });

  it("checkout_completed of a guest takes the customer from the order", () => {
    expect(toWireEvent(checkoutCompleted)).toEqual({
      id: "sh-5a6b7c8d-9E0F-4A1B-2C3D-4E5F6A7B8C9D",
      name: "checkout_completed",
      timestamp: "2026-01-01T10:04:58.000Z",
      clientId: CLIENT_ID,
      customerId: "7345678901234",
      url: "https://pearl-test-store.myshopify.com/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpHWlBROUhT/thank-you",
      cartToken: null,
      checkoutToken: CHECKOUT_TOKEN,
      value: 122.9,
    });
  });

  it("checkout_completed prefers the session customer over the order's", () => {
    expect(toWireEvent(checkoutCompleted, { customerId: "111" })?.customerId).toBe("111");
  });
});

describe("toWireEvent: ids and defensive reads", () => {
  it("normalises gid ids to numeric strings", () => {
    const event: PixelEventsProductViewed = {
      ...productViewed,
      data: {
        productVariant: {
          ...linenShirtBlueM,
          id: "gid://shopify/ProductVariant/44521316319543",
          product: { ...linenShirtBlueM.product, id: "gid://shopify/Product/8123456789012" },
        },
      },
    };
    const wire = toWireEvent(event);
    expect([wire?.productId, wire?.variantId]).toEqual(["8123456789012", "44521316319543"]);
  });

  it("maps a null cartLine and a legacy checkout without token or total to nulls", () => {
    const added = toWireEvent({ ...productAddedToCart, data: { cartLine: null } });
    expect([added?.productId, added?.variantId, added?.value, added?.cartToken]).toEqual([null, null, null, null]);
    const started = toWireEvent({ ...checkoutStarted, data: { checkout: checkout({ token: null, totalPrice: null }) } });
    expect([started?.checkoutToken, started?.value]).toEqual([null, null]);
  });

  it("survives payloads missing documented objects entirely", () => {
    const bare = { ...productViewed, data: {} } as unknown as SupportedPixelEvent;
    expect(toWireEvent(bare)).toMatchObject({ productId: null, variantId: null, value: null });
    const noContext = { ...pageViewed, context: undefined } as unknown as SupportedPixelEvent;
    expect(toWireEvent(noContext)?.url).toBeNull();
  });

  it.each([
    ["no id", { id: "" }],
    ["no client id", { clientId: "" }],
    ["an id with spaces", { id: "sh 1" }],
    ["an unparseable timestamp", { timestamp: "yesterday" }],
    ["an event Pearl does not record", { name: "cart_viewed" }],
  ])("drops an event with %s", (_label, patch) => {
    expect(toWireEvent({ ...pageViewed, ...patch } as unknown as SupportedPixelEvent)).toBeNull();
  });

  it("rewrites timestamps with an offset to UTC ISO", () => {
    expect(toWireEvent({ ...pageViewed, timestamp: "2026-01-01T11:00:00+01:00" })?.timestamp).toBe(
      "2026-01-01T10:00:00.000Z",
    );
  });

  it("keeps only http(s) URLs and cuts long ones", () => {
    const at = (href: string) =>
      toWireEvent({
        ...pageViewed,
        context: { ...pageViewed.context, document: { ...pageViewed.context.document, location: { ...pageViewed.context.document.location, href } } },
      })?.url;
    expect(at("about:blank")).toBeNull();
    const long = `${"https://pearl-test-store.myshopify.com/search?q="}${"a".repeat(3000)}`;
    expect(at(long)).toHaveLength(MAX_URL_LENGTH);
  });

  it("cleans search queries: controls to spaces, trimmed, capped, empty to null", () => {
    const q = (query: string) => toWireEvent({ ...searchSubmitted, data: { searchResult: { query, productVariants: [] } } })?.searchQuery;
    expect(q("  linen\n\tshirt\u0000 ")).toBe("linen shirt");
    expect(q("robe d'été 👗")).toBe("robe d'été 👗");
    expect(q("   ")).toBeNull();
    expect(q("x".repeat(600))).toHaveLength(MAX_SEARCH_QUERY_LENGTH);
  });

  it("never sends negative or non-finite amounts", () => {
    const v = (amount: number) =>
      toWireEvent({ ...productViewed, data: { productVariant: { ...linenShirtBlueM, price: { amount, currencyCode: "EUR" } } } })?.value;
    expect([v(0), v(-1), v(Number.NaN), v(Number.POSITIVE_INFINITY)]).toEqual([0, null, null, null]);
  });
});

describe("field helpers", () => {
  it.each([
    ["123", "123"],
    [" 123 ", "123"],
    [123, "123"],
    ["gid://shopify/Product/123", "123"],
    ["gid://shopify/ProductVariant/456?foo=bar", "456"],
    ["gid://shopify/Product/abc", null],
    ["abc", null],
    [-1, null],
    [1.5, null],
    [2 ** 60, null],
    [null, null],
    [undefined, null],
    [{ id: 1 }, null],
  ])("normaliseId(%j) = %j", (raw, expected) => {
    expect(normaliseId(raw)).toBe(expected);
  });

  it.each([
    [`${CART}?key=9f8e7d6c5b4a`, CART],
    [`gid://shopify/Cart/${CART}?key=9f8e7d6c5b4a`, CART],
    [`${CART}%3Fkey%3D9f8e7d6c5b4a`, CART],
    ["c1-7a2e4b6c8d0f1a3c5e7b9d1f3a5c7e9b", "c1-7a2e4b6c8d0f1a3c5e7b9d1f3a5c7e9b"],
    ["", null],
    ["has space", null],
    [null, null],
  ])("normaliseCartToken(%j) = %j", (raw, expected) => {
    expect(normaliseCartToken(raw)).toBe(expected);
  });

  it("truncate does not split a surrogate pair", () => {
    expect(truncate("ab👗", 3)).toBe("ab");
    expect(truncate("ab👗", 4)).toBe("ab👗");
    expect(truncate("abcdef", 3)).toBe("abc");
  });

  it("utf8ByteLength agrees with TextEncoder", () => {
    for (const s of ["", "ascii", "été", "👗", "日本語", "a\uD800b", "\uDC00"]) {
      expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
    }
  });

  it.each([
    [200, "sent"],
    [204, "sent"],
    [400, "drop"],
    [401, "drop"],
    [413, "drop"],
    [408, "retry"],
    [429, "retry"],
    [500, "retry"],
    [503, "retry"],
  ])("status %i -> %s", (status, outcome) => {
    expect(outcomeForStatus(status)).toBe(outcome);
  });
});

function wireEvent(i: number, extra: Partial<WireEvent> = {}): WireEvent {
  return {
    id: `sh-evt-${String(i).padStart(4, "0")}`,
    name: "page_viewed",
    timestamp: "2026-01-01T10:00:00.000Z",
    clientId: CLIENT_ID,
    customerId: null,
    url: `https://pearl-test-store.myshopify.com/pages/${i}`,
    ...extra,
  };
}

describe("splitIntoBodies", () => {
  const envelope = { shop: SHOP, key: "pk_0123456789abcdef" };

  it("splits by event count, in order", () => {
    const events = Array.from({ length: 45 }, (_, i) => wireEvent(i));
    const { bodies, dropped } = splitIntoBodies(envelope, events);
    expect(bodies.map((b) => b.events.length)).toEqual([20, 20, 5]);
    expect(dropped).toEqual([]);
    const batches = bodies.map((b) => JSON.parse(b.body) as WireBatch);
    expect(batches.flatMap((b) => b.events.map((e) => e.id))).toEqual(events.map((e) => e.id));
    expect(batches[0]).toMatchObject({ v: 1, shop: SHOP, key: "pk_0123456789abcdef" });
  });

  it("splits by UTF-8 bytes so every body stays under the keepalive cap", () => {
    // ~2.1 KB per event with a URL at the length cap, ~4 KB with a long multibyte query.
    const events = Array.from({ length: 60 }, (_, i) =>
      wireEvent(i, {
        name: "search_submitted",
        url: `https://pearl-test-store.myshopify.com/search?q=${"x".repeat(MAX_URL_LENGTH - 60)}`,
        searchQuery: "日本語".repeat(170),
      }),
    );
    const { bodies, dropped } = splitIntoBodies(envelope, events);
    expect(dropped).toEqual([]);
    expect(bodies.length).toBeGreaterThan(3); // 60 events / 20 would be 3 bodies; bytes force more
    for (const b of bodies) {
      expect(utf8ByteLength(b.body)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      expect(b.events.length).toBeLessThanOrEqual(MAX_EVENTS_PER_REQUEST);
      expect(new TextEncoder().encode(b.body).length).toBe(utf8ByteLength(b.body));
    }
    // Bodies are packed: adding the next event to any body would break the cap.
    for (let i = 0; i < bodies.length - 1; i++) {
      const next = bodies[i + 1].events[0];
      const grown = JSON.stringify({ v: 1, ...envelope, events: [...bodies[i].events, next] });
      expect(utf8ByteLength(grown) > MAX_REQUEST_BYTES || bodies[i].events.length === MAX_EVENTS_PER_REQUEST).toBe(true);
    }
    expect(bodies.flatMap((b) => b.events)).toEqual(events);
  });

  it("fits bodies exactly up to maxBytes", () => {
    const events = Array.from({ length: 10 }, (_, i) => wireEvent(i));
    const one = utf8ByteLength(JSON.stringify({ v: 1, ...envelope, events: events.slice(0, 3) }));
    const { bodies } = splitIntoBodies(envelope, events, { maxBytes: one, maxEvents: 100 });
    expect(bodies.map((b) => b.events.length)).toEqual([3, 3, 3, 1]);
    expect(utf8ByteLength(bodies[0].body)).toBe(one);
  });

  it("drops an event too large to send even alone", () => {
    const events = [wireEvent(1), wireEvent(2, { url: `https://x.example/${"y".repeat(500)}` }), wireEvent(3)];
    const { bodies, dropped } = splitIntoBodies(envelope, events, { maxBytes: 400 });
    expect(dropped.map((e) => e.id)).toEqual(["sh-evt-0002"]);
    expect(bodies.flatMap((b) => b.events.map((e) => e.id))).toEqual(["sh-evt-0001", "sh-evt-0003"]);
  });

  it("returns nothing for nothing", () => {
    expect(splitIntoBodies(envelope, [])).toEqual({ bodies: [], dropped: [] });
  });
});
