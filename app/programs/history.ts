// What a program knows about one customer when it decides whether to write:
// their orders, carts and checkouts, the latest analysis's scores, and what
// the shop as a whole has learned (typical gaps, complements). Plain records:
// the kinds' eligibility rules are pure functions of them.

export interface HistoryLine {
  /** Product.externalId, or null for a line without a product. */
  productId: string | null;
  title: string;
  quantity: number;
  price: number;
}

export interface HistoryOrder {
  id: string;
  placedAt: Date;
  cancelled: boolean;
  lines: HistoryLine[];
}

/** A cart or a checkout. */
export interface HistoryBasket {
  token: string;
  startedAt: Date;
  /** The last change (the platform's updated_at, else the start). */
  updatedAt: Date;
  /** Turned into an order (linked, or for a checkout, completed). */
  converted: boolean;
  /** Carts only: a checkout was started from it. */
  checkoutStarted: boolean;
  lines: HistoryLine[];
}

/** The customer's row of the latest finished analysis. */
export interface HistoryScore {
  asOf: Date;
  segmentId: string;
  tier: string;
  pAlive: number;
  /** P(alive) in the analysis before it, when there was one. */
  previousPAlive: number | null;
  /** BG/NBD's expected purchases over horizonDays after asOf. */
  expectedPurchases: number;
  horizonDays: number;
}

export interface RepurchaseGap {
  medianDays: number;
  /** Gaps between two purchases of the product by one customer that the median is of. */
  observations: number;
}

export interface Complement {
  productId: string;
  title: string;
  /** The price it last sold at (the email shows the catalogue's when the product is stored). */
  price: number;
  similarity: number;
}

/** What the shop's whole history says, shared by every customer's history. */
export interface StoreKnowledge {
  timeZone: string;
  /** Median days from a customer's first order to their second, over customers with two. */
  secondPurchaseGapDays: number | null;
  /** Per product (externalId): the median days between two purchases of it by the same customer. */
  repurchaseGaps: Map<string, RepurchaseGap>;
  /** Per product (externalId): products often bought by the same customers, best first. */
  complements: Map<string, Complement[]>;
}

export interface CustomerHistory {
  customerId: string;
  /** Ascending by placedAt. */
  orders: HistoryOrder[];
  carts: HistoryBasket[];
  checkouts: HistoryBasket[];
  score: HistoryScore | null;
  store: StoreKnowledge;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/**
 * Non-cancelled orders, one per purchase occasion: orders less than 12 hours
 * apart count once (wholesalers place several invoices a day), as in
 * app/intelligence/recommend/purchaseHistory.ts.
 */
export function purchaseOccasions(orders: readonly HistoryOrder[]): HistoryOrder[] {
  const out: HistoryOrder[] = [];
  for (const o of orders) {
    if (o.cancelled) continue;
    const last = out[out.length - 1];
    if (last && o.placedAt.getTime() - last.placedAt.getTime() < DAY_MS / 2) continue;
    out.push(o);
  }
  return out;
}

/** The order's lines, one per product (quantities added), products first seen first. */
export function distinctLines(lines: readonly HistoryLine[]): HistoryLine[] {
  const byKey = new Map<string, HistoryLine>();
  for (const l of lines) {
    if (!(l.quantity > 0)) continue;
    const key = l.productId ?? `title:${l.title}`;
    const seen = byKey.get(key);
    if (seen) seen.quantity += l.quantity;
    else byKey.set(key, { ...l });
  }
  return [...byKey.values()];
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
