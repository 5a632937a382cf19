/**
 * Analyses on each shop's schedule (Settings → analysis schedule). A sweep
 * every few minutes asks which shops are due and runs them one after another:
 * in `npm run worker` (BullMQ job scheduler, so one worker takes each sweep),
 * or, in the embedded default, from the web process, which starts each run as
 * a `pearl analyze` child process so its seconds of CPU never hold up a
 * webhook's acknowledgement.
 */
import { nextAnalysisAt, parseSchedule } from "../admin/analysisSchedule.ts";
import type { Db } from "../db.server.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import { runAnalysis } from "./runAnalysis.ts";

export const SWEEP_EVERY_MS = 5 * 60_000;
/** A run still "running" after this long died with its process: it no longer blocks the next. */
const RUN_PRESUMED_DEAD_MS = 6 * 3_600_000;

export interface DueShop {
  id: string;
  domain: string;
  dueAt: Date;
}

/** Shops whose next scheduled analysis is at or before now and that have none running. */
export async function dueAnalyses(db: Db, now: Date): Promise<DueShop[]> {
  const shops = await db.shop.findMany({
    where: { analysisSchedule: { not: null }, uninstalledAt: null },
    select: { id: true, domain: true, installedAt: true, analysisSchedule: true, analysisRuns: { orderBy: { startedAt: "desc" }, take: 1, select: { startedAt: true, status: true } } },
  });
  const due: DueShop[] = [];
  for (const shop of shops) {
    const schedule = parseSchedule(shop.analysisSchedule);
    if (!schedule) continue;
    const last = shop.analysisRuns[0];
    if (last?.status === "running" && now.getTime() - last.startedAt.getTime() < RUN_PRESUMED_DEAD_MS) continue;
    const from = last?.startedAt ?? shop.installedAt;
    const dueAt = nextAnalysisAt(schedule, last?.startedAt ?? null, from);
    if (dueAt <= now) due.push({ id: shop.id, domain: shop.domain, dueAt });
  }
  return due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** Runs the due shops' analyses here, one after another (the worker's sweep). Returns the run ids. */
export async function runDueAnalyses(db: Db, sql: SqlExecutor, now: Date): Promise<string[]> {
  const runIds: string[] = [];
  for (const due of await dueAnalyses(db, now)) {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: due.id }, select: { id: true, domain: true, timezone: true, analysisSettings: true } });
    try {
      runIds.push((await runAnalysis(db, sql, shop, { asOf: now })).runId);
    } catch (error) {
      // Stored as a failed run (the admin shows it); the next shop still runs.
      console.error(`[analysis] scheduled run of ${shop.domain} failed`, error);
    }
  }
  return runIds;
}
