import { resolveDatabase } from "../db/databaseUrl.ts";
import { migrateDatabase } from "../db/migrate.server.ts";
import { openSqlExecutor, type SqlExecutor } from "../db/sqlExecutor.server.ts";
import { createDb, type Db } from "../db.server.ts";

export interface Store {
  db: Db;
  sql: SqlExecutor;
  close(): Promise<void>;
}

/** The store the CLI works on (DATABASE_URL or the SQLite default), migrated first. */
export async function openStore(): Promise<Store> {
  const target = resolveDatabase();
  await migrateDatabase(target);
  const db = createDb(target);
  const sql = openSqlExecutor(target);
  return {
    db,
    sql,
    close: async () => {
      await sql.close();
      await db.$disconnect();
    },
  };
}

/** A shop the command names must exist: a clear error instead of empty output. */
export async function requireShop(db: Db, domain: string) {
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) throw new CliError(`No shop ${domain} in the store. Import data for it first: pearl import --shop ${domain} --format online-retail FILE`);
  return shop;
}

/** An expected failure: printed without a stack trace, exit code 1. */
export class CliError extends Error {}
