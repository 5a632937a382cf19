import type { DatabaseProvider } from "./databaseUrl.ts";

/** Anything that can run a parameterised statement: the client or a transaction. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export type SqlValue = string | number | boolean | Date | null;

export interface BulkInsertOptions {
  /** Column(s) of a unique index: rows that collide are skipped (idempotent writes). */
  skipConflictsOn?: readonly string[];
  /** Rows per statement; the default keeps under SQLite's 32,766 bound parameters. */
  rowsPerStatement?: number;
}

// SQLite and PostgreSQL both cap bound parameters per statement.
const MAX_PARAMS = 30_000;

/**
 * Multi-row INSERT through Prisma's driver adapter. Hot paths (the webhook
 * inbox, imports) use it because one Prisma create per row costs ~1 ms on
 * SQLite, while one statement of a thousand rows costs about as much as ten.
 * Returns the number of rows actually inserted.
 */
export async function bulkInsert(
  db: RawExecutor,
  provider: DatabaseProvider,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: BulkInsertOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const perStatement = Math.max(1, Math.min(options.rowsPerStatement ?? 1000, Math.floor(MAX_PARAMS / columns.length)));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES `;
  const tail = options.skipConflictsOn
    ? ` ON CONFLICT (${options.skipConflictsOn.map((c) => `"${c}"`).join(",")}) DO NOTHING`
    : "";
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      if (row.length !== columns.length) throw new Error(`bulkInsert ${table}: row has ${row.length} values for ${columns.length} columns`);
      const marks = row.map((value) => {
        params.push(value);
        return provider === "postgresql" ? `$${params.length}` : "?";
      });
      tuples.push(`(${marks.join(",")})`);
    }
    inserted += await db.$executeRawUnsafe(head + tuples.join(",") + tail, ...params);
  }
  return inserted;
}
