// Programs on the clock: each shop's programs are evaluated once a local day
// (the first sweep after midnight in the shop's time zone), and the sends
// that fall due (a send hour, the end of quiet hours) go out on every sweep.

import { chooseProgram as chooseByBandit } from "../bandit/chooseProgram.ts";
import { resolveBanditOutcomes } from "../bandit/resolveOutcomes.ts";
import type { Db } from "../db.server.ts";
import { chooseByPriority, type ChooseProgram } from "./chooseProgram.ts";
import { parseContactPolicy } from "./contactPolicy.ts";
import { evaluatePrograms, type EvaluationTotals } from "./evaluatePrograms.ts";
import { sendDueProgramEmails, type ProgramSendTotals, type SendProgramOptions } from "./sendProgramEmails.ts";
import { localTime } from "./zonedTime.ts";

export interface RunProgramsOptions extends SendProgramOptions {
  /** Default: the shop's contact policy's choice (the bandit, or the fixed priority). */
  choose?: ChooseProgram;
  /** Evaluate even when today's evaluation has run (the CLI's `run`). */
  evaluate?: "always" | "when-due";
}

export interface ProgramRunTotals {
  evaluation: EvaluationTotals | null;
  sending: ProgramSendTotals;
}

// A bandit decision is rewarded when the customer orders within this many
// days of it (Program.attributionDays' default).
const BANDIT_OUTCOME_DAYS = 7;

export async function runPrograms(db: Db, shopId: string, now: Date, options: RunProgramsOptions = {}): Promise<ProgramRunTotals> {
  const evaluation = options.evaluate === "when-due" && !(await evaluationDue(db, shopId, now)) ? null : await evaluatePrograms(db, shopId, now, { choose: options.choose ?? (await shopChooser(db, shopId, now)) });
  return { evaluation, sending: await sendDueProgramEmails(db, shopId, now, options) };
}

/** The shop's choice; the bandit first learns the outcomes of its decisions whose window has closed. */
async function shopChooser(db: Db, shopId: string, now: Date): Promise<ChooseProgram> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { contactPolicy: true } });
  const policy = parseContactPolicy(shop.contactPolicy);
  // An unparsable policy holds the sends back anyway (sendProgramEmails); the choice falls back to the plain rule.
  if (!policy.ok || policy.value.choice === "priority") return chooseByPriority;
  await resolveBanditOutcomes(db, shopId, now, BANDIT_OUTCOME_DAYS);
  return chooseByBandit;
}

/** An enabled program not yet evaluated on the shop's current local date. */
async function evaluationDue(db: Db, shopId: string, now: Date): Promise<boolean> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, programs: { where: { enabled: true }, select: { lastEvaluatedAt: true } } } });
  const day = (d: Date) => {
    const t = localTime(d, shop.timezone);
    return `${t.year}-${t.month}-${t.day}`;
  };
  return shop.programs.some((p) => !p.lastEvaluatedAt || day(p.lastEvaluatedAt) !== day(now));
}

/** Installed shops with work for their programs now: an evaluation due, or sends due. */
export async function shopsWithProgramWork(db: Db, now: Date): Promise<{ id: string; domain: string }[]> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null, programs: { some: { enabled: true } } }, select: { id: true, domain: true, mailServer: { select: { host: true } } } });
  const out: { id: string; domain: string }[] = [];
  for (const shop of shops) {
    // Without a mail server due sends wait: no process is started for them every sweep.
    const sendsDue = shop.mailServer ? await db.programSend.count({ where: { shopId: shop.id, status: { in: ["pending", "deferred"] }, dueAt: { lte: now }, program: { enabled: true } } }) : 0;
    if (sendsDue || (await evaluationDue(db, shop.id, now))) out.push({ id: shop.id, domain: shop.domain });
  }
  return out;
}

/** The worker's sweep: every shop with work, one after another; one shop's failure does not stop the next. */
export async function runDuePrograms(db: Db, now: Date, options: RunProgramsOptions = {}): Promise<Map<string, ProgramRunTotals>> {
  const out = new Map<string, ProgramRunTotals>();
  for (const shop of await shopsWithProgramWork(db, now)) {
    try {
      out.set(shop.domain, await runPrograms(db, shop.id, now, { ...options, evaluate: "when-due" }));
    } catch (error) {
      console.error(`[programs] ${shop.domain} failed`, error);
    }
  }
  return out;
}
