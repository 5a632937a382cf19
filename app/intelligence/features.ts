/**
 * Per-customer behavioural features as of a date (data after as-of ignored).
 *
 * The result is columnar (one typed array per feature, index = customer):
 * with a million customers, one object per customer would be a million
 * allocations and a GC-heavy heap; use `featureRecord(f, i)` to get one
 * customer as a plain object.
 *
 * Definitions (all over orders placed at or before as-of):
 *  - "valid" orders are the non-cancelled ones; frequency = their number.
 *  - recencyDays / longevityDays: days from the last / first valid order to
 *    as-of (fractional days); NaN without valid orders.
 *  - monetary: net spend, Σ(total - refunded) over valid orders;
 *    averageOrderValue = monetary / frequency.
 *  - interPurchaseMeanDays / MedianDays: gaps between consecutive valid
 *    orders; NaN with fewer than two.
 *  - refundShare = Σrefunded / Σtotal, discountShare = Σdiscount / Σtotal
 *    (value shares, valid orders); discountedOrderShare = share of valid
 *    orders with a discount; cancellationShare = cancelled / all orders.
 *  - category affinity: share of the customer's categorised line spend
 *    (quantity x unit price) per category, valid orders; by quantity if that
 *    spend is 0. Stored sorted by share (descending), so the first entries are
 *    the top categories; the top 5 are kept by default (`affinityTopK`).
 *  - meanUnitPrice = Σ(quantity x unitPrice) / Σquantity; pricePercentile is
 *    its mid-rank percentile among the customers who have one, and
 *    priceBand the quartile: low < 25% <= mid < 50% <= high < 75% <= premium.
 *    (Bands relative to the store's own customers, so a "premium" customer
 *    means premium for this store.)
 *  - gift signals: shares of valid orders with a different shipping address,
 *    with a gift note, and placed in a gift season (calendar.ts: 20 Nov-31 Dec,
 *    1-14 Feb, the two weeks up to Mother's Day).
 *  - browseEventsPerWeek: storefront events in the 90 days up to as-of per
 *    week; NaN when the customer has no browsing events at all (unknown, e.g.
 *    pixel not installed, rather than zero).
 *  - cartAbandonmentRate: 1 - converted/created over carts created up to
 *    as-of; NaN without carts. (`converted` is the cart's status when loaded,
 *    so a cart converted after as-of counts as converted.)
 *  - preferredWeekday (0 = Sunday) / preferredHour: most frequent among
 *    valid orders, in UTC shifted by `utcOffsetMinutes`; ties go to the
 *    earliest; -1 without orders.
 *
 * Customers included: everyone with an order, a browsing event or a cart at
 * or before as-of (customers who only appear later are left out).
 */
import { GiftSeasons, type MothersDayRule } from "./calendar";
import { FLAG_CANCELLED, FLAG_DIFFERENT_SHIPPING, FLAG_GIFT_NOTE, type OrderTable, orderTableFromFacts } from "./orderTable";
import type { BrowseFact, CartFact, OrderFact } from "./types";

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

export const PRICE_BANDS = ["low", "mid", "high", "premium"] as const;
export type PriceBand = (typeof PRICE_BANDS)[number];
export const NO_PRICE_BAND = 255;

export interface FeatureOptions {
  /** Window for browsing intensity (default 90 days). */
  browseWindowDays?: number;
  /** Store time zone offset for weekday/hour/season (default 0 = UTC). */
  utcOffsetMinutes?: number;
  mothersDay?: MothersDayRule;
  /**
   * Keep the top K categories per customer (default 5; 0 = all). Shares are
   * always of the customer's whole categorised spend. Wholesale-like
   * customers buy from hundreds of categories; storing all of them for a
   * million customers costs ~1 GB and most of the feature time.
   */
  affinityTopK?: number;
}

