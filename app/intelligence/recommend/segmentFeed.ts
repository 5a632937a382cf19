/**
 * One ordered feed per segment: what the segment's customers buy, lifted by
 * how much more they buy it than the store as a whole does.
 *
 * share(s, p)  = recency-weighted buyers of p in s / buyers in s, shrunk
 *                toward the store's share with `prior` pseudo-customers;
 * lift(s, p)   = share(s, p) / share(store, p);
 * score(s, p)  = share(s, p) * lift(s, p)^liftExponent.
 *
 * liftExponent 0 is the segment's own best-sellers, 1 the items most
 * specific to it; in between keeps items that many members buy and that
 * set the segment apart. A segment without buyers gets the store's trending
 * items.
 */
import type { Catalog } from "./catalog";
import { DiversePicker, type DiversityRules } from "./diversity";
import type { ProductStats } from "./productStats";
import { DecayTable, type PurchaseHistory } from "./purchaseHistory";
import { topN } from "./topN";
import { REASON_SEGMENT_LIFT, REASON_SEGMENT_POPULAR, REASON_TRENDING } from "./reasons";

export interface SegmentFeedOptions {
  length: number;
  halfLifeDays: number;
  prior: number;
  liftExponent: number;
  /** Fewer buyers in the segment than this and an item is not the segment's. */
  minBuyers: number;
  /** A lift at least this high is given as the reason. */
  liftReason: number;
  diversity: DiversityRules;
}

export const DEFAULT_SEGMENT_FEED_OPTIONS: SegmentFeedOptions = {
  length: 40,
  halfLifeDays: 90,
  prior: 20,
  liftExponent: 0.5,
  minBuyers: 2,
  liftReason: 1.5,
  diversity: { maxPerGroup: 1, maxPerCategory: 6 },
};

/** Feed of segment s: entries start[s] .. start[s+1]-1, best first. */
export interface SegmentFeeds {
  nSegments: number;
  start: Int32Array;
  product: Int32Array;
  score: Float32Array;
  lift: Float32Array;
  /** Share of the segment's buyers who bought it (recency-weighted, shrunk). */
  share: Float32Array;
  reason: Uint8Array;
  /** The store's trending items (the feed of no segment), best first. */
  trending: Int32Array;
  trendingScore: Float32Array;
}

