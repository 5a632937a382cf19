// What a program's eligibility rule returns for a customer: the trigger that
// fired (one send per trigger key), when to send, and the products to show.

import type { z } from "zod";
import { DAY_MS, distinctLines, purchaseOccasions, type CustomerHistory, type HistoryLine } from "./history.ts";
import { dueAt, type Timing } from "./timing.ts";

export type TriggerItem = HistoryLine;

export interface Trigger {
  /** Names what fired it ("order:<id>", "cart:<token>", "lapse:<last order id>"). */
  triggerKey: string;
  firedAt: Date;
  dueAt: Date;
  items: TriggerItem[];
}

export interface ProgramConfig<R> {
  rule: R;
  timing: Timing;
}

export interface ProgramKind<R extends { withinDays: number }> {
  label: string;
  /** One sentence for the admin: who gets it, when. */
  description: string;
  ruleSchema: z.ZodType<R>;
  defaultRule: R;
  defaultTiming: Timing;
  /** An order placed after the trigger makes the email pointless (a reminder to buy). */
  resolvedByOrder: boolean;
  /** The line under each product of the email's product block. */
  itemReason: string;
  eligibility(history: CustomerHistory, config: ProgramConfig<R>, now: Date): Trigger | null;
}

/**
 * The trigger if it has fired by `now` and not longer ago than the rule's
 * withinDays (so a program switched on today does not write about last year).
 */
export function fired(history: CustomerHistory, config: ProgramConfig<{ withinDays: number }>, now: Date, triggerKey: string, firedAt: Date, items: TriggerItem[]): Trigger | null {
  const age = now.getTime() - firedAt.getTime();
  if (age < 0 || age > config.rule.withinDays * DAY_MS) return null;
  return { triggerKey, firedAt, dueAt: dueAt(firedAt, config.timing, history.store.timeZone), items };
}

/** The last purchase occasion, or null without one. */
export function lastOccasion(history: CustomerHistory) {
  const occasions = purchaseOccasions(history.orders);
  return occasions[occasions.length - 1] ?? null;
}

/** The products a customer bought most often (occasions), most recent first among equals. */
export function favourites(history: CustomerHistory, count: number): TriggerItem[] {
  const tally = new Map<string, { line: HistoryLine; times: number; last: number }>();
  for (const o of purchaseOccasions(history.orders)) {
    for (const line of distinctLines(o.lines)) {
      if (!line.productId) continue;
      const t = tally.get(line.productId);
      if (t) { t.times++; t.last = o.placedAt.getTime(); t.line = line; }
      else tally.set(line.productId, { line, times: 1, last: o.placedAt.getTime() });
    }
  }
  return [...tally.values()].sort((a, b) => b.times - a.times || b.last - a.last).slice(0, count).map((t) => ({ ...t.line, quantity: 1 }));
}