export interface CustomerFeatures {
  asOf: Date;
  customerIds: string[];
  categories: string[];
  frequency: Int32Array;
  cancelledOrders: Int32Array;
  recencyDays: Float64Array;
  longevityDays: Float64Array;
  monetary: Float64Array;
  averageOrderValue: Float64Array;
  interPurchaseMeanDays: Float64Array;
  interPurchaseMedianDays: Float64Array;
  refundShare: Float64Array;
  cancellationShare: Float64Array;
  discountShare: Float64Array;
  discountedOrderShare: Float64Array;
  meanUnitPrice: Float64Array;
  pricePercentile: Float64Array;
  /** Index into PRICE_BANDS, NO_PRICE_BAND when unknown. */
  priceBand: Uint8Array;
  giftShippingShare: Float64Array;
  giftNoteShare: Float64Array;
  seasonalShare: Float64Array;
  browseEventsPerWeek: Float64Array;
  cartAbandonmentRate: Float64Array;
  preferredWeekday: Int8Array;
  preferredHour: Int8Array;
  /** Category affinity, CSR: entries affinityStart[i] .. affinityStart[i+1]-1, by share descending. */
  affinityStart: Int32Array;
  affinityCategory: Int32Array;
  affinityShare: Float64Array;
}

/** Features from order/browse/cart records. */
export function customerFeatures(
  orders: readonly OrderFact[],
  browse: readonly BrowseFact[],
  carts: readonly CartFact[],
  asOf: Date,
  options: FeatureOptions = {},
): CustomerFeatures {
  return customerFeaturesFromTable(orderTableFromFacts(orders), browse, carts, asOf, options);
}

/** Features from the columnar order table (the fast path for large stores). */
export function customerFeaturesFromTable(
  table: OrderTable,
  browse: readonly BrowseFact[],
  carts: readonly CartFact[],
  asOf: Date,
  options: FeatureOptions = {},
): CustomerFeatures {
  const asOfMs = asOf.getTime();
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  const windowDays = options.browseWindowDays ?? 90;
  const topK = options.affinityTopK ?? 5;
  const seasons = new GiftSeasons(options.mothersDay);
  const nTab = table.customerIds.length;
  const nOrders = table.orderCustomer.length;

  // --- Which customers: orders, browsing and carts up to as-of. -----------
  const orderStart = new Int32Array(nTab + 1);
  for (let i = 0; i < nOrders; i++) if (table.orderTime[i] <= asOfMs) orderStart[table.orderCustomer[i] + 1]++;
  for (let c = 0; c < nTab; c++) orderStart[c + 1] += orderStart[c];

  let idIndex: Map<string, number> | null = null;
  const extraIds: string[] = [];
  const resolve = (id: string): number => {
    if (idIndex === null) {
      idIndex = new Map();
      for (let c = 0; c < nTab; c++) idIndex.set(table.customerIds[c], c);
    }
    let k = idIndex.get(id);
    if (k === undefined) {
      k = nTab + extraIds.length;
      idIndex.set(id, k);
      extraIds.push(id);
    }
    return k;
  };
  const browseCust = new Int32Array(browse.length).fill(-1);
  for (let e = 0; e < browse.length; e++) {
    if (browse[e].occurredAt.getTime() <= asOfMs) browseCust[e] = resolve(browse[e].customerId);
  }
  const cartCust = new Int32Array(carts.length).fill(-1);
  for (let e = 0; e < carts.length; e++) {
    if (carts[e].createdAt.getTime() <= asOfMs) cartCust[e] = resolve(carts[e].customerId);
  }
  const nAll = nTab + extraIds.length;
  const outIndex = new Int32Array(nAll).fill(-1);
  for (let c = 0; c < nTab; c++) if (orderStart[c + 1] > orderStart[c]) outIndex[c] = 0;
  for (let e = 0; e < browseCust.length; e++) if (browseCust[e] >= 0) outIndex[browseCust[e]] = 0;
  for (let e = 0; e < cartCust.length; e++) if (cartCust[e] >= 0) outIndex[cartCust[e]] = 0;
  const customerIds: string[] = [];
  for (let c = 0; c < nAll; c++) {
    if (outIndex[c] < 0) continue;
    outIndex[c] = customerIds.length;
    customerIds.push(c < nTab ? table.customerIds[c] : extraIds[c - nTab]);
  }
  const n = customerIds.length;
  const f = allocate(n, asOf, customerIds, table.categories);

  // --- Orders: counting sort by customer, then by time within customer. ---
  const fill = orderStart.slice(0, nTab);
  const perm = new Int32Array(orderStart[nTab]);
  for (let i = 0; i < nOrders; i++) if (table.orderTime[i] <= asOfMs) perm[fill[table.orderCustomer[i]]++] = i;

  // With a top-K cap the CSR needs at most n * min(K, #categories) entries:
  // allocate that once (pages are only touched as they are written).
  const nCat = table.categories.length;
  const aff = new GrowableAffinity(Math.max(1024, topK > 0 ? n * Math.min(topK, nCat) : n * 16));
  const scanner = new CustomerScanner(table, perm, f, aff, seasons, asOfMs, offsetMs, topK);
  // Table customers take output indices 0..k-1 in table order and the
  // browse/cart-only ones k..n-1, so the CSR is filled in output order.
  let filled = 0;
  for (let c = 0; c < nTab; c++) {
    const o = outIndex[c];
    if (o < 0) continue;
    scanner.scan(o, orderStart[c], orderStart[c + 1] - orderStart[c]);
    filled = o + 1;
  }
  for (let o = filled; o < n; o++) f.affinityStart[o + 1] = aff.length;
  f.affinityCategory = aff.categories();
  f.affinityShare = aff.shares();

  // --- Price band: percentile of meanUnitPrice among customers. ------------
  priceBands(f);

  // --- Browsing intensity and carts. -------------------------------------
  const windowStart = asOfMs - windowDays * MS_PER_DAY;
  const seen = new Uint8Array(n);
  const inWindow = new Int32Array(n);
  for (let e = 0; e < browse.length; e++) {
    const c = browseCust[e];
    if (c < 0) continue;
    const o = outIndex[c];
    seen[o] = 1;
    if (browse[e].occurredAt.getTime() > windowStart) inWindow[o]++;
  }
  const weeks = windowDays / 7;
  for (let o = 0; o < n; o++) f.browseEventsPerWeek[o] = seen[o] ? inWindow[o] / weeks : NaN;
  const cartsCreated = new Int32Array(n);
  const cartsConverted = new Int32Array(n);
  for (let e = 0; e < carts.length; e++) {
    const c = cartCust[e];
    if (c < 0) continue;
    const o = outIndex[c];
    cartsCreated[o]++;
    if (carts[e].converted) cartsConverted[o]++;
  }
  for (let o = 0; o < n; o++) {
    f.cartAbandonmentRate[o] = cartsCreated[o] > 0 ? 1 - cartsConverted[o] / cartsCreated[o] : NaN;
  }
  return f;
}