export function segmentFeeds(
  h: PurchaseHistory,
  stats: ProductStats,
  catalog: Catalog,
  nCategories: number,
  segmentOf: Int32Array,
  nSegments: number,
  options: Partial<SegmentFeedOptions> = {},
): SegmentFeeds {
  const opt = { ...DEFAULT_SEGMENT_FEED_OPTIONS, ...options, diversity: { ...DEFAULT_SEGMENT_FEED_OPTIONS.diversity, ...options.diversity } };
  const nP = h.nProducts;
  const L = opt.length;
  const picker = new DiversePicker(catalog.group, catalog.category, nCategories, nP);

  const decayOf = new DecayTable(opt.halfLifeDays);
  const trendingAll = rankedRecommendable(stats.popularity, catalog);
  const trendOut = new Int32Array(L);
  const nTrend = picker.pick(trendingAll, trendingAll.length, (p) => p, L, opt.diversity, trendOut);
  const trending = trendOut.slice(0, nTrend);
  const trendingScore = Float32Array.from(trending, (p) => stats.popularity[p]);

  // Members grouped by segment.
  const memberStart = new Int32Array(nSegments + 1);
  const nMembers = Math.min(segmentOf.length, h.nCustomers);
  for (let c = 0; c < nMembers; c++) if (segmentOf[c] >= 0) memberStart[segmentOf[c] + 1]++;
  for (let s = 0; s < nSegments; s++) memberStart[s + 1] += memberStart[s];
  const members = new Int32Array(memberStart[nSegments]);
  const mFill = memberStart.slice(0, nSegments);
  for (let c = 0; c < nMembers; c++) if (segmentOf[c] >= 0) members[mFill[segmentOf[c]]++] = c;

  // One pass over every purchase (one decay each): per segment, the products
  // its members bought with their weight and buyer count (a CSR by segment),
  // and the store-wide weights.
  const storeWeight = new Float64Array(nP);
  let storeBuyers = 0;
  const weight = new Float64Array(nP);
  const count = new Int32Array(nP);
  const touched = new Int32Array(nP);
  const segBuyers = new Int32Array(nSegments);
  const tStart: number[] = [0];
  let tProduct = new Int32Array(1 << 16);
  let tWeight = new Float64Array(1 << 16);
  let tCount = new Int32Array(1 << 16);
  let nT = 0;
  for (let c = 0; c < h.nCustomers; c++) {
    if (h.start[c + 1] === h.start[c]) continue;
    storeBuyers++;
    if (c >= nMembers || segmentOf[c] < 0) {
      for (let e = h.start[c]; e < h.start[c + 1]; e++) storeWeight[h.product[e]] += decayOf.at(h.asOfMs - h.lastMs[e]);
    }
  }
  for (let s = 0; s < nSegments; s++) {
    let nTouched = 0;
    for (let m = memberStart[s]; m < memberStart[s + 1]; m++) {
      const c = members[m];
      if (h.start[c + 1] === h.start[c]) continue;
      segBuyers[s]++;
      for (let e = h.start[c]; e < h.start[c + 1]; e++) {
        const w = decayOf.at(h.asOfMs - h.lastMs[e]);
        const p = h.product[e];
        if (count[p] === 0) touched[nTouched++] = p;
        storeWeight[p] += w;
        weight[p] += w;
        count[p]++;
      }
    }
    if (nT + nTouched > tProduct.length) {
      const cap = Math.max(tProduct.length * 2, nT + nTouched);
      const p2 = new Int32Array(cap);
      p2.set(tProduct);
      const w2 = new Float64Array(cap);
      w2.set(tWeight);
      const c2 = new Int32Array(cap);
      c2.set(tCount);
      tProduct = p2;
      tWeight = w2;
      tCount = c2;
    }
    for (let t = 0; t < nTouched; t++) {
      const p = touched[t];
      tProduct[nT] = p;
      tWeight[nT] = weight[p];
      tCount[nT] = count[p];
      nT++;
      weight[p] = 0;
      count[p] = 0;
    }
    tStart.push(nT);
  }
  const storeShare = new Float64Array(nP);
  for (let p = 0; p < nP; p++) storeShare[p] = storeWeight[p] / Math.max(1, storeBuyers);

  const start = new Int32Array(nSegments + 1);
  const product = new Int32Array(nSegments * L);
  const score = new Float32Array(nSegments * L);
  const lift = new Float32Array(nSegments * L);
  const share = new Float32Array(nSegments * L);
  const reason = new Uint8Array(nSegments * L);
  const candScore = new Float64Array(nP);
  const candShare = new Float64Array(nP);
  const ranked = new Int32Array(nP);
  const M = 4 * L;
  const best = new Int32Array(M);
  const chosen = new Int32Array(L);
  let written = 0;
  for (let s = 0; s < nSegments; s++) {
    start[s] = written;
    const buyers = segBuyers[s];
    let nCand = 0;
    for (let t = tStart[s]; t < tStart[s + 1]; t++) {
      const p = tProduct[t];
      if (catalog.recommendable[p] && tCount[t] >= opt.minBuyers && storeShare[p] > 0) {
        const q = (tWeight[t] + opt.prior * storeShare[p]) / (buyers + opt.prior);
        candShare[p] = q;
        candScore[p] = q * Math.pow(q / storeShare[p], opt.liftExponent);
        ranked[nCand++] = p;
      }
    }
    if (nCand === 0) {
      for (let i = 0; i < trending.length; i++) {
        product[written] = trending[i];
        score[written] = trendingScore[i];
        lift[written] = 1;
        share[written] = storeShare[trending[i]];
        reason[written] = REASON_TRENDING;
        written++;
      }
      continue;
    }
    // The best 4L by score (enough for the diversity caps to choose from), best first.
    const nBest = topN(ranked, nCand, candScore, M, best);
    const n = picker.pick(best, nBest, (p) => p, L, opt.diversity, chosen);
    for (let i = 0; i < n; i++) {
      const p = chosen[i];
      const q = candShare[p];
      const l = q / storeShare[p];
      product[written] = p;
      score[written] = candScore[p];
      lift[written] = l;
      share[written] = q;
      reason[written] = l >= opt.liftReason ? REASON_SEGMENT_LIFT : REASON_SEGMENT_POPULAR;
      written++;
    }
  }
  start[nSegments] = written;
  return {
    nSegments,
    start,
    product: product.slice(0, written),
    score: score.slice(0, written),
    lift: lift.slice(0, written),
    share: share.slice(0, written),
    reason: reason.slice(0, written),
    trending,
    trendingScore,
  };
}

/** Recommendable products by a score, best first (ties: lower index first). */
export function rankedRecommendable(score: Float64Array, catalog: Catalog): Int32Array {
  const ids: number[] = [];
  for (let p = 0; p < score.length; p++) if (catalog.recommendable[p] && score[p] > 0) ids.push(p);
  ids.sort((a, b) => score[b] - score[a] || a - b);
  return Int32Array.from(ids);
}
