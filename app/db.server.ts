import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { resolveDatabase, type DatabaseTarget } from "./db/databaseUrl.ts";

/**
 * The store's client type. Both generated clients come from the same schema
 * (prisma/postgresql is derived from prisma/schema.prisma), so they expose the
 * same API; the SQLite one names the type.
 */
export type Db = SqliteClient;

export function createDb(target: DatabaseTarget = resolveDatabase()): Db {
  if (target.provider === "postgresql") {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    return client as unknown as Db;
  }
  const client = new SqliteClient({ adapter: new PrismaLibSQL({ url: target.url }) });
  // Another process (the CLI, a worker) may hold the write lock for a moment:
  // wait for it instead of failing. Queued first, so it precedes any query.
  void client.$queryRawUnsafe("PRAGMA busy_timeout = 10000").catch(() => {});
  // Checkpoints belong to the checkpointer thread (see sqliteWriterThread.mjs),
  // never to a commit of the drain on the web thread.
  void client.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0").catch(() => {});
  return client;
}

// One client per process; Remix's dev server re-imports modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { pearlDb?: Db };

export function db(): Db {
  globalForDb.pearlDb ??= createDb();
  return globalForDb.pearlDb;
}
