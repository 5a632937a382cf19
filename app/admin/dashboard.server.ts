// The dashboard's figures for one shop, all read from the shop's own rows:
// counts and revenue from the store, tiers and predicted value from the
// latest finished analysis run.

import type { Db } from "../db.server.ts";
import { latestRun } from "../store/analysisRuns.ts";
import { TIERS } from "../intelligence/segments/valueScores.ts";
import { lorenzCurve, topShareOfRevenue, valueGrid, type Point, type ValueGrid } from "./charts/geometry.ts";
import type { TierBar } from "./charts/TierChart.tsx";
import { nextAnalysisAt, parseSchedule } from "./analysisSchedule.ts";
import { requireShopRow } from "./shop.server.ts";

const DAY_MS = 86_400_000;

export interface Dashboard {
  shop: { domain: string; name: string | null; currency: string };
  customers: number;
  orders: number;
  /** Order totals of orders not cancelled (before refunds). */
  revenue: number;
  lastRun: { id: string; asOf: string; finishedAt: string | null; scored: number; segments: number } | null;
  /** When the shop's analysis schedule next falls due (null: no schedule). */
  nextRun: string | null;
  runningRun: { phase: string | null; progress: number; startedAt: string } | null;
  tiers: TierBar[];
  lorenz: { points: Point[]; gini: number; topFifthShare: number };
  valueGrid: ValueGrid | null;
}

export async function loadDashboard(db: Db, domain: string): Promise<Dashboard> {
  const shop = await requireShopRow(db, domain);
  const live = { shopId: shop.id, cancelledAt: null };
  const [customers, orders, revenue, perCustomer, run, running] = await Promise.all([
    db.customer.count({ where: { shopId: shop.id, deletedAt: null } }),
    db.order.count({ where: live }),
    db.order.aggregate({ where: live, _sum: { totalPrice: true } }),
    db.order.groupBy({ by: ["customerId"], where: { ...live, customerId: { not: null } }, _sum: { totalPrice: true } }),
    latestRun(db, shop.id),
    db.analysisRun.findFirst({ where: { shopId: shop.id, status: "running" }, orderBy: { startedAt: "desc" } }),
  ]);
  const spend = perCustomer.map((r) => Number(r._sum.totalPrice ?? 0));
  const lorenz = { ...lorenzCurve(spend), topFifthShare: topShareOfRevenue(spend, 0.2) };

  let tiers: TierBar[] = TIERS.map((tier) => ({ tier, customers: 0, clv365: 0 }));
  let grid: ValueGrid | null = null;
  let lastRun: Dashboard["lastRun"] = null;
  if (run) {
    const [byTier, scores, segments] = await Promise.all([
      db.customerScore.groupBy({ by: ["tier"], where: { runId: run.id }, _count: { _all: true }, _sum: { clv365: true } }),
      db.customerScore.findMany({ where: { runId: run.id }, select: { customerId: true, clv365: true } }),
      db.segmentSnapshot.count({ where: { runId: run.id } }),
    ]);
    tiers = TIERS.map((tier) => {
      const row = byTier.find((r) => r.tier === tier);
      return { tier, customers: row?._count._all ?? 0, clv365: row?._sum.clv365 ?? 0 };
    });
    // First and last order of every customer up to the run's as-of date.
    const spans = await db.order.groupBy({
      by: ["customerId"],
      where: { ...live, customerId: { not: null }, processedAt: { lte: run.asOf } },
      _min: { processedAt: true },
      _max: { processedAt: true },
    });
    const span = new Map(spans.map((s) => [s.customerId!, s]));
    const points = [];
    for (const s of scores) {
      const o = span.get(s.customerId);
      if (!o?._min.processedAt || !o._max.processedAt) continue;
      points.push({
        longevityDays: (o._max.processedAt.getTime() - o._min.processedAt.getTime()) / DAY_MS,
        recencyDays: (run.asOf.getTime() - o._max.processedAt.getTime()) / DAY_MS,
        value: s.clv365,
      });
    }
    grid = valueGrid(points);
    lastRun = { id: run.id, asOf: run.asOf.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null, scored: scores.length, segments };
  }
  return {
    shop: { domain: shop.domain, name: shop.name, currency: shop.currency },
    customers,
    orders,
    revenue: Number(revenue._sum.totalPrice ?? 0),
    lastRun,
    nextRun: nextRun(shop.analysisSchedule, run?.startedAt ?? null),
    runningRun: running ? { phase: running.phase, progress: running.progress, startedAt: running.startedAt.toISOString() } : null,
    tiers,
    lorenz,
    valueGrid: grid,
  };
}

function nextRun(scheduleText: string | null, lastStartedAt: Date | null): string | null {
  const schedule = parseSchedule(scheduleText);
  return schedule ? nextAnalysisAt(schedule, lastStartedAt, new Date()).toISOString() : null;
}
