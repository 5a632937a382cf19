/**
 * What each segment is: size, revenue share, value, churn, tier mix, top
 * categories and products, price band, gift share, best send day and hour,
 * peak month. One pass over the customers fills per-micro-segment sums;
 * macro-segments add up their micro-segments' sums.
 *
 * Definitions (means are over the segment's customers):
 *  - revenueShare: the segment's share of all net spend up to as-of.
 *  - topCategories: mean category affinity share (a customer's top-5
 *    categories, see features.ts), the 3 largest.
 *  - topProducts: the 5 products with the most line spend by the segment's
 *    customers; null when the order table has no product ids (the CLV
 *    benchmark's tables), in which case only categories are profiled.
 *  - priceBand: the most common band among customers with one.
 *  - giftShare: mean share of orders with a gift signal (different shipping
 *    address or a gift note); giftSeasonShare: mean share of orders placed in
 *    a gift season.
 *  - bestSendDay / bestSendHour: the most common preferred weekday / hour
 *    (a customer's most frequent order weekday / hour); peakMonth likewise.
 */
import { PRICE_BANDS, type CustomerFeatures, NO_PRICE_BAND } from "../features";
import type { OrderTable } from "../orderTable";
import type { Segmentation } from "./segmentation";
import { TIERS, type ValueScores } from "./valueScores";

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

export interface SegmentProfile {
  size: number;
  revenueShare: number;
  meanClv30: number;
  meanClv365: number;
  meanClv1095: number;
  meanChurn: number;
  meanFrequency: number;
  meanRecencyDays: number | null;
  meanOrderValue: number | null;
  tierMix: Record<string, number>;
  /** lift = share / the store's share of that category. */
  topCategories: { category: string; share: number; lift: number }[];
  topProducts: { productId: string; spendShare: number }[] | null;
  priceBand: (typeof PRICE_BANDS)[number] | null;
  meanPricePercentile: number | null;
  discountShare: number;
  giftShare: number;
  giftSeasonShare: number;
  bestSendDay: (typeof WEEKDAYS)[number] | null;
  bestSendHour: number | null;
  peakMonth: (typeof MONTHS)[number] | null;
  /** Share of the segment's customers whose preferred month is peakMonth. */
  peakMonthShare: number;
  /** "undersized": fewer customers than the minimum segment size (one segment for the whole store). */
  flags: string[];
}

export interface ProfileInputs {
  features: CustomerFeatures;
  scores: ValueScores;
  /** Preferred month per customer row (preferredMonth.ts). */
  months: Int8Array;
  segmentation: Segmentation;
  /** The order table and its customers' feature rows, for top products (when it has product ids). */
  orders?: { table: OrderTable; rows: Int32Array };
}

export interface SegmentProfiles {
  macro: SegmentProfile[];
  micro: SegmentProfile[];
  /** The whole store as one profile (the baseline names are measured against). */
  store: SegmentProfile;
}

/** Per-segment sums, struct of arrays. */
class Sums {
  readonly size: Float64Array;
  readonly monetary: Float64Array;
  readonly clv30: Float64Array;
  readonly clv365: Float64Array;
  readonly clv1095: Float64Array;
  readonly churn: Float64Array;
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly recencyN: Float64Array;
  readonly aov: Float64Array;
  readonly aovN: Float64Array;
  readonly pct: Float64Array;
  readonly pctN: Float64Array;
  readonly discount: Float64Array;
  readonly gift: Float64Array;
  readonly season: Float64Array;
  readonly tiers: Float64Array;
  readonly bands: Float64Array;
  readonly weekday: Float64Array;
  readonly hour: Float64Array;
  readonly month: Float64Array;
  readonly categories: Map<number, number>[];
  readonly products: Map<number, number>[];
  constructor(readonly k: number) {
    const a = (w = 1) => new Float64Array(k * w);
    this.size = a();
    this.monetary = a();
    this.clv30 = a();
    this.clv365 = a();
    this.clv1095 = a();
    this.churn = a();
    this.frequency = a();
    this.recency = a();
    this.recencyN = a();
    this.aov = a();
    this.aovN = a();
    this.pct = a();
    this.pctN = a();
    this.discount = a();
    this.gift = a();
    this.season = a();
    this.tiers = a(TIERS.length);
    this.bands = a(PRICE_BANDS.length);
    this.weekday = a(7);
    this.hour = a(24);
    this.month = a(12);
    this.categories = Array.from({ length: k }, () => new Map());
    this.products = Array.from({ length: k }, () => new Map());
  }

