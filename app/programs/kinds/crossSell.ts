// Complements of what was bought: a while after an order, the products the
// shop's co-purchase model ties to it (app/intelligence/recommend/coPurchase.ts),
// leaving out everything the customer already owns.

import { z } from "zod";
import { DAY_MS, distinctLines } from "../history.ts";
import { fired, lastOccasion, type ProgramKind, type TriggerItem } from "../trigger.ts";

const rule = z.strictObject({
  /** Days after the order. */
  afterDays: z.number().min(0).max(365),
  withinDays: z.number().positive().max(90),
  maxItems: z.number().int().min(1).max(24),
  /** Complements weaker than this (co-purchase similarity, 0-1) are not shown. */
  minSimilarity: z.number().min(0).max(1),
});

export const crossSell: ProgramKind<z.infer<typeof rule>> = {
  label: "Cross-sell",
  description: "A while after an order, products often bought with what the customer bought, that they do not own yet.",
  ruleSchema: rule,
  defaultRule: { afterDays: 14, withinDays: 7, maxItems: 4, minSimilarity: 0.02 },
  defaultTiming: { delayHours: 0, sendHour: 10 },
  resolvedByOrder: false,
  itemReason: "goes well with your order",
  eligibility(history, config, now) {
    const order = lastOccasion(history);
    if (!order) return null;
    const owned = new Set(history.orders.flatMap((o) => o.lines.map((l) => l.productId)));
    const score = new Map<string, { title: string; price: number; sum: number }>();
    for (const line of distinctLines(order.lines)) {
      if (!line.productId) continue;
      for (const c of history.store.complements.get(line.productId) ?? []) {
        if (owned.has(c.productId) || c.similarity < config.rule.minSimilarity) continue;
        const s = score.get(c.productId);
        if (s) s.sum += c.similarity;
        else score.set(c.productId, { title: c.title, price: c.price, sum: c.similarity });
      }
    }
    const items: TriggerItem[] = [...score].sort((a, b) => b[1].sum - a[1].sum || (a[0] < b[0] ? -1 : 1)).slice(0, config.rule.maxItems)
      .map(([productId, s]) => ({ productId, title: s.title, quantity: 1, price: s.price }));
    if (!items.length) return null;
    return fired(history, config, now, `cross:${order.id}`, new Date(order.placedAt.getTime() + config.rule.afterDays * DAY_MS), items);
  },
};
