// SQLite's worker threads. SQLite runs statements synchronously, so on the
// main thread every inbox commit would stall the HTTP event loop; here the
// web thread only posts rows and waits for the commit. Plain JavaScript so it
// starts without a TypeScript loader, in development and in the build.
//
// role "writer": executes what it is sent, each write message in one transaction
//   (all or nothing), through libsql's synchronous API with prepared
//   statements kept for reuse: parsing a thousand-row INSERT costs as much as
//   running it, and bulk rows go through one cached 20-row statement per table.
//   A `jsonRows` message carries rows with a received body as bytes: the
//   thread checks each is a JSON object, inserts the valid rows and reports
//   the others. An `inserts` message may name a chain: once one of a chain
//   fails, its later messages are refused (a load sends its batches without
//   waiting for each other). Its rows' foreign keys are checked per batch
//   (see bulkTransaction).
// role "reader": answers `query` messages with rows, on its own connection,
//   while the writer works.
// role "checkpointer": copies the WAL back into the database file every
//   second. Connections are told not to checkpoint themselves: an automatic
//   checkpoint runs inside the commit that crosses the threshold and holds
//   that commit (and every acknowledgement waiting on it) for tens of ms.
//   PASSIVE never blocks the writer. Under a sustained bulk load PASSIVE
//   never reaches the WAL's end, so once the checkpointer has seen the WAL
//   pass WAL_RESTART_BYTES the writer restarts it between two transactions
//   (see restartWalWhenLong); the file is truncated once the writer is idle.
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";
import { runsAfter } from "./dependentStatements.mjs";
import { checkJsonObject } from "./jsonObject.mjs";

const file = sqliteFile(workerData.url);
const db = new Database(file);
db.pragma("busy_timeout = 10000");
// WAL + NORMAL: a commit survives a crash of the process (the inbox's
// promise); only an OS crash or power loss may undo the last commits.
db.pragma("synchronous = NORMAL");
db.pragma("wal_autocheckpoint = 0");

// The WAL's limits (SqliteWalSettings): restarted from this length, and
// truncated when the writer has had nothing to do for a while.
const WAL_RESTART_BYTES = workerData.wal.restartBytes ?? 256 * 2 ** 20;
const WAL_IDLE_MS = workerData.wal.idleMs ?? 5000;
const WAL_IDLE_KEEP_BYTES = workerData.wal.idleKeepBytes ?? 64 * 2 ** 20;
// Frames in the WAL as the checkpointer last saw them, shared with the writer.
const walFrames = new Int32Array(workerData.walFrames);

