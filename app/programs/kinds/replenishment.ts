// A reminder when a product the customer buys again and again is due: at
// their own median interval for it when they bought it often enough, else
// at the shop's median repurchase gap of the product when enough customers
// have rebought it.

import { z } from "zod";
import { DAY_MS, distinctLines, median, purchaseOccasions, type CustomerHistory } from "../history.ts";
import { fired, type ProgramKind, type TriggerItem } from "../trigger.ts";

const rule = z.strictObject({
  /** Purchases of the product (occasions) from which the customer's own interval is used. */
  minOwnPurchases: z.number().int().min(2).max(50),
  /** Rebuys across the shop from which the product's shop-wide gap is trusted. */
  minShopObservations: z.number().int().min(1).max(10_000),
  /**
   * Products the customer bought once use the shop's gap too. Off by default:
   * a wholesaler buys hundreds of products once, and one of them is always "due".
   */
  useShopGap: z.boolean(),
  /** Days before the due date to remind. */
  earlyDays: z.number().min(0).max(60),
  minGapDays: z.number().min(1).max(365),
  withinDays: z.number().positive().max(60),
  maxItems: z.number().int().min(1).max(24),
});

type Rule = z.infer<typeof rule>;

export const replenishment: ProgramKind<Rule> = {
  label: "Replenishment reminder",
  description: "When a product the customer rebuys is due again: their own interval, or the product's median repurchase gap in the shop.",
  ruleSchema: rule,
  defaultRule: { minOwnPurchases: 3, minShopObservations: 5, useShopGap: false, earlyDays: 2, minGapDays: 7, withinDays: 7, maxItems: 4 },
  defaultTiming: { delayHours: 0, sendHour: 10 },
  resolvedByOrder: false,
  itemReason: "due for a refill",
  eligibility(history, config, now) {
    const due = dueProducts(history, config.rule).filter((d) => d.dueMs <= now.getTime() && now.getTime() - d.dueMs <= config.rule.withinDays * DAY_MS);
    if (!due.length) return null;
    due.sort((a, b) => a.dueMs - b.dueMs || (a.item.productId! < b.item.productId! ? -1 : 1));
    const first = due[0];
    // Keyed by the product and its last purchase: the next purchase starts a new cycle.
    return fired(history, config, now, `refill:${first.item.productId}:${first.lastOrderId}`, new Date(first.dueMs), due.slice(0, config.rule.maxItems).map((d) => d.item));
  },
};

interface DueProduct {
  item: TriggerItem;
  lastOrderId: string;
  dueMs: number;
}

function dueProducts(history: CustomerHistory, r: Rule): DueProduct[] {
  const purchases = new Map<string, { item: TriggerItem; times: number[]; lastOrderId: string }>();
  for (const o of purchaseOccasions(history.orders)) {
    for (const line of distinctLines(o.lines)) {
      if (!line.productId) continue;
      const p = purchases.get(line.productId);
      if (p) { p.times.push(o.placedAt.getTime()); p.lastOrderId = o.id; p.item = line; }
      else purchases.set(line.productId, { item: line, times: [o.placedAt.getTime()], lastOrderId: o.id });
    }
  }
  const out: DueProduct[] = [];
  for (const [productId, p] of purchases) {
    const gapDays = ownGap(p.times, r) ?? shopGap(history, productId, p.times.length, r);
    if (gapDays === null || gapDays < r.minGapDays) continue;
    out.push({ item: p.item, lastOrderId: p.lastOrderId, dueMs: p.times[p.times.length - 1] + (gapDays - r.earlyDays) * DAY_MS });
  }
  return out;
}

function ownGap(times: number[], r: Rule): number | null {
  if (times.length < r.minOwnPurchases) return null;
  return median(times.slice(1).map((t, i) => (t - times[i]) / DAY_MS));
}

function shopGap(history: CustomerHistory, productId: string, times: number, r: Rule): number | null {
  if (times < 2 && !r.useShopGap) return null;
  const gap = history.store.repurchaseGaps.get(productId);
  return gap && gap.observations >= r.minShopObservations ? gap.medianDays : null;
}
