// Rewards for logged bandit decisions whose outcome window has closed: 1 when
// the customer placed an order (not cancelled) in (decidedAt, decidedAt +
// window], else 0. Pages of decisions, oldest first, each with one query for
// its customers' orders in the page's time span and two updates (rewarded,
// not rewarded), so 100k decisions cost about 450 queries, none per decision.

import type { Db } from "../db.server.ts";

const DAY_MS = 86_400_000;
// Decisions per page: their ids and customers go into IN (...) lists, and
// Prisma caps an SQLite query at 999 bound parameters.
const PAGE = 900;

export interface ResolvedOutcomes {
  resolved: number;
  rewarded: number;
}

export async function resolveBanditOutcomes(db: Db, shopId: string, now: Date, windowDays: number): Promise<ResolvedOutcomes> {
  if (!(windowDays > 0) || !Number.isFinite(windowDays)) throw new Error(`resolveBanditOutcomes: windowDays must be a positive number, got ${windowDays}`);
  const windowMs = windowDays * DAY_MS;
  const closedBefore = new Date(now.getTime() - windowMs);
  const result: ResolvedOutcomes = { resolved: 0, rewarded: 0 };
  for (;;) {
    // Each page is resolved before the next is read, so the same filter walks the backlog.
    const page = await db.banditDecision.findMany({
      where: { shopId, resolvedAt: null, decidedAt: { lte: closedBefore } },
      orderBy: [{ decidedAt: "asc" }, { id: "asc" }],
      take: PAGE,
      select: { id: true, customerId: true, decidedAt: true },
    });
    if (page.length === 0) return result;

    const from = page[0].decidedAt;
    const to = new Date(page[page.length - 1].decidedAt.getTime() + windowMs);
    const orders = await db.order.findMany({
      where: { shopId, customerId: { in: [...new Set(page.map((d) => d.customerId))] }, cancelledAt: null, processedAt: { gt: from, lte: to } },
      select: { customerId: true, processedAt: true },
    });
    const orderTimes = new Map<string, number[]>();
    for (const order of orders) {
      const times = orderTimes.get(order.customerId!) ?? [];
      times.push(order.processedAt.getTime());
      orderTimes.set(order.customerId!, times);
    }
    for (const times of orderTimes.values()) times.sort((a, b) => a - b);

    const rewarded: string[] = [];
    const unrewarded: string[] = [];
    for (const decision of page) {
      const start = decision.decidedAt.getTime();
      const times = orderTimes.get(decision.customerId);
      const first = times ? firstAfter(times, start) : undefined;
      (first !== undefined && first <= start + windowMs ? rewarded : unrewarded).push(decision.id);
    }
    await db.$transaction([
      db.banditDecision.updateMany({ where: { id: { in: rewarded } }, data: { reward: 1, resolvedAt: now } }),
      db.banditDecision.updateMany({ where: { id: { in: unrewarded } }, data: { reward: 0, resolvedAt: now } }),
    ]);
    result.resolved += page.length;
    result.rewarded += rewarded.length;
  }
}

/** The first time strictly after `t` in a sorted list (binary search). */
function firstAfter(sorted: number[], t: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= t) low = mid + 1;
    else high = mid;
  }
  return sorted[low];
}