/**
 * The per-customer pass over orders and lines. A class with the arrays as
 * fields and one small hot method: V8 optimises that far better than the
 * same code inlined in one long function (which only gets on-stack
 * replacement and deoptimises repeatedly).
 */
class CustomerScanner {
  private readonly orderTime: Float64Array;
  private readonly orderFlags: Uint8Array;
  private readonly orderTotal: Float64Array;
  private readonly orderRefunded: Float64Array;
  private readonly orderDiscount: Float64Array;
  private readonly lineStart: Int32Array;
  private readonly lineCat: Int32Array;
  private readonly lineQty: Float64Array;
  private readonly linePrice: Float64Array;
  private readonly catSpend: Float64Array;
  private readonly catQty: Float64Array;
  private readonly touched: Int32Array;
  private readonly weekdayHist = new Int32Array(7);
  private readonly hourHist = new Int32Array(24);
  private gaps = new Float64Array(64);

  constructor(
    table: OrderTable,
    private readonly perm: Int32Array,
    private readonly f: CustomerFeatures,
    private readonly aff: GrowableAffinity,
    private readonly seasons: GiftSeasons,
    private readonly asOfMs: number,
    private readonly offsetMs: number,
    private readonly topK: number,
  ) {
    this.orderTime = table.orderTime;
    this.orderFlags = table.orderFlags;
    this.orderTotal = table.orderTotal;
    this.orderRefunded = table.orderRefunded;
    this.orderDiscount = table.orderDiscount;
    this.lineStart = table.orderLineStart;
    this.lineCat = table.lineCategory;
    this.lineQty = table.lineQuantity;
    this.linePrice = table.lineUnitPrice;
    const nCat = table.categories.length;
    this.catSpend = new Float64Array(nCat);
    this.catQty = new Float64Array(nCat);
    this.touched = new Int32Array(nCat);
  }

