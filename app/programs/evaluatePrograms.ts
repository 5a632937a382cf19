// The daily evaluation of a shop's programs: every enabled program's rule
// over every mailable customer's history as of `now`. Each new trigger
// becomes one ProgramSend (programId + customerId + triggerKey is unique, so
// evaluating the same day again adds nothing). A customer who qualifies for
// several programs gets one, picked by the chooser; the others are recorded
// as skipped. The winner's control group is drawn after the choice, so
// treated and held-out customers of a program were chosen alike.

import type { Db } from "../db.server.ts";
import { trackingToken } from "../activation/trackingToken.ts";
import { chooseByPriority, type ChooseProgram, type ProgramCandidate } from "./chooseProgram.ts";
import { inProgramControl } from "./controlGroup.ts";
import { lifecycleStage } from "./lifecycleStage.ts";
import { loadHistories } from "./loadHistories.ts";
import { parseProgramConfig, programKind } from "./programKinds.ts";
import type { Trigger } from "./trigger.ts";
import { isTimeZone } from "./zonedTime.ts";

export interface EvaluateOptions {
  choose?: ChooseProgram;
}

export interface ProgramEvaluation {
  programId: string;
  name: string;
  /** New triggers found this evaluation (before the choice between programs). */
  eligible: number;
  pending: number;
  held: number;
  skipped: number;
}

export interface EvaluationTotals {
  customers: number;
  programs: ProgramEvaluation[];
  created: number;
  /** Programs whose stored settings no longer parse: left out, with the reason. */
  problems: { programId: string; error: string }[];
}

interface Found {
  programId: string;
  trigger: Trigger;
}

