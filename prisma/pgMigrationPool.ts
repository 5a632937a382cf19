import pg from "pg";

// PostgreSQL's internal catalog types `"char"` (OID 18) and `name` (OID 19)
// cannot be mapped by @prisma/adapter-pg 6.19, and `prisma migrate deploy`
// reads catalog columns of those types (prisma/orm#27403). Reporting them as
// text (OID 25) is exactly what they are to a reader. Only the migration CLI
// needs this; the app's own client never reads the catalog.
const CATALOG_TEXT_TYPES = new Set([18, 19]);
const TEXT_OID = 25;

function asText(result: pg.QueryResult | pg.QueryResult[]): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
}

type Query = (...args: unknown[]) => unknown;

function patchQuery(target: { query: Query }): void {
  const original = target.query.bind(target);
  target.query = (...args: unknown[]) => {
    const out = original(...args);
    if (out instanceof Promise) return out.then((r: pg.QueryResult) => (asText(r), r));
    return out;
  };
}

export function migrationPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, allowExitOnIdle: true });
  patchQuery(pool as unknown as { query: Query });
  pool.on("connect", (client) => patchQuery(client as unknown as { query: Query }));
  return pool;
}