  /** Adds segment `from` of `other` into segment `to` of this. */
  addFrom(other: Sums, from: number, to: number): void {
    const scalar = ["size", "monetary", "clv30", "clv365", "clv1095", "churn", "frequency", "recency", "recencyN", "aov", "aovN", "pct", "pctN", "discount", "gift", "season"] as const;
    for (const key of scalar) this[key][to] += other[key][from];
    const wide = [["tiers", TIERS.length], ["bands", PRICE_BANDS.length], ["weekday", 7], ["hour", 24], ["month", 12]] as const;
    for (const [key, w] of wide) for (let j = 0; j < w; j++) this[key][to * w + j] += other[key][from * w + j];
    for (const [c, v] of other.categories[from]) this.categories[to].set(c, (this.categories[to].get(c) ?? 0) + v);
    for (const [p, v] of other.products[from]) this.products[to].set(p, (this.products[to].get(p) ?? 0) + v);
  }
}

export function segmentProfiles(inputs: ProfileInputs): SegmentProfiles {
  const { features: f, scores: v, months, segmentation: seg } = inputs;
  const n = f.customerIds.length;
  const micro = new Sums(seg.microCount);
  for (let i = 0; i < n; i++) {
    const s = seg.micro[i];
    micro.size[s]++;
    micro.monetary[s] += f.monetary[i];
    micro.clv30[s] += v.clv30[i];
    micro.clv365[s] += v.clv365[i];
    micro.clv1095[s] += v.clv1095[i];
    micro.churn[s] += v.churn[i];
    micro.frequency[s] += f.frequency[i];
    if (Number.isFinite(f.recencyDays[i])) {
      micro.recency[s] += f.recencyDays[i];
      micro.recencyN[s]++;
    }
    if (Number.isFinite(f.averageOrderValue[i])) {
      micro.aov[s] += f.averageOrderValue[i];
      micro.aovN[s]++;
    }
    if (Number.isFinite(f.pricePercentile[i])) {
      micro.pct[s] += f.pricePercentile[i];
      micro.pctN[s]++;
    }
    if (Number.isFinite(f.discountShare[i])) micro.discount[s] += f.discountShare[i];
    const gift = Math.max(f.giftShippingShare[i], f.giftNoteShare[i]);
    if (Number.isFinite(gift)) micro.gift[s] += gift;
    if (Number.isFinite(f.seasonalShare[i])) micro.season[s] += f.seasonalShare[i];
    micro.tiers[s * TIERS.length + v.tier[i]]++;
    if (f.priceBand[i] !== NO_PRICE_BAND) micro.bands[s * PRICE_BANDS.length + f.priceBand[i]]++;
    if (f.preferredWeekday[i] >= 0) micro.weekday[s * 7 + f.preferredWeekday[i]]++;
    if (f.preferredHour[i] >= 0) micro.hour[s * 24 + f.preferredHour[i]]++;
    if (months[i] >= 0) micro.month[s * 12 + months[i]]++;
    const cats = micro.categories[s];
    for (let e = f.affinityStart[i]; e < f.affinityStart[i + 1]; e++) {
      const c = f.affinityCategory[e];
      cats.set(c, (cats.get(c) ?? 0) + f.affinityShare[e]);
    }
  }
  const products = inputs.orders?.table.lineProduct ? inputs.orders : undefined;
  if (products) addProductSpend(micro, products.table, products.rows, seg.micro, f.asOf.getTime());

  const macro = new Sums(seg.macroCount);
  for (let s = 0; s < seg.microCount; s++) macro.addFrom(micro, s, seg.microParent[s]);
  const store = new Sums(1);
  for (let c = 0; c < seg.macroCount; c++) store.addFrom(macro, c, 0);
  const totalMonetary = store.monetary[0];
  const productIds = products?.table.products ?? null;
  const storeShare = new Map<number, number>();
  for (const [c, v] of store.categories[0]) storeShare.set(c, store.size[0] > 0 ? v / store.size[0] : 0);
  const build = (sums: Sums, k: number) => profileOf(sums, k, totalMonetary, f.categories, storeShare, productIds, seg.undersized);
  return {
    micro: Array.from({ length: seg.microCount }, (_, s) => build(micro, s)),
    macro: Array.from({ length: seg.macroCount }, (_, c) => build(macro, c)),
    store: build(store, 0),
  };
}

