import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlExecutor, SqlValue } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { rowId } from "../../app/imports/rowId.ts";
import { closeStore, databaseTargets, openStore } from "../helpers/testDb.ts";

// Bulk inserts keep the store's foreign keys (on SQLite the writer checks
// them per batch rather than per row): a batch naming a missing parent is
// refused whole, and ordinary writes are checked as before afterwards.
describe.each(databaseTargets())("foreign keys of bulk inserts on %s", (_name, target) => {
  let db: Db;
  let sql: SqlExecutor;
  let shopId: string;
  const now = new Date();
  const orderColumns = ["id", "shopId", "externalId", "currency", "subtotalPrice", "totalPrice", "processedAt", "createdAt", "updatedAt"];
  const lineColumns = ["id", "shopId", "orderId", "title", "quantity", "price"];
  const order = (id: string, externalId: string): SqlValue[] => [id, shopId, externalId, "GBP", "10.00", "10.00", now, now, now];
  const line = (orderId: string, quantity = 1): SqlValue[] => [rowId(), shopId, orderId, "Mug", quantity, "5.00"];

  beforeAll(async () => ({ db, sql, shopId } = await openStore(target)));
  afterAll(() => closeStore({ db, sql }));

  it("stores lines whose order comes in the same batch or was stored before", async () => {
    // GIVEN an order stored earlier and one sent with its lines
    const earlier = rowId();
    await sql.insertRows([{ table: "Order", columns: orderColumns, rows: [order(earlier, "fk-earlier")] }]);
    const fresh = rowId();
    // WHEN 45 lines name the two (two multi-row statements and five single
    // ones; the shop, title and price are one value for all, bound once)
    const counts = await sql.insertRows([
      { table: "Order", columns: orderColumns, rows: [order(fresh, "fk-fresh")] },
      {
        table: "OrderLine",
        columns: lineColumns,
        rows: [...Array.from({ length: 40 }, (_, i) => line(earlier, i + 1)), ...Array.from({ length: 5 }, (_, i) => line(fresh, 100 + i))],
      },
    ]);
    // THEN all are stored, each value in its place
    expect(counts).toEqual([1, 45]);
    const stored = await db.orderLine.groupBy({ by: ["orderId", "shopId", "title"], where: { orderId: { in: [earlier, fresh] } }, _count: true, _sum: { quantity: true } });
    expect(stored.map((g) => ({ ...g })).sort((a, b) => a._count - b._count)).toEqual([
      { orderId: fresh, shopId, title: "Mug", _count: 5, _sum: { quantity: 510 } },
      { orderId: earlier, shopId, title: "Mug", _count: 40, _sum: { quantity: 820 } },
    ]);
  });

  it("refuses a whole batch when one line names no order, and stores none of it", async () => {
    // GIVEN a batch of an order, its 30 lines and one line of an order that does not exist
    const id = rowId();
    const batch = [
      { table: "Order", columns: orderColumns, rows: [order(id, "fk-refused")] },
      { table: "OrderLine", columns: lineColumns, rows: [...Array.from({ length: 30 }, () => line(id)), line("no-such-order")] },
    ];
    // WHEN it is inserted, THEN it fails on the foreign key
    await expect(sql.insertRows(batch)).rejects.toThrow(/foreign key/i);
    // AND nothing of it is stored
    expect(await db.order.count({ where: { id } })).toBe(0);
    expect(await db.orderLine.count({ where: { orderId: { in: [id, "no-such-order"] } } })).toBe(0);
  });

  it("checks foreign keys of ordinary writes after a bulk insert", async () => {
    // GIVEN a bulk insert just committed
    await sql.insertRows([{ table: "OrderLine", columns: lineColumns, rows: [] }, { table: "Order", columns: orderColumns, rows: [order(rowId(), "fk-after")] }]);
    // WHEN a single statement names a missing order, THEN the database refuses it
    const marks = lineColumns.map((_, i) => (sql.provider === "postgresql" ? `$${i + 1}` : "?")).join(",");
    await expect(
      sql.execute(`INSERT INTO "OrderLine" (${lineColumns.map((c) => `"${c}"`).join(",")}) VALUES (${marks})`, line("still-no-such-order")),
    ).rejects.toThrow(/foreign key/i);
  });
});
