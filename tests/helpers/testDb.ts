import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { createDb, type Db } from "../../app/db.server.ts";

/** A private copy of the migrated SQLite template. */
export function sqliteTarget(): DatabaseTarget {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-db-")), "pearl.db");
  copyFileSync(inject("sqliteTemplate"), file);
  return { provider: "sqlite", url: `file:${file}` };
}

/** The run's migrated PostgreSQL database, or null when PostgreSQL is not running. */
export function postgresTarget(): DatabaseTarget | null {
  const url = inject("postgresUrl");
  return url ? { provider: "postgresql", url } : null;
}

/** Both databases where available, for `describe.each`. */
export function databaseTargets(): [string, DatabaseTarget][] {
  const pg = postgresTarget();
  return [["sqlite", sqliteTarget()], ...(pg ? [["postgresql", pg] as [string, DatabaseTarget]] : [])];
}

export function openDb(target: DatabaseTarget): Db {
  return createDb(target);
}

/** Tests never share a tenant: each gets its own shop domain (Dittofeed's habit). */
export function randomShopDomain(): string {
  return `test-${randomUUID().slice(0, 8)}.myshopify.com`;
}