if (workerData.role === "reader") {
  parentPort.on("message", ({ id, query, stop }) => {
    if (stop) return closeThread();
    try {
      parentPort.postMessage({ id, rows: statement(query.sql).all(query.args) });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
} else if (workerData.role === "checkpointer") {
  const pageSize = db.prepare("PRAGMA page_size").get().page_size;
  const timer = setInterval(() => {
    // Past the restart length the writer checkpoints itself (RESTART): one
    // checkpoint at a time, and back-to-back PASSIVE runs left it no turn.
    if (Atomics.load(walFrames, 0) * pageSize >= WAL_RESTART_BYTES) return;
    try {
      const [{ log }] = db.pragma("wal_checkpoint(PASSIVE)");
      Atomics.store(walFrames, 0, log);
    } catch {
      // busy or closing: the next tick tries again
    }
  }, workerData.wal.checkpointMs ?? 1000);
  parentPort.on("message", (message) => {
    if (message === "stop") {
      clearInterval(timer);
      closeThread();
    }
  });
} else {
  // The writer's page cache holds the hot index pages of a bulk load.
  db.pragma("cache_size = -262144");
  // Building an index after a bulk load sorts tens of millions of keys:
  // on disk rather than in this build's default of memory (RSS stays flat),
  // with a second sorter thread (the load's other threads are idle by then).
  db.pragma("temp_store = FILE");
  db.pragma("threads = 2");
  const pageSize = db.prepare("PRAGMA page_size").get().page_size;
  let idle = null;
  // Chains of load batches in which a batch failed (see InsertRowsOptions).
  const failedChains = new Set();
  parentPort.on("message", ({ id, statements, jsonRows, inserts, chain, stop }) => {
    clearTimeout(idle);
    if (stop) return closeThread();
    try {
      if (jsonRows) parentPort.postMessage({ id, ...insertJsonRows(jsonRows) });
      else if (inserts) {
        if (chain && failedChains.has(chain)) throw new Error("an earlier batch of this load failed");
        try {
          parentPort.postMessage({ id, rowsAffected: bulkTransaction(inserts, statements) });
        } catch (error) {
          if (chain) failedChains.add(chain);
          throw error;
        }
      } else parentPort.postMessage({ id, rowsAffected: inTransaction(() => runStatements(statements)) });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
    restartWalWhenLong(pageSize);
    idle = setTimeout(truncateWal, WAL_IDLE_MS, pageSize);
  });
}

function closeThread() {
  db.close();
  parentPort.close();
}

function sqliteFile(url) {
  const path = url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");
  return decodeURIComponent(path);
}

// Prepared statements by SQL text. Bounded: the inbox's row counts vary, and
// so does its SQL.
const prepared = new Map();
const PREPARED_MAX = 64;
function statement(sql) {
  let s = prepared.get(sql);
  if (!s) {
    if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value);
    s = db.prepare(sql);
    prepared.set(sql, s);
  }
  return s;
}

function inTransaction(work) {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

function runStatements(statements) {
  const counts = [];
  for (const s of statements) counts.push(runsAfter(s, counts) ? statement(s.sql).run(s.args).changes : 0);
  return counts;
}

// Rows per statement: each call into the driver costs about as much as
// binding five values, and beyond a few dozen rows a longer statement saves
// nothing more.
const ROWS_PER_STATEMENT = 20;

/**
 * One table's rows through a cached multi-row INSERT (the rest one by one).
 * A column with one value in every row (the shop, a default) is bound once
 * per statement, as a shared numbered parameter: binding is most of a row's
 * cost in this driver. The other values come in segments of `rows` rows,
 * flat arrays of `stride` values per row of which `slots` are the varying
 * columns' (in column order; none when every column is shared). Returns the rows inserted and the distinct non-null values
 * of the varying columns in `distinctOf` (a batch's parent keys).
 */
function insertRows({ head, tail, width, shared, sharedValues }, segments, distinctOf = []) {
  const varying = width - shared.length;
  const slots = columnSlots(width, shared);
  const tuple = (r) => `(${slots.map((slot) => `?${slot < 0 ? -slot : shared.length + r * varying + slot + 1}`).join(",")})`;
  const statementOf = (rows) => statement(head + Array.from({ length: rows }, (_, r) => tuple(r)).join(",") + tail);
  const argsOf = (rows) => [...sharedValues, ...new Array(rows * varying)];
  const distinct = new Map(distinctOf.map((column) => [column, new Set()]));
  // Rows of one parent come together: one Set lookup per run of a value.
  const collect = (args, rows) => {
    for (const [column, values] of distinct) {
      let previous = null;
      for (let r = 0, at = shared.length + slots[column]; r < rows; r++, at += varying) {
        const value = args[at];
        if (value !== previous && value !== null) values.add(value);
        previous = value;
      }
    }
  };
  // Prepared once a batch fills it: a table that only ever gets a few rows at a time (the inbox) never needs it.
  let multi = null;
  const args = argsOf(ROWS_PER_STATEMENT);
  let inserted = 0;
  let filled = 0;
  for (const { values, stride, slots: at, rows } of segments) {
    for (let r = 0, row = 0; r < rows; r++, row += stride) {
      const base = shared.length + filled * varying;
      for (let k = 0; k < varying; k++) args[base + k] = values[row + at[k]];
      if (++filled === ROWS_PER_STATEMENT) {
        collect(args, filled);
        multi ??= statementOf(ROWS_PER_STATEMENT);
        inserted += multi.run(args).changes;
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    collect(args, filled);
    const single = statementOf(1);
    const one = argsOf(1);
    for (let r = 0; r < filled; r++) {
      for (let k = 0; k < varying; k++) one[shared.length + k] = args[shared.length + r * varying + k];
      inserted += single.run(one).changes;
    }
  }
  return { inserted, distinct };
}

/** Per column: -(k+1) for the k-th shared column, else its place among the varying ones. */
function columnSlots(width, shared) {
  const slots = [];
  let varying = 0;
  for (let c = 0; c < width; c++) {
    const k = shared.indexOf(c);
    slots.push(k >= 0 ? -(k + 1) : varying++);
  }
  return slots;
}

const identity = (n) => Array.from({ length: n }, (_, i) => i);

/**
 * An insert's rows as insertRows takes them: one segment of the values that
 * vary, or for packed rows (app/db/packedRows.ts) a segment per group, each
 * parsed as it is reached (a row of a group holds every column that is not
 * fixed), so that one group's array dies before the next is read.
 */
function* segmentsOf(insert) {
  if (!insert.packed) {
    const varying = insert.columns.length - insert.shared.length;
    yield { values: insert.values, stride: varying, slots: identity(varying), rows: insert.count };
    return;
  }
  const { ends, freeWidth, varyingSlots, dropped } = insert;
  const packed = Buffer.from(insert.packed.buffer, insert.packed.byteOffset, insert.packed.byteLength);
  const skip = new Set(dropped);
  for (let g = 0; g < ends.length; g++) {
    if (skip.has(g)) continue;
    const values = JSON.parse(packed.toString("utf8", g === 0 ? 0 : ends[g - 1], ends[g]));
    yield { values, stride: freeWidth, slots: varyingSlots, rows: values.length / freeWidth };
  }
}

// A multi-row INSERT under immediate foreign keys (or the default ABORT)
// makes SQLite keep a statement journal, a copy of every page the statement
// touches, so that it can undo the statement alone: it wrote four times the
// WAL's pages in a bulk load, for an undo nothing needs, since a failure here
// rolls back the whole transaction. So bulk rows go in with `OR FAIL` and
// foreign keys off, and their parent keys are checked per batch before the
// commit (once all its rows are in): each distinct value once, one query per
// foreign key. The statements after them (an import's progress) run without
// foreign-key actions too.
function bulkTransaction(inserts, statements) {
  db.pragma("foreign_keys = OFF"); // a no-op inside a transaction, so around it
  try {
    return inTransaction(() => {
      const checks = [];
      const counts = inserts.map((insert) => {
        const keys = foreignKeysOf(insert.table)
          .map((key) => ({ ...key, at: insert.columns.indexOf(key.column) }))
          .filter((key) => key.at >= 0); // a column left out is left to its default (null)
        const head = insert.head.replace(/^INSERT INTO/, "INSERT OR FAIL INTO");
        const varyingKeys = keys.filter((key) => !insert.shared.includes(key.at)).map((key) => key.at);
        const { inserted, distinct } = insertRows({ ...insert, head, width: insert.columns.length }, segmentsOf(insert), varyingKeys);
        checks.push(() => checkParentKeys(insert, keys, distinct));
        return inserted;
      });
      for (const check of checks) check();
      return [...counts, ...runStatements(statements)];
    });
  } finally {
    db.pragma("foreign_keys = ON");
  }
}

// Foreign keys by child table, as the schema declares them.
const foreignKeys = new Map();
function foreignKeysOf(table) {
  let keys = foreignKeys.get(table);
  if (!keys) {
    const list = db.prepare(`SELECT * FROM pragma_foreign_key_list(?)`).all([table]);
    if (list.some((k) => k.seq > 0)) throw new Error(`bulk insert into ${table}: composite foreign keys are not checked`);
    keys = list.map((k) => ({ column: k.from, parent: k.table, parentColumn: k.to ?? "id" }));
    foreignKeys.set(table, keys);
  }
  return keys;
}

/** Throws unless every non-null foreign key of the rows (distinct values by column, shared ones aside) names a row of its parent table. */
function checkParentKeys(insert, keys, distinct) {
  for (const { column, parent, parentColumn, at } of keys) {
    const k = insert.shared.indexOf(at);
    const values = k >= 0 ? new Set(insert.sharedValues[k] === null ? [] : [insert.sharedValues[k]]) : distinct.get(at);
    if (values.size === 0) continue;
    const { found } = statement(`SELECT count(*) AS found FROM "${parent}" WHERE "${parentColumn}" IN (SELECT value FROM json_each(?))`).get([JSON.stringify([...values])]);
    if (found < values.size) throw new Error(`FOREIGN KEY constraint failed: ${values.size - found} ${insert.table}.${column} value(s) name no ${parent}`);
  }
}

function insertJsonRows({ head, tail, width, jsonColumn, rows }) {
  const valid = [];
  const invalid = [];
  rows.forEach((row, index) => {
    const check = checkJsonObject(row[jsonColumn]);
    if (!check.ok) return invalid.push({ index, error: check.error });
    row[jsonColumn] = check.text;
    valid.push(row);
  });
  const segments = [{ values: valid.flat(), stride: width, slots: identity(width), rows: valid.length }];
  const inserted = valid.length ? inTransaction(() => insertRows({ head, tail, width, shared: [], sharedValues: [] }, segments).inserted) : 0;
  return { rowsAffected: [inserted], invalid };
}

// RESTART, not TRUNCATE: writing the WAL again from its start keeps the file
// and its blocks, where truncating 512 MB took 160 ms and the file then grew
// again block by block. RESTART waits (busy_timeout) for readers of old pages;
// if the checkpointer is still copying it answers busy at once, and the writer
// tries again after its next transaction (waiting for the checkpointer's next
// count instead let the WAL grow by a whole interval's writes, past 100 MB).
function restartWalWhenLong(pageSize) {
  if (Atomics.load(walFrames, 0) * pageSize < WAL_RESTART_BYTES) return;
  try {
    const [{ busy }] = db.pragma("wal_checkpoint(RESTART)");
    if (!busy) Atomics.store(walFrames, 0, 0);
  } catch {
    // closing, or an I/O error the next transaction will meet: it retries
  }
}

function truncateWal(pageSize) {
  restartWalWhenLong(pageSize); // the checkpointer left a long WAL to the writer
  try {
    if (statSync(`${file}-wal`).size > WAL_IDLE_KEEP_BYTES) db.pragma("wal_checkpoint(TRUNCATE)");
  } catch {
    // no WAL, or a reader: the next idle spell tries again
  }
}
