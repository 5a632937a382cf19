// What the bandit's decision log says per program, for the admin: how often
// it was chosen, how many of those decisions are resolved, and how many of
// them led to an order.

import type { Db } from "../db.server.ts";

export interface ProgramDecisions {
  chosen: number;
  resolved: number;
  rewarded: number;
}

export async function decisionsByProgram(db: Db, shopId: string): Promise<Map<string, ProgramDecisions>> {
  const [all, resolved] = await Promise.all([
    db.banditDecision.groupBy({ by: ["chosen"], where: { shopId }, _count: { _all: true } }),
    db.banditDecision.groupBy({ by: ["chosen"], where: { shopId, reward: { not: null } }, _count: { _all: true }, _sum: { reward: true } }),
  ]);
  const out = new Map<string, ProgramDecisions>(all.map((g) => [g.chosen, { chosen: g._count._all, resolved: 0, rewarded: 0 }]));
  for (const g of resolved) {
    const row = out.get(g.chosen);
    if (row) Object.assign(row, { resolved: g._count._all, rewarded: g._sum.reward ?? 0 });
  }
  return out;
}
