/**
 * The recommendations phase of `pearl analyze`, its rows, the feedStore
 * loaders and `pearl recommend` / `pearl feed`, on the first 2,500 orders of
 * the real online-retail store, on SQLite and PostgreSQL.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { openSqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
import { loadCustomerTopK, loadSegmentFeed } from "../../app/recommend/feedStore.ts";
import { STORE_FEED_ID } from "../../app/recommend/storeRecommendations.ts";
import { installShop } from "../../app/store/installShop.ts";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";

const run = promisify(execFile);

async function pearl(target: DatabaseTarget, ...args: string[]) {
  const { stdout } = await run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: target.url }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function* firstOrders(limit: number): AsyncIterable<ImportItem> {
  let orders = 0;
  for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
    if (item.kind === "order" && ++orders > limit) return;
    yield item;
  }
}

describe.each(databaseTargets())("recommendations of pearl analyze on %s", (_name, target) => {
  const domain = randomShopDomain();
  const db = openDb(target);
  let shopId = "";
  let runId = "";
  let draftProductId = "";
  let stats: Record<string, number> = {};

  beforeAll(async () => {
    const sql = openSqlExecutor(target);
    const shop = await installShop(db, { domain, platform: "shopify", name: "UK gift shop", currency: "GBP", timezone: "Europe/London" });
    shopId = shop.id;
    await writeImport(sql, shop.id, firstOrders(2500));
    await sql.close();
    // GIVEN the shop's best-selling product taken off sale (draft) ...
    const top = await db.orderLine.groupBy({ by: ["productExternalId"], where: { shopId, productExternalId: { not: null } }, _count: { _all: true }, orderBy: { _count: { productExternalId: "desc" } }, take: 1 });
    const draft = await db.product.update({ where: { shopId_externalId: { shopId, externalId: top[0].productExternalId! } }, data: { status: "draft" } });
    draftProductId = draft.id;
    // ... and a visitor who has bought nothing but viewed a lamp
    const sold = await db.orderLine.findFirstOrThrow({
      where: { shopId, title: { contains: "LAMP" }, productExternalId: { not: null }, order: { customer: { externalId: { not: "anonymous" } }, processedAt: { lt: new Date("2011-01-31T00:00:00Z") } } },
      orderBy: { id: "asc" },
      select: { productExternalId: true },
    });
    const lamp = await db.product.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: sold.productExternalId! } } });
    const visitor = await db.customer.create({ data: { shopId, externalId: "visitor-1" } });
    await db.browseEvent.create({
      data: { shopId, eventId: "ev-1", name: "product_viewed", clientId: "client-1", customerId: visitor.id, customerExternalId: "visitor-1", occurredAt: new Date("2011-01-20T10:00:00Z"), productExternalId: lamp.externalId },
    });
    // WHEN the shop is analysed
    const analyzed = JSON.parse(await pearl(target, "analyze", "--shop", domain, "--as-of", "2011-01-31", "--json"));
    runId = analyzed.runId;
    stats = analyzed.stats.recommendations;
  }, 240_000);

  afterAll(async () => {
    await db.shop.deleteMany({ where: { domain } });
    await db.$disconnect();
  });

  it("stores a feed per segment and a top-10 for every customer", async () => {
    expect(stats.customers).toBeGreaterThan(500);
    const customers = await db.customer.count({ where: { shopId, externalId: { not: "anonymous" } } });
    expect(stats.customers).toBe(customers);
    const perCustomer = await db.customerRecommendation.groupBy({ by: ["customerId"], where: { runId }, _count: { _all: true } });
    expect(perCustomer).toHaveLength(customers);
    for (const c of perCustomer) expect(c._count._all).toBe(10);
    const segments = await db.segmentSnapshot.findMany({ where: { runId }, select: { segmentId: true } });
    const feeds = await db.segmentFeedItem.groupBy({ by: ["segmentId"], where: { runId }, _count: { _all: true } });
    expect(new Set(feeds.map((f) => f.segmentId))).toEqual(new Set([...segments.map((s) => s.segmentId), STORE_FEED_ID]));
    // nothing that is off sale
    expect(await db.customerRecommendation.count({ where: { runId, productId: draftProductId } })).toBe(0);
    expect(await db.segmentFeedItem.count({ where: { runId, productId: draftProductId } })).toBe(0);
  });

  it("pearl recommend prints a customer's ten products with prices and reasons", async () => {
    const buyer = await db.order.findFirstOrThrow({ where: { shopId, customer: { externalId: { not: "anonymous" } } }, select: { customer: { select: { externalId: true } } }, orderBy: { processedAt: "asc" } });
    const id = buyer.customer!.externalId;
    const out = JSON.parse(await pearl(target, "recommend", "--shop", domain, "--customer", id, "--json"));
    expect(out).toMatchObject({ shop: domain, customer: id, runId });
    expect(out.items).toHaveLength(10);
    for (const item of out.items) {
      expect(item).toMatchObject({ currency: "GBP", productId: expect.any(String), externalId: expect.any(String), title: expect.any(String) });
      expect(item.price).toBeGreaterThan(0);
      expect(item.reason.length).toBeGreaterThan(5);
    }
    const scores = out.items.map((i: { score: number }) => i.score);
    expect(new Set(out.items.map((i: { productId: string }) => i.productId)).size).toBe(10);
    expect(scores[0]).toBeGreaterThanOrEqual(scores[9]);
    expect(await loadCustomerTopK(db, shopId, id)).toEqual(out.items);
  });

  it("starts a visitor who only browsed from what it viewed", async () => {
    const items = await loadCustomerTopK(db, shopId, "visitor-1");
    expect(items.length).toBeGreaterThan(0);
    expect(items[0].reason).toMatch(/browsed/);
  });

  it("pearl feed prints a segment's feed, and the store's trending one", async () => {
    const segment = await db.segmentSnapshot.findFirstOrThrow({ where: { runId, segment: { level: "micro" } }, select: { segmentId: true } });
    const feed = JSON.parse(await pearl(target, "feed", "--shop", domain, "--segment", segment.segmentId, "--format", "json"));
    expect(feed).toMatchObject({ shop: { domain, currency: "GBP" }, segment: { id: segment.segmentId }, runId });
    expect(feed.items.length).toBeGreaterThanOrEqual(10);
    expect(feed.items).toEqual(await loadSegmentFeed(db, shopId, segment.segmentId));
    expect(feed.items.every((i: { reason: string }) => /segment/.test(i.reason))).toBe(true);
    const store = JSON.parse(await pearl(target, "feed", "--shop", domain, "--segment", STORE_FEED_ID, "--format", "json"));
    expect(store.items[0].reason).toBe("trending in the store");
  });

  it("names the problem for an unknown customer or segment", async () => {
    await expect(pearl(target, "recommend", "--shop", domain, "--customer", "nobody")).rejects.toMatchObject({ stderr: expect.stringMatching(/No customer nobody/) });
    await expect(pearl(target, "feed", "--shop", domain, "--segment", "seg_nope", "--format", "json")).rejects.toMatchObject({ stderr: expect.stringMatching(/No segment seg_nope/) });
  });
});
