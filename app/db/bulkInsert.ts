import type { DatabaseProvider } from "./databaseUrl.ts";
import type { SqlExecutor, SqlStatement, SqlValue } from "./sqlExecutor.server.ts";

export interface BulkInsertOptions {
  /** Column(s) of a unique index: rows that collide are skipped (idempotent writes). */
  skipConflictsOn?: readonly string[];
  /** Rows per statement; the default keeps under SQLite's 32,766 bound parameters. */
  rowsPerStatement?: number;
}

// SQLite and PostgreSQL both cap bound parameters per statement.
const MAX_PARAMS = 30_000;

/** Rows into one table in one transaction (SqlExecutor.insertRows). Returns the number of rows actually inserted. */
export async function bulkInsert(
  sql: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: Pick<BulkInsertOptions, "skipConflictsOn"> = {},
): Promise<number> {
  const [inserted] = await sql.insertRows([{ table, columns, rows, skipConflictsOn: options.skipConflictsOn }]);
  return inserted;
}

/**
 * Multi-row INSERTs (PostgreSQL's bulk path: one statement of a thousand rows
 * costs about as much as ten single-row ones), for callers that run several
 * in one transaction.
 */
export function insertStatements(
  provider: DatabaseProvider,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: BulkInsertOptions = {},
): SqlStatement[] {
  const statements: SqlStatement[] = [];
  const perStatement = maxRowsPerStatement(columns.length, options.rowsPerStatement);
  const { head, tail } = insertParts(table, columns, options.skipConflictsOn);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: SqlValue[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      if (row.length !== columns.length) throw new Error(`bulkInsert ${table}: row has ${row.length} values for ${columns.length} columns`);
      const marks = row.map((value) => {
        params.push(value);
        return provider === "postgresql" ? `$${params.length}` : "?";
      });
      tuples.push(`(${marks.join(",")})`);
    }
    statements.push({ sql: head + tuples.join(",") + tail, params });
  }
  return statements;
}

function maxRowsPerStatement(columnCount: number, wanted = 1000): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_PARAMS / columnCount)));
}

/** `INSERT INTO t (cols) VALUES ` and the conflict clause; the tuples go between. */
export function insertParts(table: string, columns: readonly string[], skipConflictsOn?: readonly string[]): { head: string; tail: string } {
  return {
    head: `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES `,
    tail: skipConflictsOn ? ` ON CONFLICT (${skipConflictsOn.map((c) => `"${c}"`).join(",")}) DO NOTHING` : "",
  };
}