export async function evaluatePrograms(db: Db, shopId: string, now: Date, options: EvaluateOptions = {}): Promise<EvaluationTotals> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { id: true, domain: true, timezone: true, urlSecret: true } });
  // The platform sends IANA names; anything else is bad data, named rather than failing deep inside Intl.
  if (!isTimeZone(shop.timezone)) throw new Error(`shop ${shop.domain}: time zone "${shop.timezone}" is not one Intl knows (an IANA name such as Europe/London)`);
  const programs = await db.program.findMany({ where: { shopId, enabled: true }, orderBy: [{ priority: "asc" }, { id: "asc" }] });
  const problems: EvaluationTotals["problems"] = [];
  const runnable = programs.flatMap((p) => {
    const config = parseProgramConfig(p.kind, p.rule, p.timing);
    if (!config.ok) {
      problems.push({ programId: p.id, error: config.error });
      return [];
    }
    return [{ program: p, kind: programKind(p.kind), config: config.value }];
  });
  const stats = new Map(runnable.map(({ program }) => [program.id, { programId: program.id, name: program.name, eligible: 0, pending: 0, held: 0, skipped: 0 }]));
  if (!runnable.length) return { customers: 0, programs: [...stats.values()], created: 0, problems };

  const { histories, contacts } = await loadHistories(db, shopId, shop.timezone, now);
  const found = new Map<string, Found[]>();
  // Only customers who can be mailed are drawn into either group, as for campaigns.
  const mailable = histories.filter((h) => {
    const c = contacts.get(h.customerId);
    return !!c?.email && c.acceptsMarketing;
  });
  for (const history of mailable) {
    for (const { program, kind, config } of runnable) {
      const trigger = kind.eligibility(history, config, now);
      if (trigger) found.set(history.customerId, [...(found.get(history.customerId) ?? []), { programId: program.id, trigger }]);
    }
  }

  // Triggers already recorded (an earlier run today, or a trigger still firing) are not new.
  const customerIds = [...found.keys()];
  const known = new Set<string>();
  for (let i = 0; i < customerIds.length; i += 500) {
    const rows = await db.programSend.findMany({
      where: { shopId, customerId: { in: customerIds.slice(i, i + 500) }, programId: { in: runnable.map((r) => r.program.id) } },
      select: { programId: true, customerId: true, triggerKey: true },
    });
    for (const r of rows) known.add(`${r.programId}\u0000${r.customerId}\u0000${r.triggerKey}`);
  }
  for (const [customerId, list] of found) {
    const fresh = list.filter((f) => !known.has(`${f.programId}\u0000${customerId}\u0000${f.trigger.triggerKey}`));
    if (fresh.length) found.set(customerId, fresh);
    else found.delete(customerId);
  }
  for (const list of found.values()) for (const f of list) stats.get(f.programId)!.eligible++;

  const byId = new Map(histories.map((h) => [h.customerId, h]));
  const contested: ProgramCandidate[] = [...found].filter(([, list]) => list.length > 1).map(([customerId, list]) => {
    const h = byId.get(customerId)!;
    return { customerId, context: { segmentId: h.score?.segmentId ?? null, tier: h.score?.tier ?? null, stage: lifecycleStage(h, now) }, programIds: list.map((f) => f.programId) };
  });
  const choices = contested.length ? await (options.choose ?? chooseByPriority)(db, shopId, contested, now) : new Map<string, { programId: string; decisionId?: string }>();

  const holdout = new Map(runnable.map(({ program }) => [program.id, program.holdoutShare]));
  const rows: SendRow[] = [];
  for (const [customerId, list] of found) {
    const choice = list.length > 1 ? choices.get(customerId) : { programId: list[0].programId };
    if (choice && !list.some((f) => f.programId === choice.programId)) throw new Error(`the chooser picked program ${choice.programId} for customer ${customerId}, who does not qualify for it`);
    for (const f of list) {
      const won = f.programId === choice?.programId;
      const control = won && inProgramControl(f.programId, customerId, holdout.get(f.programId)!);
      const status = !won ? "skipped" : control ? "held" : "pending";
      stats.get(f.programId)![status]++;
      rows.push({
        shopId, programId: f.programId, customerId, triggerKey: f.trigger.triggerKey, control,
        token: trackingToken(shop.urlSecret, `${f.programId}:${f.trigger.triggerKey}`, customerId),
        status, dueAt: f.trigger.dueAt, items: JSON.stringify(f.trigger.items),
        decisionId: won ? (choice?.decisionId ?? null) : null,
        error: won ? null : choice ? `another program was chosen: ${choice.programId}` : "the chooser chose none",
        // The evaluation's own clock: "ordered since" is judged against it, also when replaying a past day.
        createdAt: now,
      });
    }
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += 500) created += await insertNew(db, rows.slice(i, i + 500));
  await db.program.updateMany({ where: { id: { in: runnable.map((r) => r.program.id) } }, data: { lastEvaluatedAt: now } });
  return { customers: mailable.length, programs: [...stats.values()], created, problems };
}

interface SendRow {
  shopId: string; programId: string; customerId: string; triggerKey: string; control: boolean; token: string;
  status: string; dueAt: Date; items: string; decisionId: string | null; error: string | null; createdAt: Date;
}

/**
 * Inserts the rows; when another evaluation of the shop (a CLI run during
 * the sweep) wrote some of them first, the unique key refuses the batch and
 * only the rows still missing are inserted. Returns how many were.
 */
async function insertNew(db: Db, rows: SendRow[]): Promise<number> {
  try {
    return (await db.programSend.createMany({ data: rows })).count;
  } catch (error) {
    const existing = await db.programSend.findMany({
      where: { OR: rows.map((r) => ({ programId: r.programId, customerId: r.customerId, triggerKey: r.triggerKey })) },
      select: { programId: true, customerId: true, triggerKey: true },
    });
    const taken = new Set(existing.map((r) => `${r.programId}\u0000${r.customerId}\u0000${r.triggerKey}`));
    const missing = rows.filter((r) => !taken.has(`${r.programId}\u0000${r.customerId}\u0000${r.triggerKey}`));
    if (missing.length === rows.length) throw error;
    return missing.length ? (await db.programSend.createMany({ data: missing })).count : 0;
  }
}
