import type { InValue } from "@libsql/client";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { insertParts, insertStatements } from "./bulkInsert.ts";
import type { DatabaseProvider, DatabaseTarget } from "./databaseUrl.ts";
import { ConstantColumns } from "./constantColumns.ts";
import { runsAfter } from "./dependentStatements.mjs";
import { checkJsonObject } from "./jsonObject.mjs";
import { ArrayRows, SerializedRows, type PackedRows, type PackedRowsSpec } from "./packedRows.ts";

export type SqlValue = string | number | boolean | Date | null;

/** Parameterised SQL straight to the driver, for the few hot paths Prisma is too slow for. */
export interface SqlStatement {
  sql: string;
  params: readonly SqlValue[];
  /**
   * The index, in the same list, of an earlier statement this one depends
   * on: it runs only if that one changed rows (reports 0 otherwise). A load
   * replaces an order's lines only if its guarded UPDATE of the order took.
   */
  onlyIfChanged?: number;
}

/** Rows of which one column holds a received body that must be one JSON object (the webhook inbox). */
export interface JsonRowsInsert {
  table: string;
  columns: readonly string[];
  /** The column holding UTF-8 bytes; stored as text when they are a JSON object. */
  jsonColumn: number;
  rows: readonly (readonly (SqlValue | Uint8Array)[])[];
  /** Column(s) of a unique index: rows that collide are skipped. */
  skipConflictsOn?: readonly string[];
}

/** Rows for one table, inserted in one go (bulk writes: imports, analyses). */
export interface RowsInsert {
  table: string;
  columns: readonly string[];
  rows: readonly (readonly SqlValue[])[];
  /** Column(s) of a unique index: rows that collide are skipped. */
  skipConflictsOn?: readonly string[];
}

export interface InsertRowsOptions {
  /**
   * Batches of one load sent without waiting for each other (SQLite runs
   * them in order): once one fails, the later ones of the chain are refused,
   * so a load's recorded progress never passes a batch that is not stored.
   */
  chain?: string;
}

export interface JsonRowsResult {
  inserted: number;
  /** Rows left out because their body is not a JSON object, by index in `rows`. */
  invalid: { index: number; error: string }[];
}

export interface SqlExecutor {
  readonly provider: DatabaseProvider;
  execute(sql: string, params: readonly SqlValue[]): Promise<number>;
  /** Rows of a read, as committed (on SQLite from a reader thread, while the writer works). */
  query<T extends Record<string, unknown>>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
  /** Runs the statements in one transaction: all or nothing. Returns rows affected by each. */
  transaction(statements: readonly SqlStatement[]): Promise<number[]>;
  /**
   * Inserts each table's rows, then runs `after` (an import's progress), all
   * in one transaction. Returns the rows inserted per table. SQLite's writer
   * thread runs a cached 20-row statement per table and checks the rows'
   * foreign keys per batch (`after` then runs without foreign-key actions:
   * it may update, and delete only rows nothing refers to, such as order
   * lines and variants); PostgreSQL runs multi-row INSERTs.
   */
  insertRows(inserts: readonly (RowsInsert | PackedRows)[], after?: readonly SqlStatement[], options?: InsertRowsOptions): Promise<number[]>;
  /** Rows to gather group by group as a load reads them, for one insertRows of this executor. */
  packRows(spec: PackedRowsSpec): PackedRows;
  /**
   * Checks each row's body and inserts the valid rows in one transaction.
   * On SQLite the check runs in the writer thread, and the bodies are
   * transferred there, not copied: decoding and parsing them is the costliest
   * part of taking a webhook, and the web thread has better things to do.
   */
  insertJsonRows(insert: JsonRowsInsert): Promise<JsonRowsResult>;
  close(): Promise<void>;
}

// The last date written, as text: a bulk write's rows share their timestamps.
let lastTime = NaN;
let lastTimeText = "";

