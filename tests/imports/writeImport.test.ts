import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { anonymousCustomer, fileOrder, type ImportItem } from "../../app/imports/importItems.ts";
import { rowId } from "../../app/imports/rowId.ts";
import { RefreshStatements } from "../../app/imports/refreshStatements.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
import { ORDER_LINE_COLUMNS, orderLineValues } from "../../app/store/columns.ts";
import type { OrderRecord } from "../../app/store/records.ts";
import { closeStore, databaseTargets, openStore } from "../helpers/testDb.ts";

// A load looks each batch up while the next is read and sends batches ahead
// of their commit: records that a batch still in flight holds (a customer,
// an order a refund names) must be found in memory, never stored twice.
describe.each(databaseTargets())("writeImport on %s", (_name, target) => {
  let db: Db;
  let sql: SqlExecutor;
  let shopId: string;
  const at = new Date("2011-03-01T10:00:00Z");

  const order = (i: number, buyer: string): OrderRecord =>
    fileOrder({
      externalId: `o${i}`,
      name: `#${1000 + i}`,
      customer: anonymousCustomer(buyer, null, at),
      currency: "GBP",
      total: 10,
      fulfillmentStatus: null,
      processedAt: at,
      lines: [1, 2].map((j) => ({ externalId: `o${i}-${j}`, productExternalId: `p${j}`, variantExternalId: null, sku: null, title: `Item ${j}`, variantTitle: null, vendor: null, quantity: j, price: 5, totalDiscount: 0, giftCard: false, giftWrap: false })),
    });

  // 40 customers; 60 orders, each by a listed customer or by one of five
  // buyers seen only inside orders; a refund of every fifth order, two
  // records after it (often in the next batch).
  const items: ImportItem[] = [
    ...Array.from({ length: 40 }, (_, i): ImportItem => ({ kind: "customer", record: anonymousCustomer(`c${i}`, null, at) })),
    ...Array.from({ length: 60 }, (_, i): ImportItem[] => [
      { kind: "order", record: order(i, i % 3 === 0 ? `guest-${i % 5}` : `c${(i * 7) % 40}`) },
      ...(i >= 2 && (i - 2) % 5 === 0
        ? [{ kind: "refund" as const, record: { externalId: `r${i - 2}`, orderExternalId: `o${i - 2}`, amount: 5, note: null, processedAt: at, lines: [] } }]
        : []),
    ]).flat(),
  ];
  async function* stream(): AsyncGenerator<ImportItem> {
    for (const item of items) yield item;
  }

  beforeAll(async () => ({ db, sql, shopId } = await openStore(target)));
  afterAll(() => closeStore({ db, sql }));

  it("stores each record once when batches of 7 overlap", async () => {
    // WHEN the items go in 7 at a time, with progress recorded per batch
    let batches = 0;
    const totals = await writeImport(sql, shopId, stream(), { batchRecords: 7, onBatch: () => void batches++ });
    // THEN every record is stored once, and every batch reported, the last
    // one even when empty (it carries the final progress)
    expect(batches).toBe(Math.floor(items.length / 7) + 1);
    expect(totals).toMatchObject({ customers: 45, orders: 60, orderLines: 120, refunds: 12, skipped: 0 });
    expect(await db.customer.count({ where: { shopId } })).toBe(45);
    expect(await db.refund.count({ where: { shopId } })).toBe(12);
    // AND each order is linked to its own buyer
    const orders = await db.order.findMany({ where: { shopId }, select: { externalId: true, customer: { select: { externalId: true } }, _count: { select: { lines: true } } } });
    expect(orders).toHaveLength(60);
    for (const o of orders) {
      const i = Number(o.externalId.slice(1));
      expect(o.customer?.externalId).toBe(i % 3 === 0 ? `guest-${i % 5}` : `c${(i * 7) % 40}`);
      expect(o._count.lines).toBe(2);
    }
  });

  it("adds nothing when the same items come again", async () => {
    const totals = await writeImport(sql, shopId, stream(), { batchRecords: 7 });
    expect(totals).toMatchObject({ customers: 0, orders: 0, orderLines: 0, refunds: 0, skipped: items.length });
    expect(await db.order.count({ where: { shopId } })).toBe(60);
  });

  it("updates what is stored in an older version, and leaves what is stored in a newer one", async () => {
    const later = new Date("2011-04-01T10:00:00Z");
    const earlier = new Date("2011-02-01T10:00:00Z");
    const product = (variants: [string, number][], at: Date): ImportItem => ({
      kind: "product",
      record: { externalId: "p-refresh", title: `Mug (${at.toISOString().slice(0, 7)})`, handle: "mug", productType: null, vendor: null, tags: "", status: "active", imageUrl: null, publishedAt: at, sourceCreatedAt: at, sourceUpdatedAt: at,
        variants: variants.map(([externalId, price]) => ({ externalId, title: externalId, sku: null, price, compareAtPrice: null, inventoryQuantity: 3 })) },
    });
    // GIVEN a product stored with variants a and b
    await writeImport(sql, shopId, (async function* () { yield product([["v-a", 4], ["v-b", 5]], at); })());
    const renamed = { ...anonymousCustomer("c1", null, at), firstName: "Renamed", sourceUpdatedAt: later };
    const older = { ...anonymousCustomer("c2", null, at), firstName: "Stale", sourceUpdatedAt: earlier };
    const refunded = { ...order(5, "c1"), financialStatus: "partially_refunded", totalPrice: 12, sourceUpdatedAt: later };
    refunded.lines = [refunded.lines[0], { ...refunded.lines[1], quantity: 7 }, { ...refunded.lines[1], externalId: "o5-3", productExternalId: "p3" }];
    const stale = { ...order(6, "c2"), totalPrice: 99, sourceUpdatedAt: earlier };
    const again: ImportItem[] = [
      { kind: "customer", record: renamed },
      { kind: "customer", record: older },
      product([["v-b", 6], ["v-c", 7]], later),
      ...items.slice(40, 50), // stored as they are
      { kind: "order", record: refunded },
      { kind: "order", record: stale },
      { kind: "order", record: refunded }, // the same new version twice
    ];
    // WHEN they come again, 4 per batch (so the last one is looked up before the first commits)
    const totals = await writeImport(sql, shopId, (async function* () { yield* again; })(), { batchRecords: 4 });
    // THEN the newer versions replace what is stored, under the same rows
    expect(totals).toMatchObject({ customers: 0, products: 0, orders: 0, refunds: 0, updated: 3, orderLines: 3, skipped: 13 });
    const c1 = await db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "c1" } } });
    expect(c1).toMatchObject({ firstName: "Renamed", sourceUpdatedAt: later });
    const o5 = await db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "o5" } }, include: { lines: { orderBy: { externalId: "asc" } }, refunds: true } });
    expect(o5).toMatchObject({ financialStatus: "partially_refunded", customerId: c1.id });
    expect(Number(o5.totalPrice)).toBe(12);
    expect(o5.lines.map((l) => [l.externalId, l.quantity])).toEqual([["o5-1", 1], ["o5-2", 7], ["o5-3", 2]]);
    expect(o5.refunds).toHaveLength(1); // its refund still points at it
    const variants = await db.variant.findMany({ where: { shopId, product: { externalId: "p-refresh" } }, orderBy: { externalId: "asc" } });
    expect(variants.map((v) => [v.externalId, Number(v.price)])).toEqual([["v-b", 6], ["v-c", 7]]);
    expect((await db.product.findFirstOrThrow({ where: { shopId, externalId: "p-refresh" } })).title).toBe("Mug (2011-04)");
    // AND the older versions change nothing
    expect((await db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "c2" } } })).firstName).toBeNull();
    expect(Number((await db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "o6" } } })).totalPrice)).toBe(10);
    expect(await db.order.count({ where: { shopId } })).toBe(60);
    expect(await db.orderLine.count({ where: { shopId } })).toBe(121);
  });

  it("never overwrites a version stored after the load looked the record up (a webhook in between)", async () => {
    // GIVEN order o7 as a webhook stored it, newer than what the load read
    const stored = await db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "o7" } }, include: { lines: true } });
    await db.order.update({ where: { id: stored.id }, data: { sourceUpdatedAt: new Date("2011-05-01T00:00:00Z"), name: "#webhook" } });
    // WHEN the load's update for the version it read runs
    const refresh = new RefreshStatements(sql.provider, new Date());
    const read = { ...order(7, "c1"), name: "#load", sourceUpdatedAt: new Date("2011-04-15T00:00:00Z") };
    const lineRows = read.lines.map((l) => [rowId(), shopId, stored.id, ...orderLineValues(l)]);
    refresh.order(stored.id, [["name", read.name], ["sourceUpdatedAt", read.sourceUpdatedAt]], read.sourceUpdatedAt, lineRows, ["id", "shopId", "orderId", ...ORDER_LINE_COLUMNS]);
    const counts = await sql.transaction(refresh.statements);
    // THEN nothing of it ran: the webhook's version and lines stay
    expect(counts).toEqual([0, 0, 0]);
    const after = await db.order.findUniqueOrThrow({ where: { id: stored.id }, include: { lines: true } });
    expect(after.name).toBe("#webhook");
    expect(after.lines.map((l) => l.id).sort()).toEqual(stored.lines.map((l) => l.id).sort());
  });
});
