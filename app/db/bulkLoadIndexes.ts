import type { SqlExecutor } from "./sqlExecutor.server.ts";

// Secondary indexes whose keys arrive in random order during a bulk load (an
// order's date and customer, a customer's email). On SQLite each such row
// dirties a page somewhere in the middle of the index; building the index
// once at the end sorts instead (docs/decisions/0009-bulk-load-indexes.md).
// Order lines have none: their indexes follow the time-ordered row ids. The
// unique indexes stay: the load asks them what is already stored.
// A test checks these statements against the migrated schema.
export const BULK_LOAD_INDEXES = [
  { name: "Order_shopId_processedAt_idx", create: `CREATE INDEX "Order_shopId_processedAt_idx" ON "Order"("shopId", "processedAt")` },
  { name: "Order_customerId_idx", create: `CREATE INDEX "Order_customerId_idx" ON "Order"("customerId")` },
  { name: "Customer_shopId_email_idx", create: `CREATE INDEX "Customer_shopId_email_idx" ON "Customer"("shopId", "email")` },
] as const;

/** Drops the indexes for a bulk load (SQLite only; PostgreSQL keeps them). */
export async function deferBulkLoadIndexes(sql: SqlExecutor): Promise<boolean> {
  if (sql.provider !== "sqlite") return false;
  await sql.transaction(BULK_LOAD_INDEXES.map((i) => ({ sql: `DROP INDEX IF EXISTS "${i.name}"`, params: [] })));
  return true;
}

/** Builds whichever of the indexes are missing: after a load, and before one in case an earlier load was killed. */
export async function restoreBulkLoadIndexes(sql: SqlExecutor): Promise<void> {
  if (sql.provider !== "sqlite") return;
  await sql.transaction(BULK_LOAD_INDEXES.map((i) => ({ sql: i.create.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS "), params: [] })));
}
