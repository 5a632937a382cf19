import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { openSqlExecutor, type SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import { createDb, type Db } from "../../app/db.server.ts";
import { installShop } from "../../app/store/installShop.ts";

/** A private copy of the migrated SQLite template. */
export function sqliteTarget(): DatabaseTarget {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-db-")), "pearl.db");
  copyFileSync(inject("sqliteTemplate"), file);
  return { provider: "sqlite", url: `file:${file}` };
}

/**
 * The store a test works on when it does not care which database it is: a
 * private SQLite copy, or under `DATABASE_URL=postgresql://… npm test` a
 * private PostgreSQL database copied from the run's migrated template.
 */
export function defaultTarget(): DatabaseTarget {
  if (inject("suiteDatabase") !== "postgresql") return sqliteTarget();
  const target = postgresTarget();
  if (!target) throw new Error("the suite runs on PostgreSQL but has no template database");
  return target;
}

/**
 * A private PostgreSQL database copied from the run's migrated template, or
 * null when PostgreSQL is not running. Private, not the run's shared one:
 * tests that drain "the inbox" or count "all rows" would otherwise see other
 * files' rows, whichever run of the suite they are in.
 */
export function postgresTarget(): DatabaseTarget | null {
  const template = inject("postgresTemplate");
  if (!template) return null;
  const name = `${template.replace(/_template$/, "")}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  // Synchronous, like the SQLite copy, so every call site stays as it is.
  execFileSync(process.execPath, ["--input-type=module", "-e", CREATE_DATABASE], {
    env: { ...process.env, PEARL_ADMIN_URL: inject("postgresAdminUrl"), PEARL_CREATE: `CREATE DATABASE ${name} TEMPLATE ${template}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = new URL(inject("postgresAdminUrl"));
  url.pathname = `/${name}`;
  return { provider: "postgresql", url: url.toString() };
}

// Copies from one template may collide while another copy is starting: retried.
const CREATE_DATABASE = `
import pg from "pg";
for (let attempt = 1; ; attempt++) {
  const client = new pg.Client({ connectionString: process.env.PEARL_ADMIN_URL });
  await client.connect();
  try { await client.query(process.env.PEARL_CREATE); break; }
  catch (error) { if (attempt >= 20 || !/being accessed by other users/.test(error.message)) throw error; await new Promise((r) => setTimeout(r, 100 * attempt)); }
  finally { await client.end(); }
}`;


/** Both databases where available, for `describe.each`; only PostgreSQL when the whole suite runs on it. */
export function databaseTargets(): [string, DatabaseTarget][] {
  const pg = postgresTarget();
  const pgRow: [string, DatabaseTarget][] = pg ? [["postgresql", pg]] : [];
  return inject("suiteDatabase") === "postgresql" ? pgRow : [["sqlite", sqliteTarget()], ...pgRow];
}

export function openDb(target: DatabaseTarget): Db {
  return createDb(target);
}

/** Tests never share a tenant: each gets its own shop domain (Dittofeed's habit). */
export function randomShopDomain(): string {
  return `test-${randomUUID().slice(0, 8)}.myshopify.com`;
}

export interface TestStore {
  db: Db;
  sql: SqlExecutor;
  shopId: string;
}

/** Prisma and the SQL executor on one database, with a shop of its own. */
export async function openStore(target: DatabaseTarget): Promise<TestStore> {
  const db = openDb(target);
  const sql = openSqlExecutor(target);
  const shopId = (await installShop(db, { domain: randomShopDomain(), platform: "shopify", currency: "GBP" })).id;
  return { db, sql, shopId };
}

export async function closeStore({ db, sql }: Pick<TestStore, "db" | "sql">): Promise<void> {
  await sql.close();
  await db.$disconnect();
}
