// Abandoned carts and checkouts: the latest one with items, not turned into
// an order (and followed by none), idle for longer than abandonAfterHours.
// A cart from which a checkout was started is left to the checkout program.

import { z } from "zod";
import { distinctLines, HOUR_MS, type CustomerHistory, type HistoryBasket } from "../history.ts";
import { fired, type ProgramConfig, type ProgramKind, type Trigger } from "../trigger.ts";

const rule = z.strictObject({
  abandonAfterHours: z.number().min(0.25).max(24 * 30),
  withinDays: z.number().positive().max(30),
  /** Baskets worth less than this (the lines' price x quantity) are let go. */
  minValue: z.number().min(0),
});

type Rule = z.infer<typeof rule>;

function abandoned(history: CustomerHistory, baskets: HistoryBasket[], config: ProgramConfig<Rule>, now: Date, prefix: string, skip: (b: HistoryBasket) => boolean): Trigger | null {
  // Only the latest basket: an older one was given up for it.
  const latest = [...baskets].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  if (!latest || latest.converted || skip(latest)) return null;
  const items = distinctLines(latest.lines);
  if (!items.length || items.reduce((sum, l) => sum + l.price * l.quantity, 0) < config.rule.minValue) return null;
  if (history.orders.some((o) => !o.cancelled && o.placedAt >= latest.startedAt)) return null;
  return fired(history, config, now, `${prefix}:${latest.token}`, new Date(latest.updatedAt.getTime() + config.rule.abandonAfterHours * HOUR_MS), items);
}

export const abandonedCart: ProgramKind<Rule> = {
  label: "Abandoned cart",
  description: "A cart left with items and no order, with the items left behind.",
  ruleSchema: rule,
  defaultRule: { abandonAfterHours: 4, withinDays: 3, minValue: 0 },
  defaultTiming: { delayHours: 0, sendHour: null },
  resolvedByOrder: true,
  itemReason: "left in your cart",
  eligibility: (history, config, now) => abandoned(history, history.carts, config, now, "cart", (b) => b.checkoutStarted),
};

export const abandonedCheckout: ProgramKind<Rule> = {
  label: "Abandoned checkout",
  description: "A checkout started and not completed, with the items left behind.",
  ruleSchema: rule,
  defaultRule: { abandonAfterHours: 1, withinDays: 3, minValue: 0 },
  defaultTiming: { delayHours: 0, sendHour: null },
  resolvedByOrder: true,
  itemReason: "waiting at checkout",
  eligibility: (history, config, now) => abandoned(history, history.checkouts, config, now, "checkout", () => false),
};
