import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminGraphqlClient } from "../../app/activation/shopifyAdminGraphql.ts";
import { importShopifyJsonl } from "../../app/backfill/importShopifyJsonl.ts";
import { runBackfill } from "../../app/backfill/runBackfill.ts";
import { BULK_LOAD_INDEXES, deferBulkLoadIndexes } from "../../app/db/bulkLoadIndexes.ts";
import { openSqlExecutor, type SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { shopifyId } from "../../app/demo/ids.ts";
import { bulkJsonl } from "../../app/demo/shopifyBulkExport.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import { drainInbox } from "../../app/ingest/drainInbox.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import type { CustomerRecord, OrderRecord, ProductRecord } from "../../app/store/records.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";
import { databaseTargets, openDb, randomShopDomain, sqliteTarget } from "../helpers/testDb.ts";
import { startFakeShopify, TOKEN } from "./fakeShopifyAdmin.ts";

// The real store's first orders, with the customers and products they name,
// as the three files Shopify's bulk queries would return.
const ORDERS = 400;
const data = { customers: [] as CustomerRecord[], products: [] as ProductRecord[], orders: [] as OrderRecord[] };
let files: Record<string, Buffer>;

beforeAll(async () => {
  for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE) as AsyncIterable<ImportItem>) {
    if (item.kind === "customer") data.customers.push(item.record);
    else if (item.kind === "product") data.products.push(item.record);
    else if (item.kind === "order") data.orders.push(item.record);
    if (data.orders.length === ORDERS) break;
  }
  files = {
    PearlBackfillCustomers: Buffer.from(bulkJsonl({ customers: data.customers })),
    PearlBackfillProducts: Buffer.from(bulkJsonl({ products: data.products })),
    PearlBackfillOrders: Buffer.from(bulkJsonl({ orders: data.orders })),
  };
});

const lineCount = () => data.orders.reduce((n, o) => n + o.lines.length, 0);

async function expectStoreHoldsEverything(db: Db, shopId: string) {
  // GIVEN/THEN each record exactly once, orders linked to their customers, lines to their orders
  expect(await db.customer.count({ where: { shopId } })).toBe(data.customers.length);
  expect(await db.product.count({ where: { shopId } })).toBe(data.products.length);
  expect(await db.variant.count({ where: { shopId } })).toBe(data.products.reduce((n, p) => n + p.variants.length, 0));
  expect(await db.order.count({ where: { shopId } })).toBe(ORDERS);
  expect(await db.orderLine.count({ where: { shopId } })).toBe(lineCount());
  const sample = data.orders[ORDERS - 1];
  const stored = await db.order.findUniqueOrThrow({
    where: { shopId_externalId: { shopId, externalId: String(shopifyId("Order", sample.externalId)) } },
    include: { lines: true, customer: true },
  });
  expect(Number(stored.totalPrice)).toBeCloseTo(sample.totalPrice, 2);
  expect(stored.processedAt.toISOString()).toBe(sample.processedAt.toISOString());
  expect(stored.lines).toHaveLength(sample.lines.length);
  expect(stored.lines.map((l) => l.productExternalId).sort()).toEqual(sample.lines.map((l) => String(shopifyId("Product", l.productExternalId!))).sort());
  expect(stored.customer?.externalId ?? null).toBe(sample.customer ? String(shopifyId("Customer", sample.customer.externalId)) : null);
  expect(stored.customer?.country ?? null).toBe(sample.customer?.address?.country ?? null);
}