/** Prisma writes DateTime to SQLite as ISO text with an explicit +00:00 offset; raw writes must match. */
function sqliteValue(v: SqlValue): InValue {
  if (v instanceof Date) {
    const time = v.getTime();
    if (time !== lastTime) {
      lastTimeText = v.toISOString().replace("Z", "+00:00");
      lastTime = time;
    }
    return lastTimeText;
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

// Prisma's timestamp(3) columns hold UTC without a zone; an ISO string in UTC
// is read as exactly that, where pg's own Date encoding would use the local zone.
function postgresValue(v: SqlValue): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * Runs lists of statements in one transaction; each list's onlyIfChanged
 * counts within that list. Returns rows changed by each statement.
 */
async function inPostgresTransaction(pool: pg.Pool, lists: readonly (readonly SqlStatement[])[]): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const counts: number[] = [];
    for (const list of lists) {
      const listCounts: number[] = [];
      for (const s of list) {
        listCounts.push(runsAfter(s, listCounts) ? ((await client.query(s.sql, s.params.map(postgresValue))).rowCount ?? 0) : 0);
      }
      counts.push(...listCounts);
    }
    await client.query("COMMIT");
    return counts;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** How SQLite's threads keep the WAL short (defaults in sqliteWriterThread.mjs; tests shorten them). */
export interface SqliteWalSettings {
  /** How often the checkpointer copies the WAL into the database. */
  checkpointMs?: number;
  /** WAL length from which the writer restarts it between transactions. */
  restartBytes?: number;
  /** After this long without a message the writer truncates a WAL longer than `idleKeepBytes`. */
  idleMs?: number;
  idleKeepBytes?: number;
}

/**
 * Why not Prisma here: the webhook inbox and imports write thousands of rows
 * a second, and Prisma 6's JS engine spends ~1.5 ms per statement compiling
 * and marshalling parameters, against ~0.2 ms for the driver. Everything
 * else goes through Prisma.
 */
export function openSqlExecutor(target: DatabaseTarget, options: { wal?: SqliteWalSettings } = {}): SqlExecutor {
  if (target.provider === "postgresql") {
    const pool = new pg.Pool({ connectionString: target.url, max: 4, allowExitOnIdle: true });
    return {
      provider: "postgresql",
      async execute(sql, params) {
        const res = await pool.query(sql, params.map(postgresValue));
        return res.rowCount ?? 0;
      },
      async query<T>(sql: string, params: readonly SqlValue[]) {
        return (await pool.query(sql, params.map(postgresValue))).rows as T[];
      },
      async insertJsonRows(insert) {
        const { valid, invalid } = checkRows(insert);
        const statements = insertStatements("postgresql", insert.table, insert.columns, valid, { skipConflictsOn: insert.skipConflictsOn });
        const counts = statements.length > 0 ? await this.transaction(statements) : [];
        return { inserted: counts.reduce((a, b) => a + b, 0), invalid };
      },
      packRows: (spec) => new ArrayRows(spec),
      async insertRows(inserts, after = []) {
        const statements = inserts.map((insert) => {
          const i = "rows" in insert ? insert : packedHere(insert, ArrayRows).rowsInsert();
          return insertStatements("postgresql", i.table, i.columns, i.rows, { skipConflictsOn: i.skipConflictsOn });
        });
        const counts = await inPostgresTransaction(pool, [statements.flat(), after]);
        let at = 0;
        return statements.map((s) => counts.slice(at, (at += s.length)).reduce((a, b) => a + b, 0));
      },
      transaction: (statements) => inPostgresTransaction(pool, [statements]),
      close: () => pool.end(),
    };
  }
  return sqliteWriterThread(target.url, options.wal ?? {});
}

// Resolved from the working directory, not this module: the server build
// moves this module into build/server, while the worker stays in the source tree.
const WRITER_THREAD = path.resolve("app", "db", "sqliteWriterThread.mjs");

type Answer = { rowsAffected?: number[]; rows?: Record<string, unknown>[]; invalid?: JsonRowsResult["invalid"]; error?: string };

/** A worker thread of sqliteWriterThread.mjs and its request/answer plumbing. */
function sqliteThread(url: string, role: "writer" | "reader", walFrames: SharedArrayBuffer, wal: SqliteWalSettings) {
  const worker = new Worker(WRITER_THREAD, { workerData: { url, role, walFrames, wal } });
  worker.unref();
  const waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on("message", ({ id, error, ...answer }: Answer & { id: number }) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (!w) return;
    if (error !== undefined) w.reject(new Error(error));
    else w.resolve(answer);
    if (waiting.size === 0) worker.unref();
  });
  worker.on("error", (error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  });
  const ask = (message: object, transfer: ArrayBuffer[] = []) =>
    new Promise<Answer>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.ref(); // keep the process alive while an answer is outstanding
      worker.postMessage({ id, ...message }, transfer);
    });
  return { worker, ask };
}

