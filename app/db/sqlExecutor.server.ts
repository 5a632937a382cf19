import type { InValue } from "@libsql/client";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";
import type { DatabaseProvider, DatabaseTarget } from "./databaseUrl.ts";

export type SqlValue = string | number | boolean | Date | null;

/** Parameterised SQL straight to the driver, for the few hot paths Prisma is too slow for. */
export interface SqlStatement {
  sql: string;
  params: readonly SqlValue[];
}

export interface SqlExecutor {
  readonly provider: DatabaseProvider;
  execute(sql: string, params: readonly SqlValue[]): Promise<number>;
  /** Runs the statements in one transaction: all or nothing. Returns rows affected by each. */
  transaction(statements: readonly SqlStatement[]): Promise<number[]>;
  close(): Promise<void>;
}

/** Prisma writes DateTime to SQLite as ISO text with an explicit +00:00 offset; raw writes must match. */
function sqliteValue(v: SqlValue): InValue {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

// Prisma's timestamp(3) columns hold UTC without a zone; an ISO string in UTC
// is read as exactly that, where pg's own Date encoding would use the local zone.
function postgresValue(v: SqlValue): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * Why not Prisma here: the webhook inbox and imports write thousands of rows
 * a second, and Prisma 6's JS engine spends ~1.5 ms per statement compiling
 * and marshalling parameters, against ~0.2 ms for the driver. Everything
 * else goes through Prisma.
 */
export function openSqlExecutor(target: DatabaseTarget): SqlExecutor {
  if (target.provider === "postgresql") {
    const pool = new pg.Pool({ connectionString: target.url, max: 4, allowExitOnIdle: true });
    return {
      provider: "postgresql",
      async execute(sql, params) {
        const res = await pool.query(sql, params.map(postgresValue));
        return res.rowCount ?? 0;
      },
      async transaction(statements) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const counts: number[] = [];
          for (const s of statements) counts.push((await client.query(s.sql, s.params.map(postgresValue))).rowCount ?? 0);
          await client.query("COMMIT");
          return counts;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  return sqliteWriterThread(target.url);
}

// Resolved from the working directory, not this module: the server build
// moves this module into build/server, while the worker stays in the source tree.
const WRITER_THREAD = path.resolve("app", "db", "sqliteWriterThread.mjs");

function sqliteWriterThread(url: string): SqlExecutor {
  const worker = new Worker(WRITER_THREAD, { workerData: { url, role: "writer" } });
  worker.unref();
  const checkpointer = new Worker(WRITER_THREAD, { workerData: { url, role: "checkpointer" } });
  checkpointer.unref();
  const waiting = new Map<number, { resolve: (n: number[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on("message", ({ id, rowsAffected, error }: { id: number; rowsAffected?: number[]; error?: string }) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (!w) return;
    if (error !== undefined) w.reject(new Error(error));
    else w.resolve(rowsAffected ?? []);
    if (waiting.size === 0) worker.unref();
  });
  worker.on("error", (error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  });
  const run = (statements: readonly SqlStatement[]) =>
    new Promise<number[]>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.ref(); // keep the process alive while a commit is outstanding
      worker.postMessage({ id, statements: statements.map((s) => ({ sql: s.sql, args: s.params.map(sqliteValue) })) });
    });
  return {
    provider: "sqlite",
    execute: async (sql, params) => (await run([{ sql, params }]))[0],
    transaction: run,
    close: async () => {
      await Promise.all([worker.terminate(), checkpointer.terminate()]);
    },
  };
}
