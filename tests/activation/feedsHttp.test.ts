import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSegmentFeeds } from "../../app/activation/segmentFeeds.ts";
import { feedPath, feedSignature } from "../../app/activation/feedUrl.ts";
import { startTestApp, type TestApp } from "../helpers/appServer.ts";
import { defaultTarget } from "../helpers/testDb.ts";
import { realShop, type RealShop } from "./realShop.ts";

let shop: RealShop;
let app: TestApp;

beforeAll(async () => {
  // GIVEN the built app serving a store made of the real online-retail orders
  const target = defaultTarget();
  shop = await realShop({ target });
  app = await startTestApp(target);
});

afterAll(async () => {
  await app?.close();
  await shop?.close();
});

const get = (path: string) => fetch(`${app.url}${path}`);

describe("segment feeds at signed URLs", () => {
  it("serves JSON for Klaviyo web feeds: the segment's products, well under 3 MB", async () => {
    const segment = shop.segments[0];
    const res = await get(feedPath(shop.shop, segment.id, "json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBeLessThan(3 * 1024 * 1024);
    const doc = JSON.parse(text);
    const expected = await storedSegmentFeeds(shop.db)(shop.shop.id, segment.id, shop.runId);
    // the recommender's stored feed, not a stand-in
    expect(await shop.db.segmentFeedItem.count({ where: { runId: shop.runId, segmentId: segment.id } })).toBe(expected.length);
    expect(doc.segment).toEqual({ id: segment.id, name: segment.name });
    expect(doc.items.map((i: { title: string }) => i.title)).toEqual(expected.map((f) => f.title));
    const first = doc.items[0];
    expect(first.price_formatted).toBe(new Intl.NumberFormat("en", { style: "currency", currency: "GBP" }).format(expected[0].price));
    const link = new URL(first.url);
    expect(link.host).toBe(shop.shop.domain);
    expect(link.searchParams.get("utm_medium")).toBe("feed");
    expect(link.searchParams.get("utm_content")).toBe(segment.id);
  });

  it("serves RSS 2.0 for Mailchimp's FEEDBLOCK, one item per product", async () => {
    const segment = shop.segments[1];
    const res = await get(feedPath(shop.shop, segment.id, "rss"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
    const rss = await res.text();
    const expected = await storedSegmentFeeds(shop.db)(shop.shop.id, segment.id, shop.runId);
    const titles = [...rss.matchAll(/<item>\s*<title>([^<]*)<\/title>/g)].map((m) => m[1].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
    expect(titles).toEqual(expected.map((f) => f.title));
    expect(rss).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    expect(rss.match(/<link>https:\/\/[^<]+utm_medium=feed[^<]*<\/link>/g)).toHaveLength(expected.length);
  });

  it("serves an HTML snippet of cards", async () => {
    const segment = shop.segments[0];
    const res = await get(feedPath(shop.shop, segment.id, "html"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<table role="presentation" class="pearl-feed"/);
    const expected = await storedSegmentFeeds(shop.db)(shop.shop.id, segment.id, shop.runId);
    expect(html.match(/<td style="width:50%;padding:8px/g)).toHaveLength(expected.length);
  });

  it.each([
    ["no signature", (seg: string) => `/feeds/${shop.shop.domain}/${seg}/json`],
    ["another segment's signature", (seg: string) => `/feeds/${shop.shop.domain}/${seg}/json?sig=${feedSignature(shop.shop.urlSecret, shop.shop.domain, shop.segments[1].id)}`],
    ["a signature under another secret", (seg: string) => `/feeds/${shop.shop.domain}/${seg}/rss?sig=${feedSignature("not-the-secret", shop.shop.domain, seg)}`],
    ["an unknown shop", (seg: string) => `/feeds/nowhere.myshopify.com/${seg}/html?sig=${feedSignature(shop.shop.urlSecret, "nowhere.myshopify.com", seg)}`],
  ])("refuses %s with 403", async (_, path) => {
    const res = await get(path(shop.segments[0].id));
    expect(res.status).toBe(403);
  });

  it("answers 404 for a correctly signed segment the latest analysis does not have", async () => {
    const res = await get(feedPath(shop.shop, "seg_gone", "json"));
    expect(res.status).toBe(404);
  });
});
