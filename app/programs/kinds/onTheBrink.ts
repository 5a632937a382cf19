// A formerly active customer whose P(alive) (BG/NBD, latest analysis) fell
// below a threshold: they bought repeatedly, and were above it in the
// analysis before when there was one.

import { z } from "zod";
import { purchaseOccasions } from "../history.ts";
import { favourites, fired, type ProgramKind } from "../trigger.ts";

const rule = z.strictObject({
  pAliveBelow: z.number().gt(0).lt(1),
  /** Purchase occasions that make a customer "formerly active". */
  minOrders: z.number().int().min(1).max(100),
  withinDays: z.number().positive().max(90),
  maxItems: z.number().int().min(1).max(24),
});

export const onTheBrink: ProgramKind<z.infer<typeof rule>> = {
  label: "On the brink",
  description: "Repeat customers whose P(alive) fell below the threshold in the latest analysis, with their favourite products.",
  ruleSchema: rule,
  defaultRule: { pAliveBelow: 0.5, minOrders: 2, withinDays: 14, maxItems: 4 },
  defaultTiming: { delayHours: 0, sendHour: 10 },
  resolvedByOrder: true,
  itemReason: "one of your favourites",
  eligibility(history, config, now) {
    const s = history.score;
    if (!s || s.pAlive >= config.rule.pAliveBelow) return null;
    if (s.previousPAlive !== null && s.previousPAlive < config.rule.pAliveBelow) return null;
    const occasions = purchaseOccasions(history.orders.filter((o) => o.placedAt <= s.asOf));
    if (occasions.length < config.rule.minOrders) return null;
    // Once per drift: a new order ends it, a later drop is a new trigger.
    const last = occasions[occasions.length - 1];
    return fired(history, config, now, `brink:${last.id}`, s.asOf, favourites(history, config.rule.maxItems));
  },
};
