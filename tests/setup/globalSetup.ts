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
    postgresUrl: string | null;
  }
}

const PG_ADMIN_URL = process.env.PEARL_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

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

  let pgDatabase: string | null = null;
  if (await postgresAnswers()) {
    pgDatabase = `pearl_test_${process.pid}_${Date.now()}`;
    await adminQuery(`CREATE DATABASE ${pgDatabase}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${pgDatabase}`;
    await migrateDatabase({ provider: "postgresql", url: url.toString() });
    project.provide("postgresUrl", url.toString());
  } else {
    console.warn("PostgreSQL does not answer on 127.0.0.1:5432: its tests are skipped.");
    project.provide("postgresUrl", null);
  }

  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production" },
  });

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
  };
}