  /** Customer with output index o whose orders are perm[s .. s+m-1]. */
  scan(o: number, s: number, m: number): void {
    const { perm, f, orderTime, orderFlags, orderTotal, orderRefunded, orderDiscount } = this;
    const { lineStart, lineCat, lineQty, linePrice, catQty, catSpend, touched, weekdayHist, hourHist } = this;
    if (m > 1) sortByTime(perm, s, m, orderTime);
    let valid = 0;
    let cancelled = 0;
    let first = NaN;
    let last = NaN;
    let sumTotal = 0;
    let sumRefund = 0;
    let sumDiscount = 0;
    let discounted = 0;
    let giftShip = 0;
    let giftNote = 0;
    let seasonal = 0;
    let units = 0;
    let spend = 0;
    let nTouched = 0;
    weekdayHist.fill(0);
    hourHist.fill(0);
    if (this.gaps.length < m) this.gaps = new Float64Array(m * 2);
    const gaps = this.gaps;

    for (let j = 0; j < m; j++) {
      const i = perm[s + j];
      const flags = orderFlags[i];
      if ((flags & FLAG_CANCELLED) !== 0) {
        cancelled++;
        continue;
      }
      const t = orderTime[i];
      if (valid > 0) gaps[valid - 1] = (t - last) / MS_PER_DAY;
      else first = t;
      last = t;
      valid++;
      sumTotal += orderTotal[i];
      sumRefund += orderRefunded[i];
      const disc = orderDiscount[i];
      sumDiscount += disc;
      if (disc > 0) discounted++;
      if ((flags & FLAG_DIFFERENT_SHIPPING) !== 0) giftShip++;
      if ((flags & FLAG_GIFT_NOTE) !== 0) giftNote++;
      const local = t + this.offsetMs;
      const dayNum = Math.floor(local / MS_PER_DAY);
      if (this.seasons.contains(dayNum)) seasonal++;
      weekdayHist[(((dayNum + 4) % 7) + 7) % 7]++;
      hourHist[Math.floor((local - dayNum * MS_PER_DAY) / MS_PER_HOUR)]++;
      for (let l = lineStart[i], e = lineStart[i + 1]; l < e; l++) {
        const q = lineQty[l];
        if (!(q > 0)) continue;
        const v = q * linePrice[l];
        units += q;
        spend += v;
        const k = lineCat[l];
        if (k >= 0) {
          if (catQty[k] === 0) touched[nTouched++] = k;
          catQty[k] += q;
          catSpend[k] += v;
        }
      }
    }

    const all = valid + cancelled;
    f.frequency[o] = valid;
    f.cancelledOrders[o] = cancelled;
    f.cancellationShare[o] = all > 0 ? cancelled / all : NaN;
    if (valid > 0) {
      const net = sumTotal - sumRefund;
      f.recencyDays[o] = (this.asOfMs - last) / MS_PER_DAY;
      f.longevityDays[o] = (this.asOfMs - first) / MS_PER_DAY;
      f.monetary[o] = net;
      f.averageOrderValue[o] = net / valid;
      f.refundShare[o] = sumTotal > 0 ? sumRefund / sumTotal : 0;
      f.discountShare[o] = sumTotal > 0 ? sumDiscount / sumTotal : 0;
      f.discountedOrderShare[o] = discounted / valid;
      f.giftShippingShare[o] = giftShip / valid;
      f.giftNoteShare[o] = giftNote / valid;
      f.seasonalShare[o] = seasonal / valid;
      f.preferredWeekday[o] = argmax(weekdayHist);
      f.preferredHour[o] = argmax(hourHist);
      f.meanUnitPrice[o] = units > 0 ? spend / units : NaN;
      if (valid > 1) {
        f.interPurchaseMeanDays[o] = (last - first) / MS_PER_DAY / (valid - 1);
        f.interPurchaseMedianDays[o] = median(gaps, valid - 1);
      }
    }

    // Category affinity: keep the best `keep` categories, sorted by share
    // (insertion into a sorted segment: O(nTouched x keep), tiny for K = 5).
    const aff = this.aff;
    if (nTouched > 0) {
      let totSpend = 0;
      let totQty = 0;
      for (let t = 0; t < nTouched; t++) {
        totSpend += catSpend[touched[t]];
        totQty += catQty[touched[t]];
      }
      const bySpend = totSpend > 0;
      const denom = bySpend ? totSpend : totQty;
      const base = aff.length;
      const keep = this.topK > 0 ? Math.min(this.topK, nTouched) : nTouched;
      let len = 0;
      for (let t = 0; t < nTouched; t++) {
        const k = touched[t];
        const share = (bySpend ? catSpend[k] : catQty[k]) / denom;
        catSpend[k] = 0;
        catQty[k] = 0;
        len = aff.insertSorted(base, len, keep, k, share);
      }
    }
    f.affinityStart[o + 1] = aff.length;
  }
}

