import { execFile } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb } from "../db.server.ts";
import type { DatabaseTarget } from "./databaseUrl.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function migrationNames(target: DatabaseTarget): string[] {
  const dir = path.join(ROOT, "prisma", ...(target.provider === "postgresql" ? ["postgresql"] : []), "migrations");
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

async function appliedMigrations(target: DatabaseTarget): Promise<Set<string>> {
  const db = createDb(target);
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.migration_name));
  } catch {
    return new Set(); // a new database: no migrations table yet
  } finally {
    await db.$disconnect();
  }
}

/**
 * Applies pending migrations with `prisma migrate deploy` (Prisma's JS schema
 * engine, offline). Checking first keeps every CLI command from paying the
 * two seconds the Prisma CLI takes when there is nothing to do.
 */
export async function migrateDatabase(target: DatabaseTarget): Promise<void> {
  if (target.provider === "sqlite") mkdirSync(path.dirname(path.resolve(target.url.replace(/^file:(\/\/)?/, ""))), { recursive: true });
  const applied = await appliedMigrations(target);
  if (migrationNames(target).every((name) => applied.has(name))) return;
  const prisma = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  await promisify(execFile)(process.execPath, [prisma, "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: target.url },
  });
  if (target.provider === "sqlite") {
    // WAL lets readers (the admin, the CLI) work while the inbox writes; it is
    // a property of the file, so setting it once here is enough.
    const db = createDb(target);
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$disconnect();
  }
}
