// Small hand-made customer histories for the programs' tests.

import type { CustomerHistory, HistoryBasket, HistoryLine, HistoryOrder, HistoryScore, StoreKnowledge } from "../../app/programs/history.ts";

export const NOW = new Date("2026-06-15T12:00:00Z");
const DAY = 86_400_000;

export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
export const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

export const line = (productId: string, title = productId.toUpperCase(), price = 5, quantity = 1): HistoryLine => ({ productId, title, quantity, price });

let orderSeq = 0;
export function order(placedAt: Date, lines: HistoryLine[] = [line("mug")], cancelled = false): HistoryOrder {
  return { id: `o${++orderSeq}`, placedAt, cancelled, lines };
}

export function basket(token: string, updatedAt: Date, lines: HistoryLine[] = [line("mug")], extra: Partial<HistoryBasket> = {}): HistoryBasket {
  return { token, startedAt: updatedAt, updatedAt, converted: false, checkoutStarted: false, lines, ...extra };
}

export function score(pAlive: number, extra: Partial<HistoryScore> = {}): HistoryScore {
  return { asOf: daysAgo(1), segmentId: "seg_a", tier: "C", pAlive, previousPAlive: null, expectedPurchases: 1, horizonDays: 365, ...extra };
}

export function store(extra: Partial<StoreKnowledge> = {}): StoreKnowledge {
  return { timeZone: "UTC", secondPurchaseGapDays: 30, repurchaseGaps: new Map(), complements: new Map(), ...extra };
}

export function history(extra: Partial<CustomerHistory> = {}): CustomerHistory {
  return { customerId: "c1", orders: [], carts: [], checkouts: [], score: null, store: store(), ...extra };
}
