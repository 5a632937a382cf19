// Lapsed well beyond their own rhythm: no order for more than k times the
// customer's mean gap between orders (and at least minLapseDays).

import { z } from "zod";
import { DAY_MS, purchaseOccasions } from "../history.ts";
import { favourites, fired, type ProgramKind } from "../trigger.ts";

const rule = z.strictObject({
  gapMultiple: z.number().min(1).max(20),
  minOrders: z.number().int().min(2).max(100),
  minLapseDays: z.number().min(1).max(1095),
  withinDays: z.number().positive().max(180),
  maxItems: z.number().int().min(1).max(24),
});

export const winBack: ProgramKind<z.infer<typeof rule>> = {
  label: "Win-back",
  description: "Customers with no order for more than k times their own mean gap between orders, with their favourite products.",
  ruleSchema: rule,
  defaultRule: { gapMultiple: 3, minOrders: 2, minLapseDays: 60, withinDays: 30, maxItems: 4 },
  defaultTiming: { delayHours: 0, sendHour: 10 },
  resolvedByOrder: true,
  itemReason: "one of your favourites",
  eligibility(history, config, now) {
    const occasions = purchaseOccasions(history.orders);
    if (occasions.length < config.rule.minOrders) return null;
    const first = occasions[0].placedAt.getTime();
    const last = occasions[occasions.length - 1];
    const meanGapDays = (last.placedAt.getTime() - first) / (occasions.length - 1) / DAY_MS;
    const lapseDays = Math.max(config.rule.minLapseDays, config.rule.gapMultiple * meanGapDays);
    return fired(history, config, now, `lapse:${last.id}`, new Date(last.placedAt.getTime() + lapseDays * DAY_MS), favourites(history, config.rule.maxItems));
  },
};
