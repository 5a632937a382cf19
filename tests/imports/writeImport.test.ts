import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { anonymousCustomer, fileOrder, type ImportItem } from "../../app/imports/importItems.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
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
});
