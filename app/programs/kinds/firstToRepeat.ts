// One-time buyers, at the moment a second purchase is expected.
//
// The expected gap comes from the shop (the median days from first to second
// order among customers who made one: robust, and what a merchant would
// check) or from the customer's BG/NBD score (horizon / expected purchases).
// The shop's gap is the default because BG/NBD's expectation for someone
// with one order folds in the chance they are gone, which stretches the
// "gap" far past the moment a nudge could help.

import { z } from "zod";
import { DAY_MS, distinctLines, purchaseOccasions } from "../history.ts";
import { fired, type ProgramKind } from "../trigger.ts";

const rule = z.strictObject({
  gapSource: z.enum(["store", "model"]),
  minGapDays: z.number().min(1).max(730),
  maxGapDays: z.number().min(1).max(1095),
  withinDays: z.number().positive().max(90),
}).refine((r) => r.minGapDays <= r.maxGapDays, { message: "minGapDays must not exceed maxGapDays", path: ["minGapDays"] });

type Rule = z.infer<typeof rule>;

export const firstToRepeat: ProgramKind<Rule> = {
  label: "First to repeat",
  description: "Customers with one order, when a second is expected (the shop's typical first-to-second gap, or their own BG/NBD forecast).",
  ruleSchema: rule,
  defaultRule: { gapSource: "store", minGapDays: 7, maxGapDays: 365, withinDays: 7 },
  defaultTiming: { delayHours: 0, sendHour: 10 },
  resolvedByOrder: true,
  itemReason: "from your first order",
  eligibility(history, config, now) {
    const occasions = purchaseOccasions(history.orders);
    if (occasions.length !== 1) return null;
    const first = occasions[0];
    const gap = expectedGapDays(history, config.rule);
    if (gap === null) return null;
    const days = Math.min(config.rule.maxGapDays, Math.max(config.rule.minGapDays, gap));
    return fired(history, config, now, `second:${first.id}`, new Date(first.placedAt.getTime() + days * DAY_MS), distinctLines(first.lines));
  },
};

function expectedGapDays(history: Parameters<ProgramKind<Rule>["eligibility"]>[0], r: Rule): number | null {
  const s = history.score;
  // Without a score (no analysis yet) the model source falls back to the shop's gap.
  if (r.gapSource === "model" && s && s.expectedPurchases > 0) return s.horizonDays / s.expectedPurchases;
  return history.store.secondPurchaseGapDays;
}
