import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import type { Db } from "../../app/db.server.ts";

/** Every row of every table as text: what a "does it still hold X?" scan reads. */
export async function dumpDatabase(db: Db, target: DatabaseTarget): Promise<string> {
  const tables = target.provider === "sqlite"
    ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    : await db.$queryRawUnsafe<{ name: string }[]>(`SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'`);
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}"`);
    parts.push(`${name}: ${JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`);
  }
  return parts.join("\n");
}
