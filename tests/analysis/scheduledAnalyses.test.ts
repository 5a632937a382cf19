import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dueAnalyses, runDueAnalyses } from "../../app/analysis/scheduledAnalyses.ts";
import { openSqlExecutor, type SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { streamCdnow } from "../../app/imports/cdnow.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { defaultTarget, openDb, randomShopDomain } from "../helpers/testDb.ts";

const CDNOW = path.resolve("..", "shared", "data", "cdnow", "CDNOW_sample.txt");
const HOUR = 3_600_000;
const NOW = new Date("2026-12-01T09:30:00Z");

describe("analyses on each shop's schedule", () => {
  let db: Db;
  let sql: SqlExecutor;
  beforeAll(() => {
    const target = defaultTarget();
    db = openDb(target);
    sql = openSqlExecutor(target);
  });
  afterAll(async () => {
    await sql.close();
    await db.$disconnect();
  });

  async function shopWith(schedule: object | null, lastRun?: { hoursAgo: number; status: string }) {
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    await db.shop.update({ where: { id: shop.id }, data: { analysisSchedule: schedule ? JSON.stringify(schedule) : null, installedAt: new Date(NOW.getTime() - 30 * 24 * HOUR) } });
    if (lastRun) await db.analysisRun.create({ data: { shopId: shop.id, asOf: NOW, status: lastRun.status, startedAt: new Date(NOW.getTime() - lastRun.hoursAgo * HOUR), params: "{}" } });
    return shop;
  }

  it("are due once the interval since the last run has passed at the chosen hour, and never twice at once", async () => {
    // GIVEN shops with schedules "every day at 06:00 UTC" in every state
    const daily = { everyDays: 1, hourUtc: 6 };
    const lapsed = await shopWith(daily, { hoursAgo: 50, status: "done" });
    const ranThisMorning = await shopWith(daily, { hoursAgo: 3, status: "done" });
    const died = await shopWith(daily, { hoursAgo: 30, status: "running" });
    const stillRunning = await shopWith(daily, { hoursAgo: 1, status: "running" });
    const neverRun = await shopWith(daily);
    const weekly = await shopWith({ everyDays: 7, hourUtc: 6 }, { hoursAgo: 50, status: "done" });
    const unscheduled = await shopWith(null, { hoursAgo: 500, status: "done" });
    // WHEN the sweep asks at 09:30
    const due = new Set((await dueAnalyses(db, NOW)).map((d) => d.id));
    // THEN
    expect(due.has(lapsed.id)).toBe(true);
    expect(due.has(neverRun.id)).toBe(true);
    expect(due.has(died.id)).toBe(true); // "running" for 30 h: its process died, it blocks nothing
    expect(due.has(ranThisMorning.id)).toBe(false);
    expect(due.has(stillRunning.id)).toBe(false);
    expect(due.has(weekly.id)).toBe(false);
    expect(due.has(unscheduled.id)).toBe(false);
  });

  it("a due shop is analysed by the sweep, and is not due again right after", async () => {
    // GIVEN the CDNOW cohort in a store of its own, scheduled weekly, never analysed
    const target = defaultTarget();
    const store = openDb(target);
    const storeSql = openSqlExecutor(target);
    try {
      const shop = await installShop(store, { domain: randomShopDomain(), platform: "shopify" });
      await store.shop.update({ where: { id: shop.id }, data: { analysisSchedule: JSON.stringify({ everyDays: 7, hourUtc: 2 }), installedAt: new Date("2026-11-01T00:00:00Z") } });
      await writeImport(storeSql, shop.id, streamCdnow(CDNOW));
      // WHEN the sweep runs
      const runIds = await runDueAnalyses(store, storeSql, NOW);
      // THEN one finished run with every customer scored, and nothing is due any more
      expect(runIds).toHaveLength(1);
      const run = await store.analysisRun.findUniqueOrThrow({ where: { id: runIds[0] } });
      expect(run).toMatchObject({ shopId: shop.id, status: "done" });
      expect(await store.customerScore.count({ where: { runId: run.id } })).toBe(2357);
      expect(await dueAnalyses(store, new Date(NOW.getTime() + HOUR))).toEqual([]);
    } finally {
      await storeSql.close();
      await store.$disconnect();
    }
  });
});
