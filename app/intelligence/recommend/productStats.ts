/**
 * What the store as a whole says about each product: how popular it is now
 * (time-decayed), how often its buyers come back for it, and after how long.
 */
import { DAY_MS, DecayTable, type PurchaseHistory } from "./purchaseHistory";

export interface ProductStats {
  /** Buyers weighted by the recency of their last purchase of it (half-life popularityHalfLifeDays). */
  popularity: Float64Array;
  /** The same with the short half-life recentHalfLifeDays: what sells this very week. */
  recentPopularity: Float64Array;
  /** First time anyone bought it (NaN: never): new arrivals sell differently. */
  firstSoldMs: Float64Array;
  /** Recommendable products by recentPopularity, best first (at most 200). */
  recentTop: Int32Array;
  /** Buying customers (not decayed). */
  buyers: Int32Array;
  /**
   * Share of its buyers who bought it again, counted only among buyers whose
   * first purchase left time to come back (smoothed toward the store's rate).
   */
  rebuyRate: Float64Array;
  /** Typical days between two purchases by one repeat buyer (median of their mean gaps); NaN when too few repeat buyers. */
  intervalDays: Float64Array;
  /** The store-wide rebuy rate the per-product rates are shrunk toward. */
  storeRebuyRate: number;
}

export interface ProductStatsOptions {
  popularityHalfLifeDays: number;
  recentHalfLifeDays: number;
  /** A buyer counts toward the rebuy rate only if its first purchase is at least this old. */
  rebuyWindowDays: number;
  /** Pseudo-buyers at the store's rate in each product's rebuy rate. */
  rebuyPrior: number;
  /** Repeat buyers needed before a product's own interval is trusted. */
  minRepeatBuyers: number;
}

export const DEFAULT_PRODUCT_STATS_OPTIONS: ProductStatsOptions = {
  popularityHalfLifeDays: 30,
  recentHalfLifeDays: 7,
  rebuyWindowDays: 60,
  rebuyPrior: 3,
  minRepeatBuyers: 3,
};

export function productStats(h: PurchaseHistory, options: Partial<ProductStatsOptions> = {}): ProductStats {
  const opt = { ...DEFAULT_PRODUCT_STATS_OPTIONS, ...options };
  const nP = h.nProducts;
  const popularity = new Float64Array(nP);
  const recentPopularity = new Float64Array(nP);
  const firstSoldMs = new Float64Array(nP).fill(NaN);
  const eligible = new Float64Array(nP);
  const again = new Float64Array(nP);
  const repeatCount = new Int32Array(nP);
  const windowMs = opt.rebuyWindowDays * DAY_MS;
  const popularityDecay = new DecayTable(opt.popularityHalfLifeDays);
  const recentDecay = new DecayTable(opt.recentHalfLifeDays);
  for (let e = 0; e < h.product.length; e++) {
    const p = h.product[e];
    const age = h.asOfMs - h.lastMs[e];
    popularity[p] += popularityDecay.at(age);
    recentPopularity[p] += recentDecay.at(age);
    if (!(firstSoldMs[p] <= h.firstMs[e])) firstSoldMs[p] = h.firstMs[e];
    if (h.asOfMs - h.firstMs[e] >= windowMs) {
      eligible[p]++;
      if (h.count[e] > 1) again[p]++;
    }
    if (h.count[e] > 1) repeatCount[p]++;
  }
  let totalEligible = 0;
  let totalAgain = 0;
  for (let p = 0; p < nP; p++) {
    totalEligible += eligible[p];
    totalAgain += again[p];
  }
  const storeRebuyRate = totalEligible > 0 ? totalAgain / totalEligible : 0;
  const rebuyRate = new Float64Array(nP);
  for (let p = 0; p < nP; p++) {
    rebuyRate[p] = (again[p] + opt.rebuyPrior * storeRebuyRate) / (eligible[p] + opt.rebuyPrior);
  }

  // Median of the repeat buyers' mean gaps, per product (CSR of gaps by product).
  const gapStart = new Int32Array(nP + 1);
  for (let p = 0; p < nP; p++) gapStart[p + 1] = gapStart[p] + repeatCount[p];
  const gaps = new Float64Array(gapStart[nP]);
  const fill = gapStart.slice(0, nP);
  for (let e = 0; e < h.product.length; e++) {
    if (h.count[e] > 1) {
      const p = h.product[e];
      gaps[fill[p]++] = (h.lastMs[e] - h.firstMs[e]) / (h.count[e] - 1) / DAY_MS;
    }
  }
  const intervalDays = new Float64Array(nP).fill(NaN);
  for (let p = 0; p < nP; p++) {
    const n = repeatCount[p];
    if (n < opt.minRepeatBuyers) continue;
    intervalDays[p] = median(gaps.subarray(gapStart[p], gapStart[p + 1]), MEDIAN_SAMPLE);
  }
  const ids: number[] = [];
  for (let p = 0; p < nP; p++) if (recentPopularity[p] > 0) ids.push(p);
  ids.sort((a, b) => recentPopularity[b] - recentPopularity[a] || a - b);
  const recentTop = Int32Array.from(ids.slice(0, 200));
  return { popularity, recentPopularity, firstSoldMs, recentTop, buyers: h.buyers, rebuyRate, intervalDays, storeRebuyRate };
}

/** Gaps a product's median is taken from at most: an even sample of a large store's repeat buyers pins it down. */
const MEDIAN_SAMPLE = 4_001;

/** Median of values (sorted in place when small; an even sample of `sample` of them when larger). */
function median(values: Float64Array, sample: number): number {
  let g = values;
  if (values.length > sample) {
    g = new Float64Array(sample);
    const step = values.length / sample;
    for (let i = 0; i < sample; i++) g[i] = values[Math.floor(i * step)];
  }
  g.sort();
  const n = g.length;
  return n % 2 ? g[(n - 1) >> 1] : (g[n / 2 - 1] + g[n / 2]) / 2;
}