describe.each(databaseTargets())("Shopify backfill on %s", (_name, target) => {
  let db: Db;
  let sql: SqlExecutor;
  let fake: Awaited<ReturnType<typeof startFakeShopify>> | null = null;

  beforeAll(() => {
    db = openDb(target);
    sql = openSqlExecutor(target);
  });
  afterAll(async () => {
    await fake?.close();
    await sql.close();
    await db.$disconnect();
  });

  const client = (endpoint: string, token = TOKEN) => new AdminGraphqlClient({ endpoint, accessToken: token }, (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))));

  it("starts the three bulk queries, polls until they complete, and streams the results into the store", async () => {
    fake = await startFakeShopify({ files, completeAfterPolls: 2, throttleFirstMutation: true });
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const seen = new Set<string>();
    // WHEN
    const outcomes = await runBackfill({ db, sql, shopId: shop.id, admin: client(fake.endpoint), pollIntervalMs: 20, onProgress: (p) => seen.add(`${p.resource}:${p.phase}`) });
    // THEN
    expect(fake.log.violations).toEqual([]);
    expect(fake.log.throttled).toBe(1);
    expect(fake.log.mutations).toBe(3);
    expect(outcomes.map((o) => o.resource)).toEqual(["customers", "products", "orders"]);
    expect(outcomes.map((o) => o.result?.orders)).toEqual([0, 0, ORDERS]);
    await expectStoreHoldsEverything(db, shop.id);
    const jobs = await db.backfillJob.findMany({ where: { shopId: shop.id } });
    expect(jobs.map((j) => j.status)).toEqual(["applied", "applied", "applied"]);
    for (const job of jobs) {
      expect(Number(job.bytesApplied)).toBe(Number(job.fileSize));
      expect(job.operationStatus).toBe("COMPLETED");
    }
    expect(seen).toContain("orders:waiting");
    expect(seen).toContain("orders:applying");
    await fake.close();
    fake = null;
  });

  it("acts on the bulk_operations/finish webhook drained from the inbox, without waiting for a poll", async () => {
    fake = await startFakeShopify({ files });
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const run = runBackfill({ db, sql, shopId: shop.id, admin: client(fake.endpoint), resources: ["customers"], pollIntervalMs: 3_600_000, checkIntervalMs: 20 });
    // GIVEN the operation runs at Shopify; WHEN it finishes and Shopify says so by webhook
    await expect.poll(() => fake!.log.polls).toBe(1);
    const [op] = fake.operations.values();
    fake.complete("PearlBackfillCustomers");
    await db.webhookInbox.create({
      data: {
        webhookId: `bulk-${op.id}`,
        shopDomain: shop.domain,
        topic: "bulk_operations/finish",
        payload: JSON.stringify({ admin_graphql_api_id: op.id, completed_at: new Date().toISOString(), created_at: new Date().toISOString(), error_code: null, status: "completed", type: "query" }),
      },
    });
    expect((await drainInbox(db, { webhookIds: [`bulk-${op.id}`] })).processed).toBe(1);
    // THEN the runner asks for the file once (its first poll came at the start) and applies it
    const [outcome] = await run;
    expect(outcome.result?.customers).toBe(data.customers.length);
    expect(fake.log.polls).toBe(2);
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(data.customers.length);
    await fake.close();
    fake = null;
  });

  it("resumes a download cut in the middle at the byte it had reached, and stores nothing twice", async () => {
    fake = await startFakeShopify({ files, completeAfterPolls: 1, cutFirstDownloadAt: { PearlBackfillOrders: 0.6 } });
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const options = { db, sql, shopId: shop.id, admin: client(fake.endpoint), pollIntervalMs: 10, batchRecords: 50 };
    // WHEN the orders' download drops at 60 %
    await expect(runBackfill(options)).rejects.toThrow();
    const cut = await db.backfillJob.findFirstOrThrow({ where: { shopId: shop.id, resource: "orders" } });
    expect(cut.status).toBe("applying");
    const applied = Number(cut.bytesApplied);
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(files.PearlBackfillOrders.length * 0.6);
    // the committed progress is a line boundary, and the orders before it are stored
    expect(files.PearlBackfillOrders[applied - 1]).toBe(0x0a);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(cut.recordsApplied);
    // THEN a second run continues the same operation from there
    const outcomes = await runBackfill(options);
    expect(fake.log.mutations).toBe(3);
    expect(fake.log.downloads.filter((d) => d.resource === "PearlBackfillOrders")).toEqual([
      { resource: "PearlBackfillOrders", range: null, status: 200 },
      { resource: "PearlBackfillOrders", range: `bytes=${applied}-`, status: 206 },
    ]);
    expect(outcomes.find((o) => o.resource === "orders")?.result?.resumedAt).toBe(applied);
    await expectStoreHoldsEverything(db, shop.id);
    await fake.close();
    fake = null;
  });

  it("asks Shopify for a fresh result URL when the stored one has expired", async () => {
    fake = await startFakeShopify({ files, completeAfterPolls: 1, cutFirstDownloadAt: { PearlBackfillOrders: 0.5 } });
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const options = { db, sql, shopId: shop.id, admin: client(fake.endpoint), pollIntervalMs: 10, batchRecords: 50, resources: ["orders"] as const };
    await expect(runBackfill(options)).rejects.toThrow();
    const applied = Number((await db.backfillJob.findFirstOrThrow({ where: { shopId: shop.id } })).bytesApplied);
    // GIVEN the signed URL expires before the resume
    fake.expireUrls();
    await runBackfill(options);
    expect(fake.log.downloads.map((d) => [d.range, d.status])).toEqual([[null, 200], [`bytes=${applied}-`, 403], [`bytes=${applied}-`, 206]]);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(ORDERS);
    expect(await db.orderLine.count({ where: { shopId: shop.id } })).toBe(lineCount());
    await fake.close();
    fake = null;
  });

  it("names a wrong access token instead of hanging", async () => {
    fake = await startFakeShopify({ files });
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    await expect(runBackfill({ db, sql, shopId: shop.id, admin: client(fake.endpoint, "shpat_wrong") })).rejects.toThrow(/401/);
    await fake.close();
    fake = null;
  });

  it("pearl import --format shopify-jsonl: one file with all three, re-importing adds nothing", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-jsonl-")), "export.jsonl");
    writeFileSync(file, Buffer.concat([files.PearlBackfillCustomers, files.PearlBackfillProducts, files.PearlBackfillOrders]));
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const first = await importShopifyJsonl(db, sql, shop.id, file);
    expect(first).toMatchObject({ customers: data.customers.length, products: data.products.length, orders: ORDERS, orderLines: lineCount(), invalid: 0, orphans: 0 });
    await expectStoreHoldsEverything(db, shop.id);
    const again = await importShopifyJsonl(db, sql, shop.id, file);
    expect(again).toMatchObject({ customers: 0, products: 0, orders: 0, updated: 0, skipped: data.customers.length + data.products.length + ORDERS });
  });

  it("a backfill run again brings what changed since up to date, and only that", async () => {
    // GIVEN a shop loaded from the three files
    const file = (parts: Buffer[]) => {
      const f = path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-jsonl-")), "export.jsonl");
      writeFileSync(f, Buffer.concat(parts));
      return f;
    };
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    await importShopifyJsonl(db, sql, shop.id, file([files.PearlBackfillCustomers, files.PearlBackfillProducts, files.PearlBackfillOrders]));
    // WHEN the export comes again with one order refunded and one product repriced since (later updatedAt)
    const later = new Date("2012-01-01T00:00:00Z");
    const [first, ...rest] = data.orders;
    const changedOrder = { ...first, financialStatus: "refunded", sourceUpdatedAt: later, lines: first.lines.slice(1) };
    const [product, ...others] = data.products;
    const changedProduct = { ...product, sourceUpdatedAt: later, variants: product.variants.map((v) => ({ ...v, price: v.price + 1 })) };
    const result = await importShopifyJsonl(db, sql, shop.id, file([Buffer.from(bulkJsonl({ products: [changedProduct, ...others] })), Buffer.from(bulkJsonl({ orders: [changedOrder, ...rest] }))]));
    // THEN those two are updated in place and the rest skipped
    expect(result).toMatchObject({ orders: 0, products: 0, updated: 2, skipped: data.products.length + ORDERS - 2 });
    const order = await db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: String(shopifyId("Order", first.externalId)) } }, include: { lines: true } });
    expect(order.financialStatus).toBe("refunded");
    expect(order.lines).toHaveLength(first.lines.length - 1);
    const variants = await db.variant.findMany({ where: { shopId: shop.id, product: { externalId: String(shopifyId("Product", product.externalId)) } } });
    expect(variants.map((v) => Number(v.price)).sort()).toEqual(product.variants.map((v) => v.price + 1).sort());
    expect(await db.orderLine.count({ where: { shopId: shop.id } })).toBe(lineCount() - 1);
  });

  it.runIf(target.provider === "sqlite")("a large load builds its random-order indexes once at the end, and a killed one's are rebuilt by the next", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-jsonl-")), "export.jsonl");
    writeFileSync(file, Buffer.concat([files.PearlBackfillCustomers, files.PearlBackfillProducts, files.PearlBackfillOrders]));
    const deferred = BULK_LOAD_INDEXES.map((i) => i.name);
    const present = async () => (await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'index'`)).map((r) => r.name).filter((n) => deferred.includes(n as never)).sort();
    const all = [...deferred].sort();

    // GIVEN a file over the threshold WHEN it loads THEN the indexes are gone while rows go in, and back after
    const seen: Promise<string[]>[] = [];
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const phases: string[] = [];
    const result = await importShopifyJsonl(db, sql, shop.id, file, {
      deferIndexesAtBytes: 1,
      onProgress: (p) => {
        phases.push(p.indexing ? "indexing" : "rows");
        if (!p.indexing && seen.length === 0) seen.push(present());
      },
    });
    expect(result.orders).toBe(ORDERS);
    expect(await seen[0]).toEqual([]);
    expect(phases.at(-1)).toBe("indexing");
    expect(await present()).toEqual(all);
    await expectStoreHoldsEverything(db, shop.id);

    // GIVEN a load killed while its indexes were dropped WHEN a small load runs THEN it rebuilds them first
    await deferBulkLoadIndexes(sql);
    expect(await present()).toEqual([]);
    const other = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    await importShopifyJsonl(db, sql, other.id, file);
    expect(await present()).toEqual(all);
  });
});

describe("bulk-load indexes", () => {
  it("are the migrated schema's own, statement for statement", async () => {
    const db = openDb(sqliteTarget());
    const rows = await db.$queryRawUnsafe<{ name: string; sql: string }[]>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`);
    const schema = new Map(rows.map((r) => [r.name, r.sql]));
    for (const index of BULK_LOAD_INDEXES) expect(schema.get(index.name)).toBe(index.create);
    await db.$disconnect();
  });
});