function allocate(n: number, asOf: Date, customerIds: string[], categories: string[]): CustomerFeatures {
  const nan = () => new Float64Array(n).fill(NaN);
  return {
    asOf,
    customerIds,
    categories,
    frequency: new Int32Array(n),
    cancelledOrders: new Int32Array(n),
    recencyDays: nan(),
    longevityDays: nan(),
    monetary: new Float64Array(n),
    averageOrderValue: nan(),
    interPurchaseMeanDays: nan(),
    interPurchaseMedianDays: nan(),
    refundShare: nan(),
    cancellationShare: nan(),
    discountShare: nan(),
    discountedOrderShare: nan(),
    meanUnitPrice: nan(),
    pricePercentile: nan(),
    priceBand: new Uint8Array(n).fill(NO_PRICE_BAND),
    giftShippingShare: nan(),
    giftNoteShare: nan(),
    seasonalShare: nan(),
    browseEventsPerWeek: nan(),
    cartAbandonmentRate: nan(),
    preferredWeekday: new Int8Array(n).fill(-1),
    preferredHour: new Int8Array(n).fill(-1),
    affinityStart: new Int32Array(n + 1),
    affinityCategory: new Int32Array(0),
    affinityShare: new Float64Array(0),
  };
}

/** Mid-rank percentile of each customer's mean unit price, and its quartile band (exported for features merged from parts). */
export function priceBands(f: CustomerFeatures): void {
  const n = f.meanUnitPrice.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(f.meanUnitPrice[i])) m++;
  if (m === 0) return;
  const sorted = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(f.meanUnitPrice[i])) sorted[j++] = f.meanUnitPrice[i];
  sorted.sort();
  // Distinct values with their mid-rank percentile (#below + #equal/2) / m;
  // then one binary search per customer in the (usually much shorter) list.
  const values = new Float64Array(m);
  const pct = new Float64Array(m);
  let d = 0;
  for (let a = 0; a < m; ) {
    let b = a + 1;
    while (b < m && sorted[b] === sorted[a]) b++;
    values[d] = sorted[a];
    pct[d] = (a + 0.5 * (b - a)) / m;
    d++;
    a = b;
  }
  for (let i = 0; i < n; i++) {
    const v = f.meanUnitPrice[i];
    if (!Number.isFinite(v)) continue;
    let lo = 0;
    let hi = d - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    f.pricePercentile[i] = pct[lo];
    f.priceBand[i] = Math.min(3, Math.floor(pct[lo] * 4));
  }
}

function argmax(h: Int32Array): number {
  let best = 0;
  for (let i = 1; i < h.length; i++) if (h[i] > h[best]) best = i;
  return best;
}