function sqliteWriterThread(url: string, wal: SqliteWalSettings): SqlExecutor {
  // The WAL's length as the checkpointer last saw it, for the writer (see the thread).
  const walFrames = new SharedArrayBuffer(4);
  const { worker, ask } = sqliteThread(url, "writer", walFrames, wal);
  const checkpointer = new Worker(WRITER_THREAD, { workerData: { url, role: "checkpointer", walFrames, wal } });
  checkpointer.unref();
  // Reads get a thread of their own, started on the first one: they run
  // while the writer commits (a bulk load looks up its next batch then).
  let reader: ReturnType<typeof sqliteThread> | null = null;
  const threadStatements = (statements: readonly SqlStatement[]) => statements.map((s) => ({ sql: s.sql, args: s.params.map(sqliteValue), onlyIfChanged: s.onlyIfChanged }));
  const run = async (statements: readonly SqlStatement[]) => (await ask({ statements: threadStatements(statements) })).rowsAffected ?? [];
  return {
    provider: "sqlite",
    execute: async (sql, params) => (await run([{ sql, params }]))[0],
    async query<T>(sql: string, params: readonly SqlValue[]) {
      reader ??= sqliteThread(url, "reader", walFrames, wal);
      return ((await reader.ask({ query: { sql, args: params.map(sqliteValue) } })).rows ?? []) as T[];
    },
    transaction: run,
    packRows: (spec) => new SerializedRows(spec, sqliteValue),
    async insertRows(inserts, after = [], options = {}) {
      const transfer: ArrayBuffer[] = [];
      const threadInsert = (insert: RowsInsert | PackedRows) => {
        const parts = { table: insert.table, columns: insert.columns, ...insertParts(insert.table, insert.columns, "rows" in insert ? insert.skipConflictsOn : undefined) };
        if ("rows" in insert) return { ...parts, ...threadRows(insert) };
        const rows = packedHere(insert, SerializedRows).message();
        const { buffer, byteOffset } = rows.packed;
        if (byteOffset === 0 && buffer instanceof ArrayBuffer) transfer.push(buffer);
        return { ...parts, ...rows };
      };
      const message = { inserts: inserts.map(threadInsert), statements: threadStatements(after), chain: options.chain };
      return ((await ask(message, transfer)).rowsAffected ?? []).slice(0, inserts.length);
    },
    async insertJsonRows(insert) {
      const { head, tail } = insertParts(insert.table, insert.columns, insert.skipConflictsOn);
      const transfer = new Set<ArrayBuffer>();
      const rows = insert.rows.map((row) =>
        row.map((v, i) => {
          if (v instanceof Uint8Array) {
            if (i !== insert.jsonColumn) throw new Error(`insertJsonRows ${insert.table}: bytes outside the JSON column`);
            // A body that owns its buffer moves to the thread; a view into a shared one is copied.
            if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer) transfer.add(v.buffer);
            return v;
          }
          return sqliteValue(v);
        }),
      );
      const answer = await ask(
        { jsonRows: { head, tail, width: insert.columns.length, jsonColumn: insert.jsonColumn, rows } },
        [...transfer],
      );
      return { inserted: (answer.rowsAffected ?? []).reduce((a, b) => a + b, 0), invalid: answer.invalid ?? [] };
    },
    // Each thread is asked to close its connection and exit, after what it is
    // doing now: terminating one inside a libsql call panics the native binding.
    close: async () => {
      await Promise.all([stopThread(worker, { stop: true }), stopThread(checkpointer, "stop"), reader ? stopThread(reader.worker, { stop: true }) : undefined]);
    },
  };
}

/**
 * A table's rows as the writer thread takes them: the columns with one value
 * in every row (the shop, defaults) once, the other values in one flat array.
 * Copying a batch to the thread and binding it there cost per value.
 */
function threadRows(insert: RowsInsert) {
  const width = insert.columns.length;
  // Filled by push, not preallocated: V8 copies an array made with
  // new Array(n) (holey) element by element, as if it were sparse, at two to
  // three times the cost of a packed one.
  const all: InValue[] = [];
  for (const row of insert.rows) {
    if (row.length !== width) throw new Error(`insertRows ${insert.table}: row has ${row.length} values for ${width} columns`);
    for (const value of row) all.push(sqliteValue(value));
  }
  const tracker = new ConstantColumns(width);
  tracker.see(all);
  const constant = tracker.constant();
  const shared = constant.map(({ at }) => at);
  const count = insert.rows.length;
  if (shared.length === 0) return { shared, sharedValues: [], values: all, count };
  const varying = Array.from({ length: width }, (_, c) => c).filter((c) => !shared.includes(c));
  const values: InValue[] = [];
  for (let r = 0; r < count; r++) for (const c of varying) values.push(all[r * width + c]);
  return { shared, sharedValues: constant.map(({ value }) => value), values, count };
}

/** A PackedRows of this executor's kind (made by its packRows). */
function packedHere<T extends PackedRows>(rows: PackedRows, kind: abstract new (...args: never[]) => T): T {
  if (!(rows instanceof kind)) throw new Error(`insertRows ${rows.table}: packed rows from another database's executor`);
  return rows;
}

/** The PostgreSQL path checks bodies inline: its web processes scale out instead. */
function checkRows(insert: JsonRowsInsert): { valid: SqlValue[][]; invalid: JsonRowsResult["invalid"] } {
  const valid: SqlValue[][] = [];
  const invalid: JsonRowsResult["invalid"] = [];
  insert.rows.forEach((row, index) => {
    const body = row[insert.jsonColumn];
    const check = checkJsonObject(body instanceof Uint8Array ? body : String(body));
    if (!check.ok) {
      invalid.push({ index, error: check.error });
      return;
    }
    valid.push(row.map((v, i) => (i === insert.jsonColumn ? check.text : (v as SqlValue))));
  });
  return { valid, invalid };
}

async function stopThread(thread: Worker, message: unknown): Promise<void> {
  if (thread.threadId === -1) return; // already gone
  const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
  thread.postMessage(message);
  const late = setTimeout(() => void thread.terminate(), 5000);
  await exited;
  clearTimeout(late);
}
