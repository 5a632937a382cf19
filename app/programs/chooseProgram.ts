// When a customer qualifies for several programs in one evaluation, one
// program writes. Who decides is a parameter of the evaluator: the default
// is the programs' fixed priority; a bandit implements the same interface.

import type { Db } from "../db.server.ts";

export type ChooseProgram = (
  db: Db,
  shopId: string,
  candidates: { customerId: string; context: { segmentId: string | null; tier: string | null; stage: string }; programIds: string[] }[],
  now: Date,
) => Promise<Map<string /*customerId*/, { programId: string; decisionId?: string }>>;

/** A customer who qualifies for several programs: their context (segment, tier, lifecycle stage) and the programs. */
export type ProgramCandidate = Parameters<ChooseProgram>[2][number];

/** Program.priority, lower first; ties by program id so the choice never depends on load order. */
export const chooseByPriority: ChooseProgram = async (db, shopId, candidates) => {
  const ids = [...new Set(candidates.flatMap((c) => c.programIds))];
  const rows = await db.program.findMany({ where: { shopId, id: { in: ids } }, select: { id: true, priority: true } });
  const priority = new Map(rows.map((r) => [r.id, r.priority]));
  const rank = (id: string) => priority.get(id) ?? Number.POSITIVE_INFINITY;
  const chosen = new Map<string, { programId: string }>();
  for (const c of candidates) {
    const best = [...c.programIds].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))[0];
    if (best) chosen.set(c.customerId, { programId: best });
  }
  return chosen;
};