/** Median of the first m values (reorders them). */
function median(a: Float64Array, m: number): number {
  if (m <= 32) {
    for (let i = 1; i < m; i++) {
      const v = a[i];
      let j = i - 1;
      while (j >= 0 && a[j] > v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  } else a.subarray(0, m).sort();
  return m % 2 === 1 ? a[(m - 1) >> 1] : 0.5 * (a[m / 2 - 1] + a[m / 2]);
}

/** Sorts perm[s .. s+m-1] (order indices) by order time. */
function sortByTime(perm: Int32Array, s: number, m: number, time: Float64Array): void {
  let sorted = true;
  for (let i = s + 1; i < s + m && sorted; i++) if (time[perm[i - 1]] > time[perm[i]]) sorted = false;
  if (sorted) return; // the usual case: orders arrive in time order
  if (m <= 32) {
    for (let i = s + 1; i < s + m; i++) {
      const v = perm[i];
      const tv = time[v];
      let j = i - 1;
      while (j >= s && time[perm[j]] > tv) {
        perm[j + 1] = perm[j];
        j--;
      }
      perm[j + 1] = v;
    }
    return;
  }
  const seg = Array.from(perm.subarray(s, s + m));
  seg.sort((x, y) => time[x] - time[y]);
  perm.set(seg, s);
}

/** Append-only (category, share) pairs in growable typed arrays. */
class GrowableAffinity {
  private cat: Int32Array;
  private share: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.cat = new Int32Array(capacity);
    this.share = new Float64Array(capacity);
  }
  /**
   * Inserts (k, s) into the segment base .. base+len-1, kept sorted by share
   * desc then category asc and capped at `cap` entries; returns the new length.
   */
  insertSorted(base: number, len: number, cap: number, k: number, s: number): number {
    if (len === cap && this.ranksBefore(base + len - 1, k, s)) return len; // not in the top `cap`
    if (len < cap) {
      if (this.length === this.cat.length) this.grow();
      len++;
      this.length++;
    }
    let j = base + len - 2;
    while (j >= base && !this.ranksBefore(j, k, s)) {
      this.cat[j + 1] = this.cat[j];
      this.share[j + 1] = this.share[j];
      j--;
    }
    this.cat[j + 1] = k;
    this.share[j + 1] = s;
    return len;
  }
  /** Entry j comes before (k, s): higher share, or equal share and lower category index. */
  private ranksBefore(j: number, k: number, s: number): boolean {
    return this.share[j] > s || (this.share[j] === s && this.cat[j] < k);
  }
  private grow(): void {
    const c2 = new Int32Array(this.cat.length * 2);
    c2.set(this.cat);
    const s2 = new Float64Array(this.share.length * 2);
    s2.set(this.share);
    this.cat = c2;
    this.share = s2;
  }
  /** Views, not copies: copying ~100 MB costs more than the slack it frees. */
  categories(): Int32Array {
    return this.cat.subarray(0, this.length);
  }
  shares(): Float64Array {
    return this.share.subarray(0, this.length);
  }
}

/** One customer's features as a plain object (for the CLI, UI and tests). */
export interface CustomerFeatureRecord {
  customerId: string;
  frequency: number;
  cancelledOrders: number;
  recencyDays: number;
  longevityDays: number;
  monetary: number;
  averageOrderValue: number;
  interPurchaseMeanDays: number;
  interPurchaseMedianDays: number;
  refundShare: number;
  cancellationShare: number;
  discountShare: number;
  discountedOrderShare: number;
  meanUnitPrice: number;
  pricePercentile: number;
  priceBand: PriceBand | null;
  giftShippingShare: number;
  giftNoteShare: number;
  seasonalShare: number;
  browseEventsPerWeek: number;
  cartAbandonmentRate: number;
  preferredWeekday: number;
  preferredHour: number;
  categoryAffinity: { category: string; share: number }[];
}

export function featureRecord(f: CustomerFeatures, i: number): CustomerFeatureRecord {
  const affinity: { category: string; share: number }[] = [];
  for (let e = f.affinityStart[i]; e < f.affinityStart[i + 1]; e++) {
    affinity.push({ category: f.categories[f.affinityCategory[e]], share: f.affinityShare[e] });
  }
  return {
    customerId: f.customerIds[i],
    frequency: f.frequency[i],
    cancelledOrders: f.cancelledOrders[i],
    recencyDays: f.recencyDays[i],
    longevityDays: f.longevityDays[i],
    monetary: f.monetary[i],
    averageOrderValue: f.averageOrderValue[i],
    interPurchaseMeanDays: f.interPurchaseMeanDays[i],
    interPurchaseMedianDays: f.interPurchaseMedianDays[i],
    refundShare: f.refundShare[i],
    cancellationShare: f.cancellationShare[i],
    discountShare: f.discountShare[i],
    discountedOrderShare: f.discountedOrderShare[i],
    meanUnitPrice: f.meanUnitPrice[i],
    pricePercentile: f.pricePercentile[i],
    priceBand: f.priceBand[i] === NO_PRICE_BAND ? null : PRICE_BANDS[f.priceBand[i]],
    giftShippingShare: f.giftShippingShare[i],
    giftNoteShare: f.giftNoteShare[i],
    seasonalShare: f.seasonalShare[i],
    browseEventsPerWeek: f.browseEventsPerWeek[i],
    cartAbandonmentRate: f.cartAbandonmentRate[i],
    preferredWeekday: f.preferredWeekday[i],
    preferredHour: f.preferredHour[i],
    categoryAffinity: affinity,
  };
}
