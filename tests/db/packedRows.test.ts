import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrayRows, SerializedRows } from "../../app/db/packedRows.ts";
import type { SqlExecutor, SqlValue } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { rowId } from "../../app/imports/rowId.ts";
import { closeStore, databaseTargets, openStore } from "../helpers/testDb.ts";

// Rows packed group by group as a load reads them (an order's lines) land
// like any others: each value in its place, the fixed ones in every row,
// dropped groups left out, and their foreign keys checked.
describe.each(databaseTargets())("packed rows on %s", (_name, target) => {
  let db: Db;
  let sql: SqlExecutor;
  let shopId: string;
  const now = new Date();
  const orderColumns = ["id", "shopId", "externalId", "currency", "subtotalPrice", "totalPrice", "processedAt", "createdAt", "updatedAt"];
  const lineColumns = ["id", "shopId", "orderId", "externalId", "title", "quantity", "price", "giftCard"];
  const order = (id: string, externalId: string): SqlValue[] => [id, shopId, externalId, "GBP", "10.00", "10.00", now, now, now];
  /** A line's values without the shop (fixed). */
  const line = (orderId: string, externalId: string, title = "Mug", quantity = 1, giftCard = false): SqlValue[] => [rowId(), orderId, externalId, title, quantity, 4.5, giftCard];
  const packLines = () => sql.packRows({ table: "OrderLine", columns: lineColumns, fixed: { shopId } });

  beforeAll(async () => ({ db, sql, shopId } = await openStore(target)));
  afterAll(() => closeStore({ db, sql }));

  it("stores each group's rows with the fixed values and leaves dropped groups out", async () => {
    // GIVEN two orders and four groups of lines: 25 for the first (past one
    // 20-row statement), 2 that are dropped, none, and 3 for the second of
    // which one differs in title, quantity and gift card
    const [a, b] = [rowId(), rowId()];
    const lines = packLines();
    expect(lines.add(Array.from({ length: 25 }, (_, i) => line(a, `pa-${i}`)).flat())).toBe(0);
    const dropped = lines.add([...line(a, "pa-dropped-1"), ...line(b, "pa-dropped-2")]);
    lines.add([]);
    lines.add([...line(b, "pb-0"), ...line(b, "pb-1", "Gift box", 3, true), ...line(b, "pb-2")]);
    lines.drop(dropped);
    lines.drop(dropped); // once is enough
    expect(lines.rowCount).toBe(28);
    // WHEN they are inserted after their orders, in one transaction
    const counts = await sql.insertRows([{ table: "Order", columns: orderColumns, rows: [order(a, "pa"), order(b, "pb")] }, lines]);
    // THEN every row kept is stored, each value in its place
    expect(counts).toEqual([2, 28]);
    const stored = await db.orderLine.findMany({ where: { orderId: { in: [a, b] } }, orderBy: { externalId: "asc" } });
    expect(stored).toHaveLength(28);
    expect(stored.every((l) => l.shopId === shopId)).toBe(true);
    expect(stored.filter((l) => l.orderId === a)).toHaveLength(25);
    const gift = stored.find((l) => l.externalId === "pb-1")!;
    expect({ orderId: gift.orderId, title: gift.title, quantity: gift.quantity, price: Number(gift.price), giftCard: gift.giftCard }).toEqual({ orderId: b, title: "Gift box", quantity: 3, price: 4.5, giftCard: true });
    const plain = stored.find((l) => l.externalId === "pb-2")!;
    expect({ title: plain.title, quantity: plain.quantity, giftCard: plain.giftCard }).toEqual({ title: "Mug", quantity: 1, giftCard: false });
    expect(stored.some((l) => l.externalId?.includes("dropped"))).toBe(false);
  });

  it("refuses the whole batch when a packed line names no order", async () => {
    // GIVEN an order with 21 lines, and a group of one line whose order does not exist
    const id = rowId();
    const lines = packLines();
    lines.add(Array.from({ length: 21 }, (_, i) => line(id, `refused-${i}`)).flat());
    lines.add(line("no-such-order", "refused-orphan"));
    // WHEN the batch is inserted THEN it fails, and nothing of it is stored
    await expect(sql.insertRows([{ table: "Order", columns: orderColumns, rows: [order(id, "refused")] }, lines])).rejects.toThrow(/foreign key/i);
    expect(await db.order.count({ where: { id } })).toBe(0);
    expect(await db.orderLine.count({ where: { externalId: { startsWith: "refused-" } } })).toBe(0);
  });

  it("gives a group back as added, once, and leaves it out of the insert", async () => {
    // GIVEN three groups, the middle one with a date, a boolean and a fraction
    const [a, b] = [rowId(), rowId()];
    const lines = packLines();
    lines.add(line(a, "pt-0"));
    const taken = lines.add([...line(a, "pt-1", "Gift box", 2, true), ...line(a, "pt-2", "Card \"é\"", 1)]);
    lines.add(line(a, "pt-3"));
    // WHEN it is taken back and its rows written under another order, in the statements after the insert
    const values = lines.take(taken);
    expect(lines.rowCount).toBe(2);
    expect(() => lines.take(taken)).toThrow(/was dropped/);
    const moved = [values.slice(0, 7), values.slice(7)].map(([id, , ...rest]) => [id, shopId, b, ...rest]);
    const after = moved.map((row) => ({ sql: `INSERT INTO "OrderLine" (${lineColumns.map((c) => `"${c}"`).join(",")}) VALUES (${row.map((_, i) => (sql.provider === "sqlite" ? "?" : `$${i + 1}`)).join(",")})`, params: row }));
    await sql.insertRows([{ table: "Order", columns: orderColumns, rows: [order(a, "pt-a"), order(b, "pt-b")] }, lines], after);
    // THEN the values came back as they went in (as the driver takes them)
    const stored = await db.orderLine.findMany({ where: { orderId: { in: [a, b] } }, orderBy: { externalId: "asc" } });
    expect(stored.map((l) => [l.externalId, l.orderId === b ? "b" : "a", l.title, l.quantity, Number(l.price), l.giftCard])).toEqual([
      ["pt-0", "a", "Mug", 1, 4.5, false],
      ["pt-1", "b", "Gift box", 2, 4.5, true],
      ["pt-2", "b", "Card \"é\"", 1, 4.5, false],
      ["pt-3", "a", "Mug", 1, 4.5, false],
    ]);
  });

  it("runs a statement that depends on another only if that one changed rows", async () => {
    const id = rowId();
    await sql.insertRows([{ table: "Order", columns: orderColumns, rows: [order(id, "dep")] }]);
    const [value, row] = sql.provider === "sqlite" ? ["?", "?"] : ["$1", "$2"];
    const set = (column: string, to: string, where: string, onlyIfChanged?: number) =>
      ({ sql: `UPDATE "Order" SET "${column}" = ${value} WHERE "id" = ${row} AND ${where}`, params: [to, id], onlyIfChanged });
    // GIVEN an order without a name WHEN a rename that cannot match, and one that does, each with a dependent note
    const counts = await sql.transaction([
      set("name", "never", `"name" = 'x'`), set("note", "after never", "1 = 1", 0),
      set("name", "y", `"name" IS NULL`), set("note", "after y", "1 = 1", 2),
    ]);
    // THEN only the dependent of the rename that took ran (a skipped one counts 0)
    expect(counts).toEqual([0, 0, 1, 1]);
    expect(await db.order.findUniqueOrThrow({ where: { id }, select: { name: true, note: true } })).toEqual({ name: "y", note: "after y" });
    // AND in the statements after an insert, the same
    await sql.insertRows([], [set("name", "z", `"name" = 'x'`), set("note", "skipped", "1 = 1", 0)]);
    expect((await db.order.findUniqueOrThrow({ where: { id } })).note).toBe("after y");
    // AND a statement that depends on one not before it is refused, with nothing of its transaction kept
    await expect(sql.transaction([set("note", "a", "1 = 1", 0)])).rejects.toThrow(/depends on statement 0, which does not run before it/);
    await expect(sql.transaction([set("name", "w", "1 = 1"), set("note", "b", "1 = 1", 1)])).rejects.toThrow(/depends on statement 1/);
    expect((await db.order.findUniqueOrThrow({ where: { id } })).name).toBe("y");
  });

  it("says what is wrong with rows it cannot take", async () => {
    const lines = packLines();
    expect(() => lines.add(["only", "three", "values"])).toThrow(/3 values are not whole rows of 7/);
    expect(() => lines.drop(0)).toThrow(/no group 0/);
    expect(() => sql.packRows({ table: "OrderLine", columns: lineColumns, fixed: { shop: shopId } })).toThrow(/fixed column shop is not among the columns/);
    // Packed for the other database's executor: its rows are in another form.
    const foreign = sql.provider === "sqlite" ? new ArrayRows({ table: "OrderLine", columns: lineColumns }) : new SerializedRows({ table: "OrderLine", columns: lineColumns }, (v) => v);
    await expect(sql.insertRows([foreign])).rejects.toThrow(/packed rows from another database's executor/);
  });
});
