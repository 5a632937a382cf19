// Which lifecycle program a customer who qualifies for several gets this
// period: contextual Thompson sampling over the shop's own decision log.
//
// The shop's resolved BanditDecision rows, grouped by (chosen program,
// context) in the database, become the Beta-Bernoulli evidence
// (app/intelligence/bandit/evidence.ts); every candidate's programs are drawn
// from their posteriors in the candidate's context, the highest draw wins, and
// each decision is logged (context, arms, chosen, the winning draw) so
// resolveBanditOutcomes can reward it once its window closes. All candidates
// of one call share the evidence as of `now`: outcomes of today's decisions
// are not known yet, and independent draws per customer spread them over the
// plausible programs.

import { randomUUID } from "node:crypto";
import type { Db } from "../db.server.ts";
import type { ChooseProgram, ProgramCandidate } from "../programs/chooseProgram.ts";
import {
  BanditEvidence,
  chooseArm,
  contextJson,
  contextPath,
  mulberry32,
  parseContextJson,
  seedFromText,
  type Random,
} from "../intelligence/bandit/index.ts";

type ProgramChoice = { programId: string; decisionId?: string };

export interface ProgramChooserOptions {
  /** Pseudo-observations a context borrows from its coarser context (default 10). */
  priorStrength?: number;
  /** The draws' generator; by default seeded from the shop and `now`, so a rerun of the same day draws the same. */
  random?: (shopId: string, now: Date) => Random;
}

// Rows per createMany: 8 columns x 1,000 stays under both databases' bound-parameter limits.
const WRITE_BATCH = 1_000;
// Ids per IN (...) list: Prisma caps an SQLite query at 999 bound parameters.
const READ_BATCH = 900;

/** The shop's resolved decisions as evidence: one grouped query, however long the log. */
export async function loadBanditEvidence(db: Db, shopId: string, priorStrength?: number): Promise<BanditEvidence> {
  const evidence = new BanditEvidence({ priorStrength });
  const groups = await db.banditDecision.groupBy({
    by: ["chosen", "context"],
    where: { shopId, reward: { not: null } },
    _sum: { reward: true },
    _count: { _all: true },
  });
  for (const group of groups) {
    const trials = group._count._all;
    const reward = Math.min(trials, Math.max(0, group._sum.reward ?? 0));
    evidence.add(group.chosen, contextPath(parseContextJson(group.context)), reward, trials);
  }
  return evidence;
}

export function createProgramChooser(options: ProgramChooserOptions = {}): ChooseProgram {
  const randomFor = options.random ?? ((shopId: string, now: Date) => mulberry32(seedFromText(`${shopId}:${now.toISOString()}`)));
  return async (db, shopId, candidates, now) => {
    await checkCandidates(db, shopId, candidates);
    const evidence = await loadBanditEvidence(db, shopId, options.priorStrength);
    const random = randomFor(shopId, now);

    const choices = new Map<string, ProgramChoice>();
    const rows: { id: string; shopId: string; customerId: string; context: string; arms: string; chosen: string; sample: number; decidedAt: Date }[] = [];
    for (const candidate of candidates) {
      const arms = [...new Set(candidate.programIds)];
      const { arm, sample } = chooseArm(evidence, arms, contextPath(candidate.context), random);
      const id = randomUUID();
      rows.push({ id, shopId, customerId: candidate.customerId, context: contextJson(candidate.context), arms: JSON.stringify(arms), chosen: arm, sample, decidedAt: now });
      choices.set(candidate.customerId, { programId: arm, decisionId: id });
    }
    const writes = [];
    for (let start = 0; start < rows.length; start += WRITE_BATCH) writes.push(db.banditDecision.createMany({ data: rows.slice(start, start + WRITE_BATCH) }));
    await db.$transaction(writes);
    return choices;
  };
}

export const chooseProgram: ChooseProgram = createProgramChooser();

/** Bad input is a caller's mistake: named, before anything is drawn or written. */
async function checkCandidates(db: Db, shopId: string, candidates: ProgramCandidate[]): Promise<void> {
  const customerIds = new Set<string>();
  const programIds = new Set<string>();
  for (const candidate of candidates) {
    if (customerIds.has(candidate.customerId)) throw new Error(`chooseProgram: customer ${candidate.customerId} is a candidate twice`);
    customerIds.add(candidate.customerId);
    if (candidate.programIds.length === 0) throw new Error(`chooseProgram: customer ${candidate.customerId} has no programs to choose from`);
    if (typeof candidate.context?.stage !== "string" || candidate.context.stage === "") throw new Error(`chooseProgram: customer ${candidate.customerId} has no lifecycle stage`);
    for (const id of candidate.programIds) programIds.add(id);
  }
  const missingCustomers = await missingIds([...customerIds], (ids) =>
    db.customer.findMany({ where: { shopId, id: { in: ids } }, select: { id: true } }),
  );
  if (missingCustomers.length > 0) throw new Error(`chooseProgram: not customers of shop ${shopId}: ${missingCustomers.slice(0, 5).join(", ")}${missingCustomers.length > 5 ? ", ..." : ""}`);
  const missingPrograms = await missingIds([...programIds], (ids) => db.program.findMany({ where: { shopId, id: { in: ids } }, select: { id: true } }));
  if (missingPrograms.length > 0) throw new Error(`chooseProgram: not programs of shop ${shopId}: ${missingPrograms.join(", ")}`);
}

async function missingIds(ids: string[], find: (ids: string[]) => Promise<{ id: string }[]>): Promise<string[]> {
  const found = new Set<string>();
  for (let start = 0; start < ids.length; start += READ_BATCH) for (const row of await find(ids.slice(start, start + READ_BATCH))) found.add(row.id);
  return ids.filter((id) => !found.has(id));
}
