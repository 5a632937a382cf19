import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../app/db/migrate.server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    /** Where tests that want "the store" get one: every file's own SQLite copy, or, with DATABASE_URL=postgresql://…, a fresh PostgreSQL database each. */
    suiteDatabase: "sqlite" | "postgresql";
    postgresAdminUrl: string;
    /** A migrated PostgreSQL database nobody connects to, copied for each test file that wants its own. */
    postgresTemplate: string | null;
  }
}

// `DATABASE_URL=postgresql://… npm test` runs the whole suite on PostgreSQL:
// the URL is the server to create the run's databases on.
const SUITE_ON_POSTGRES = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const PG_ADMIN_URL = SUITE_ON_POSTGRES ? process.env.DATABASE_URL! : process.env.PEARL_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Once per run: a migrated SQLite template that each test copies (Epic
 * Stack's way), a migrated PostgreSQL database when 127.0.0.1:5432 answers,
 * and a fresh build of the app for the HTTP tests.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-test-"));
  const template = path.join(dir, "template.db");
  await migrateDatabase({ provider: "sqlite", url: `file:${template}` });
  project.provide("sqliteTemplate", template);

  project.provide("suiteDatabase", SUITE_ON_POSTGRES ? "postgresql" : "sqlite");
  project.provide("postgresAdminUrl", PG_ADMIN_URL);
  let pgDatabase: string | null = null;
  if (await postgresAnswers()) {
    // Every test's database is a copy of this template (tests/helpers/testDb.ts), named after it.
    pgDatabase = `pearl_test_${process.pid}_${Date.now()}`;
    const templateName = `${pgDatabase}_template`;
    await adminQuery(`CREATE DATABASE ${templateName}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${templateName}`;
    await migrateDatabase({ provider: "postgresql", url: url.toString() });
    project.provide("postgresTemplate", templateName);
  } else if (SUITE_ON_POSTGRES) {
    throw new Error(`DATABASE_URL names PostgreSQL at ${new URL(PG_ADMIN_URL).host}, which does not answer`);
  } else {
    console.warn("PostgreSQL does not answer on 127.0.0.1:5432: its tests are skipped.");
    project.provide("postgresTemplate", null);
  }

  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production" },
  });

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgDatabase) {
      // The template and the copies made from it (tests/helpers/testDb.ts).
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${pgDatabase}%`]);
      await client.end();
      for (const { datname } of rows.sort((a, b) => b.datname.length - a.datname.length)) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  };
}
