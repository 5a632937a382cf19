// SQLite's worker threads. libsql runs statements synchronously, so on the
// main thread every inbox commit would stall the HTTP event loop; here the
// web thread only posts rows and waits for the commit. Plain JavaScript so it
// starts without a TypeScript loader, in development and in the build.
//
// role "writer": executes the statements it is sent, each message in one
//   transaction (client.batch is all or nothing). A `jsonRows` message
//   carries rows with a received body as bytes: the thread checks each is a
//   JSON object, inserts the valid rows and reports the others.
// role "checkpointer": copies the WAL back into the database file every
//   second. Connections are told not to checkpoint themselves: an automatic
//   checkpoint runs inside the commit that crosses the threshold and holds
//   that commit (and every acknowledgement waiting on it) for tens of ms.
//   PASSIVE never blocks the writer.
import { parentPort, workerData } from "node:worker_threads";
import { createClient } from "@libsql/client";
import { checkJsonObject } from "./jsonObject.mjs";

const client = createClient({ url: workerData.url });
const ready = (async () => {
  await client.execute("PRAGMA busy_timeout = 10000");
  // WAL + NORMAL: a commit survives a crash of the process (the inbox's
  // promise); only an OS crash or power loss may undo the last commits.
  await client.execute("PRAGMA synchronous = NORMAL");
  await client.execute("PRAGMA wal_autocheckpoint = 0");
})();

if (workerData.role === "checkpointer") {
  const timer = setInterval(async () => {
    await ready;
    await client.execute("PRAGMA wal_checkpoint(PASSIVE)").catch(() => {});
  }, 1000);
  parentPort.on("message", (message) => {
    if (message === "stop") {
      clearInterval(timer);
      client.close();
      parentPort.close();
    }
  });
} else {
  parentPort.on("message", async ({ id, statements, jsonRows, stop }) => {
    if (stop) {
      // Asked, not terminated: a thread terminated inside a libsql call aborts the process.
      client.close();
      parentPort.close();
      return;
    }
    try {
      await ready;
      if (jsonRows) {
        parentPort.postMessage({ id, ...(await insertJsonRows(jsonRows)) });
        return;
      }
      const results = statements.length === 1
        ? [await client.execute(statements[0])]
        : await client.batch(statements, "write");
      parentPort.postMessage({ id, rowsAffected: results.map((r) => r.rowsAffected) });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

async function insertJsonRows({ head, tail, width, jsonColumn, rowsPerStatement, rows }) {
  const valid = [];
  const invalid = [];
  rows.forEach((row, index) => {
    const check = checkJsonObject(row[jsonColumn]);
    if (!check.ok) return invalid.push({ index, error: check.error });
    row[jsonColumn] = check.text;
    valid.push(row);
  });
  const tuple = `(${Array(width).fill("?").join(",")})`;
  const statements = [];
  for (let start = 0; start < valid.length; start += rowsPerStatement) {
    const chunk = valid.slice(start, start + rowsPerStatement);
    statements.push({ sql: head + Array(chunk.length).fill(tuple).join(",") + tail, args: chunk.flat() });
  }
  const results = statements.length === 0 ? [] : statements.length === 1 ? [await client.execute(statements[0])] : await client.batch(statements, "write");
  return { rowsAffected: results.map((r) => r.rowsAffected), invalid };
}
