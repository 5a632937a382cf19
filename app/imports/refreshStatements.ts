import type { DatabaseProvider } from "../db/databaseUrl.ts";
import { insertStatements } from "../db/bulkInsert.ts";
import type { SqlStatement, SqlValue } from "../db/sqlExecutor.server.ts";
import { customerColumns, nonBlank, productColumns } from "../store/columns.ts";
import type { CustomerRecord, ProductRecord } from "../store/records.ts";

/**
 * SQL that brings stored records up to a newer version a load read (a
 * backfill run again on demand, after webhooks were missed). Each record's
 * statements start with an UPDATE guarded like the webhook writers'
 * (storedOlderThan in store/tx.ts): a version a webhook stored since the
 * load looked the record up is never overwritten, and the statements after
 * that UPDATE (an order's lines, a product's variants) run only if it took.
 */
export class RefreshStatements {
  readonly statements: SqlStatement[] = [];

  constructor(
    private readonly provider: DatabaseProvider,
    private readonly now: Date,
  ) {}

  /** Like writeCustomer: fields the new version leaves blank keep what is stored. */
  customer(id: string, c: CustomerRecord): void {
    const patch = Object.entries(nonBlank(customerColumns(c)));
    this.guardedUpdate("Customer", id, patch, c.sourceUpdatedAt!, { deletable: true, redactable: true });
  }

  /** The product, then its variants: those no longer listed deleted, the others upserted. */
  product(id: string, p: ProductRecord, variantRows: SqlValue[][], variantColumns: readonly string[]): void {
    const updated = this.guardedUpdate("Product", id, Object.entries(productColumns(p)), p.sourceUpdatedAt!, { deletable: true });
    const listed = p.variants.map((v) => v.externalId);
    this.add(`DELETE FROM "Variant" WHERE "productId" = ?${listed.length ? ` AND "externalId" NOT IN (${marks(listed.length)})` : ""}`, [id, ...listed], updated);
    const kept = variantColumns.filter((c) => c !== "id" && c !== "shopId" && c !== "externalId" && c !== "createdAt");
    const upsert = ` ON CONFLICT ("shopId", "externalId") DO UPDATE SET ${kept.map((c) => `"${c}" = excluded."${c}"`).join(", ")}`;
    for (const s of insertStatements(this.provider, "Variant", variantColumns, variantRows)) this.add(s.sql + upsert, s.params, updated, true);
  }

  /** The order's columns, then its lines replaced by the new version's. */
  order(id: string, fields: [string, SqlValue][], sourceUpdatedAt: Date, lineRows: SqlValue[][], lineColumns: readonly string[]): void {
    const updated = this.guardedUpdate("Order", id, fields, sourceUpdatedAt, {});
    this.add(`DELETE FROM "OrderLine" WHERE "orderId" = ?`, [id], updated);
    for (const s of insertStatements(this.provider, "OrderLine", lineColumns, lineRows)) this.add(s.sql, s.params, updated, true);
  }

  /** Returns the UPDATE's index, on which the record's other statements depend. */
  private guardedUpdate(table: string, id: string, fields: [string, SqlValue][], version: Date, guard: { deletable?: boolean; redactable?: boolean }): number {
    const conditions = [`("sourceUpdatedAt" IS NULL OR "sourceUpdatedAt" < ?)`];
    const params: SqlValue[] = [version];
    if (guard.deletable) {
      conditions.push(`("deletedAt" IS NULL OR "deletedAt" < ?)`);
      params.push(version);
    }
    if (guard.redactable) conditions.push(`"redactedAt" IS NULL`);
    const set = [...fields.map(([column]) => `"${column}" = ?`), `"updatedAt" = ?`].join(", ");
    this.add(`UPDATE "${table}" SET ${set} WHERE "id" = ? AND ${conditions.join(" AND ")}`, [...fields.map(([, v]) => v), this.now, id, ...params]);
    return this.statements.length - 1;
  }

  private add(sql: string, params: readonly SqlValue[], onlyIfChanged?: number, numbered = false): void {
    // insertStatements numbers PostgreSQL's parameters already; the rest are written with ?.
    this.statements.push({ sql: this.provider === "postgresql" && !numbered ? numberMarks(sql) : sql, params, onlyIfChanged });
  }
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** PostgreSQL's $1, $2, … for the ? of SQL written here (which holds no literal ?). */
function numberMarks(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
