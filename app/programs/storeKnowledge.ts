// What the shop's whole history teaches the programs, computed once per
// evaluation from every customer's orders: the typical first-to-second gap,
// each product's median repurchase gap, and each product's complements
// (the recommender's co-purchase neighbours, app/intelligence/recommend/coPurchase.ts).

import { orderTableFromFacts } from "../intelligence/orderTable.ts";
import { coPurchaseNeighbors } from "../intelligence/recommend/coPurchase.ts";
import { purchaseHistory } from "../intelligence/recommend/purchaseHistory.ts";
import type { OrderFact } from "../intelligence/types.ts";
import { DAY_MS, distinctLines, median, purchaseOccasions, type Complement, type CustomerHistory, type RepurchaseGap, type StoreKnowledge } from "./history.ts";

type OrdersOf = Pick<CustomerHistory, "customerId" | "orders">;

export function storeKnowledge(customers: readonly OrdersOf[], timeZone: string, now: Date): StoreKnowledge {
  const secondGaps: number[] = [];
  const gaps = new Map<string, number[]>();
  for (const c of customers) {
    const occasions = purchaseOccasions(c.orders);
    if (occasions.length >= 2) secondGaps.push((occasions[1].placedAt.getTime() - occasions[0].placedAt.getTime()) / DAY_MS);
    const lastBought = new Map<string, number>();
    for (const o of occasions) {
      for (const line of distinctLines(o.lines)) {
        if (!line.productId) continue;
        const t = o.placedAt.getTime();
        const before = lastBought.get(line.productId);
        if (before !== undefined) {
          const list = gaps.get(line.productId) ?? [];
          list.push((t - before) / DAY_MS);
          gaps.set(line.productId, list);
        }
        lastBought.set(line.productId, t);
      }
    }
  }
  const repurchaseGaps = new Map<string, RepurchaseGap>();
  for (const [productId, list] of gaps) repurchaseGaps.set(productId, { medianDays: median(list)!, observations: list.length });
  return { timeZone, secondPurchaseGapDays: median(secondGaps), repurchaseGaps, complements: complements(customers, now) };
}

function complements(customers: readonly OrdersOf[], now: Date): Map<string, Complement[]> {
  const facts: OrderFact[] = [];
  const lastSold = new Map<string, { title: string; price: number }>();
  for (const c of customers) {
    for (const o of c.orders) {
      facts.push({
        orderId: o.id, customerId: c.customerId, placedAt: o.placedAt, total: 0, discount: 0, refunded: 0, cancelled: o.cancelled,
        lines: o.lines.map((l) => ({ productId: l.productId, category: null, quantity: l.quantity, unitPrice: l.price })),
        giftSignals: { differentShipping: false, giftNote: false },
      });
      for (const l of o.lines) if (l.productId) lastSold.set(l.productId, { title: l.title, price: l.price });
    }
  }
  const out = new Map<string, Complement[]>();
  if (!facts.length) return out;
  const table = orderTableFromFacts(facts);
  const products = table.products ?? [];
  if (!products.length) return out;
  const neighbors = coPurchaseNeighbors(purchaseHistory(table, now.getTime() + 1));
  for (let p = 0; p < products.length; p++) {
    const list: Complement[] = [];
    for (let e = neighbors.start[p]; e < neighbors.start[p + 1]; e++) {
      const q = products[neighbors.neighbor[e]];
      const sold = lastSold.get(q);
      list.push({ productId: q, title: sold?.title ?? q, price: sold?.price ?? 0, similarity: neighbors.similarity[e] });
    }
    if (list.length) out.set(products[p], list);
  }
  return out;
}