function addProductSpend(sums: Sums, t: OrderTable, rows: Int32Array, micro: Int32Array, asOfMs: number): void {
  const lineProduct = t.lineProduct!;
  for (let o = 0; o < t.orderCustomer.length; o++) {
    if (t.orderTime[o] > asOfMs || (t.orderFlags[o] & 1) !== 0) continue;
    const r = rows[t.orderCustomer[o]];
    if (r < 0) continue;
    const map = sums.products[micro[r]];
    for (let l = t.orderLineStart[o]; l < t.orderLineStart[o + 1]; l++) {
      const p = lineProduct[l];
      if (p < 0) continue;
      const spend = t.lineQuantity[l] * t.lineUnitPrice[l];
      if (spend > 0) map.set(p, (map.get(p) ?? 0) + spend);
    }
  }
}

function argmaxOf(a: Float64Array, s: number, w: number): { index: number; count: number; total: number } {
  let index = -1;
  let count = 0;
  let total = 0;
  for (let j = 0; j < w; j++) {
    const c = a[s * w + j];
    total += c;
    if (c > count) {
      count = c;
      index = j;
    }
  }
  return { index, count, total };
}

function profileOf(
  sums: Sums,
  s: number,
  totalMonetary: number,
  categories: string[],
  storeShare: Map<number, number>,
  products: string[] | null,
  undersized: boolean,
): SegmentProfile {
  const size = sums.size[s];
  const per = (x: number) => (size > 0 ? x / size : 0);
  const tierMix: Record<string, number> = {};
  TIERS.forEach((t, j) => (tierMix[t] = per(sums.tiers[s * TIERS.length + j])));
  const topCategories = [...sums.categories[s]]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 3)
    .map(([c, share]) => {
      const base = storeShare.get(c) ?? 0;
      return { category: categories[c], share: per(share), lift: base > 0 ? per(share) / base : 1 };
    });
  let topProducts: SegmentProfile["topProducts"] = null;
  if (products) {
    let spend = 0;
    for (const x of sums.products[s].values()) spend += x;
    topProducts = [...sums.products[s]]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 5)
      .map(([p, x]) => ({ productId: products[p], spendShare: spend > 0 ? x / spend : 0 }));
  }
  const band = argmaxOf(sums.bands, s, PRICE_BANDS.length);
  const day = argmaxOf(sums.weekday, s, 7);
  const hour = argmaxOf(sums.hour, s, 24);
  const month = argmaxOf(sums.month, s, 12);
  return {
    size,
    revenueShare: totalMonetary > 0 ? sums.monetary[s] / totalMonetary : 0,
    meanClv30: per(sums.clv30[s]),
    meanClv365: per(sums.clv365[s]),
    meanClv1095: per(sums.clv1095[s]),
    meanChurn: per(sums.churn[s]),
    meanFrequency: per(sums.frequency[s]),
    meanRecencyDays: sums.recencyN[s] > 0 ? sums.recency[s] / sums.recencyN[s] : null,
    meanOrderValue: sums.aovN[s] > 0 ? sums.aov[s] / sums.aovN[s] : null,
    tierMix,
    topCategories,
    topProducts,
    priceBand: band.index >= 0 ? PRICE_BANDS[band.index] : null,
    meanPricePercentile: sums.pctN[s] > 0 ? sums.pct[s] / sums.pctN[s] : null,
    discountShare: per(sums.discount[s]),
    giftShare: per(sums.gift[s]),
    giftSeasonShare: per(sums.season[s]),
    bestSendDay: day.index >= 0 ? WEEKDAYS[day.index] : null,
    bestSendHour: hour.index >= 0 ? hour.index : null,
    peakMonth: month.index >= 0 ? MONTHS[month.index] : null,
    peakMonthShare: month.total > 0 ? month.count / size : 0,
    flags: undersized ? ["undersized"] : [],
  };
}
