import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Queue, Worker } from "bullmq";
import { dueAnalyses, runDueAnalyses, SWEEP_EVERY_MS } from "../analysis/scheduledAnalyses.ts";
import type { Db } from "../db.server.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import { runDuePrograms, shopsWithProgramWork } from "../programs/runPrograms.ts";
import { redisConnection } from "./inboxQueue.server.ts";

const QUEUE_NAME = "pearl-analyses";
const run = promisify(execFile);

/**
 * The embedded default: the web process sweeps, and each due shop is analysed
 * by a `pearl analyze` child process on the same store, one at a time; then
 * each shop with program work (the daily evaluation, or sends due) gets a
 * `pearl programs run --when-due` child process.
 */
export function startLocalAnalysisScheduler(db: Db): { stop(): void } {
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      for (const shop of await dueAnalyses(db, new Date())) {
        await run(process.execPath, [path.resolve("bin", "pearl.js"), "analyze", "--shop", shop.domain], { env: process.env, maxBuffer: 16 * 1024 * 1024 }).catch((error: unknown) =>
          console.error(`[analysis] scheduled run of ${shop.domain} failed`, error),
        );
      }
      for (const shop of await shopsWithProgramWork(db, new Date())) {
        await run(process.execPath, [path.resolve("bin", "pearl.js"), "programs", "run", "--shop", shop.domain, "--when-due"], { env: process.env, maxBuffer: 16 * 1024 * 1024 }).catch((error: unknown) =>
          console.error(`[programs] scheduled run of ${shop.domain} failed`, error),
        );
      }
    } catch (error) {
      console.error("[analysis] schedule sweep failed", error);
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Production: a repeating BullMQ job; whichever worker takes a sweep runs the due analyses itself. */
export async function startAnalysisWorker(db: Db, sql: SqlExecutor, redisUrl: string) {
  const connection = redisConnection(redisUrl);
  const queue = new Queue(QUEUE_NAME, { connection });
  await queue.upsertJobScheduler("analysis-sweep", { every: SWEEP_EVERY_MS }, { name: "sweep", data: {} });
  // One sweep at a time per worker: analyses are CPU-bound. Programs run after them, on fresh scores.
  const worker = new Worker(QUEUE_NAME, async () => {
    const runIds = await runDueAnalyses(db, sql, new Date());
    await runDuePrograms(db, new Date());
    return runIds;
  }, { connection, concurrency: 1 });
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
