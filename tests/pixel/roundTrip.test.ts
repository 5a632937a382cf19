// The pixel and the endpoint agree: what the pixel writes, parsePixelBatch reads.

import { describe, expect, it } from "vitest";
import * as server from "../../app/pixel/pixelBatch.ts";
import * as pixel from "../../extensions/pearl-pixel/src/wire.ts";
import { BROWSE_EVENT_NAMES } from "../../app/store/records.ts";
import { ALL_EVENTS, NOW, SHOP } from "./fixtures.ts";

const KEY = "pk_0123456789abcdef";

describe("pixel -> endpoint", () => {
  it("uses the same event names and version", () => {
    expect([...pixel.PIXEL_EVENT_NAMES]).toEqual([...BROWSE_EVENT_NAMES]);
    expect(pixel.WIRE_VERSION).toBe(server.PIXEL_WIRE_VERSION);
  });

  it("never sends more than the endpoint accepts", () => {
    expect(pixel.MAX_REQUEST_BYTES).toBeLessThanOrEqual(server.MAX_BODY_BYTES);
    expect(pixel.MAX_EVENTS_PER_REQUEST).toBeLessThanOrEqual(server.MAX_EVENTS_PER_BATCH);
    expect(pixel.MAX_ID_LENGTH).toBeLessThanOrEqual(server.MAX_ID_LENGTH);
    expect(pixel.MAX_URL_LENGTH).toBeLessThanOrEqual(server.MAX_URL_LENGTH);
    expect(pixel.MAX_SEARCH_QUERY_LENGTH).toBeLessThanOrEqual(server.MAX_SEARCH_QUERY_LENGTH);
  });

  it("the seven standard events survive the trip with their values", () => {
    const context = { customerId: "7345678901234", cartToken: "c1-7a2e4b6c8d0f?key=s3cr3t" };
    const wire = ALL_EVENTS.map((e) => pixel.toWireEvent(e, context)).filter((e) => e !== null);
    expect(wire).toHaveLength(7);
    const { bodies } = pixel.splitIntoBodies({ shop: SHOP, key: KEY }, wire);
    expect(bodies).toHaveLength(1);

    const result = server.parsePixelBatch(bodies[0].body, { now: NOW });
    if (!result.ok) throw new Error(result.error);
    expect(result.rejected).toBe(0);
    expect(result.shop).toBe(SHOP);
    expect(result.events.map((e) => [e.name, e.productExternalId, e.variantExternalId, e.collectionId, e.searchQuery, e.cartToken, e.checkoutToken, e.value])).toEqual([
      ["page_viewed", null, null, null, null, null, null, null],
      ["product_viewed", "8123456789012", "44521316319543", null, null, null, null, 59],
      ["collection_viewed", null, null, "312345678901", null, null, null, null],
      ["search_submitted", null, null, null, "linen shirt", null, null, null],
      ["product_added_to_cart", "8123456789012", "44521316319543", null, null, "c1-7a2e4b6c8d0f", null, 118],
      ["checkout_started", null, null, null, null, "c1-7a2e4b6c8d0f", "5b2d6e8f0a1c3e5f7a9b1d3f5a7c9e1b", 118],
      ["checkout_completed", null, null, null, null, "c1-7a2e4b6c8d0f", "5b2d6e8f0a1c3e5f7a9b1d3f5a7c9e1b", 122.9],
    ]);
    for (const [i, record] of result.events.entries()) {
      expect(record.eventId).toBe(ALL_EVENTS[i].id);
      expect(record.clientId).toBe(ALL_EVENTS[i].clientId);
      expect(record.customerExternalId).toBe("7345678901234");
      expect(record.occurredAt.toISOString()).toBe(new Date(ALL_EVENTS[i].timestamp).toISOString());
      expect(record.url).toBe(ALL_EVENTS[i].context.document.location.href);
    }
  });

  it("bodies the pixel splits at its caps are all accepted whole", () => {
    const big = Array.from({ length: 45 }, (_, i) =>
      pixel.toWireEvent({
        ...ALL_EVENTS[3],
        id: `sh-search-${i}`,
        data: { searchResult: { query: "日本語のシャツ".repeat(80), productVariants: [] } },
        context: {
          ...ALL_EVENTS[3].context,
          document: {
            ...ALL_EVENTS[3].context.document,
            location: { ...ALL_EVENTS[3].context.document.location, href: `${ALL_EVENTS[3].context.document.location.origin}/search?q=${"%E6%97%A5".repeat(700)}` },
          },
        },
      }),
    ).filter((e) => e !== null);
    const { bodies, dropped } = pixel.splitIntoBodies({ shop: SHOP, key: KEY }, big);
    expect(dropped).toHaveLength(0);
    let total = 0;
    for (const { body } of bodies) {
      const result = server.parsePixelBatch(body, { now: NOW });
      if (!result.ok) throw new Error(`${result.status} ${result.error}`);
      expect(result.rejected).toBe(0);
      total += result.events.length;
    }
    expect(total).toBe(45);
  });
});
