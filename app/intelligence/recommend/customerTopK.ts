/**
 * Every customer's top-k: personal history blended with what the customer's
 * co-purchases, segment and store point to.
 *
 * For a customer c and a candidate product p, each signal is scaled to [0, 1]
 * within c's candidates and the score is their weighted sum:
 *
 *   personal     c bought p: log(1 + purchase days) * recency decay * rebuy
 *                propensity * replenishment timing (below);
 *   co-purchase  sum over c's most recent anchors a of weight(a) * sim(a, p);
 *   segment      p's score in the feed of c's segment;
 *   trending     p's decayed popularity in the store;
 *   browsed      p was viewed, or is a best-seller of a category c browsed.
 *
 * Replenishment timing: the customer's own gap between purchases of p
 * (shrunk toward p's typical interval among repeat buyers), or p's typical
 * interval when c bought it once. With r = days since c last bought it /
 * that interval, the factor climbs to 1 as r reaches 1 (due), stays there
 * up to r = 1 + dueGrace, then fades (the habit lapsed).
 *
 * Filters: nothing that is not recommendable (catalog), and nothing c already
 * bought once whose buyers almost never buy again (rebuy rate below
 * minRebuyRate). Diversity: at most one variant per product and a cap per
 * category (diversity.ts).
 *
 * Cold start: a customer without purchases gets the best-sellers of the
 * categories it browsed, then its segment's feed, then the store's trending
 * items.
 */
import type { Catalog } from "./catalog";
import type { CoPurchaseNeighbors } from "./coPurchase";
import { DiversePicker, type DiversityRules } from "./diversity";
import type { ProductStats } from "./productStats";
import { DAY_MS, decay, type PurchaseHistory } from "./purchaseHistory";
import {
  REASON_BROWSED,
  REASON_CO_PURCHASE,
  REASON_REPEAT,
  REASON_REPLENISH,
  REASON_TRENDING,
} from "./reasons";
import type { SegmentFeeds } from "./segmentFeed";

export interface BlendWeights {
  personal: number;
  coPurchase: number;
  segment: number;
  trending: number;
  browsed: number;
}

export interface TopKOptions {
  k: number;
  weights: BlendWeights;
  personalHalfLifeDays: number;
  anchorHalfLifeDays: number;
  /** Most recent products of a customer that seed co-purchase candidates. */
  maxAnchors: number;
  /** Items of the segment feed and of the trending list considered. */
  feedCandidates: number;
  minRebuyRate: number;
  /** Interval multiples after the due date during which an item stays fully due. */
  dueGrace: number;
  /** Interval multiples over which a lapsed item's timing factor halves. */
  lapseHalfLife: number;
  /** Timing factor right after a purchase (r = 0). */
  dueFloor: number;
  /** Pseudo-gaps at the product's interval in a customer's own interval. */
  intervalPrior: number;
  browseHalfLifeDays: number;
  /** Best-sellers per browsed category that become candidates. */
  categoryCandidates: number;
  diversity: DiversityRules;
}

export const DEFAULT_TOP_K_OPTIONS: TopKOptions = {
  k: 10,
  weights: { personal: 1, coPurchase: 0.35, segment: 0.2, trending: 0.05, browsed: 0.2 },
  personalHalfLifeDays: 120,
  anchorHalfLifeDays: 60,
  maxAnchors: 30,
  feedCandidates: 40,
  minRebuyRate: 0.05,
  dueGrace: 1,
  lapseHalfLife: 2,
  dueFloor: 0.4,
  intervalPrior: 2,
  browseHalfLifeDays: 30,
  categoryCandidates: 20,
  diversity: { maxPerGroup: 1, maxPerCategory: 4 },
};

/** Product views per customer, columns indexing the same customers and products as the history. */
export interface BrowsedProducts {
  customer: Int32Array;
  product: Int32Array;
  timeMs: Float64Array;
}

export interface CustomerTopK {
  k: number;
  nCustomers: number;
  /** Row c holds c's list at [c*k, c*k + k), padded with -1. */
  product: Int32Array;
  score: Float32Array;
  reason: Uint8Array;
  /** The product that led to a co-purchase item, the category of a browsed one; -1 otherwise. */
  anchor: Int32Array;
  /** Typical days between purchases (replenish), the segment lift (segment-lift), else 0. */
  detail: Float32Array;
}

export interface TopKInput {
  history: PurchaseHistory;
  stats: ProductStats;
  catalog: Catalog;
  nCategories: number;
  neighbors: CoPurchaseNeighbors;
  feeds: SegmentFeeds;
  /** Segment of each customer (-1 none); may be longer than the history (customers who only browsed). */
  segmentOf: Int32Array;
  browsed?: BrowsedProducts;
}

/** Replenishment timing factor for r = days since last purchase / typical interval. */
export function dueFactor(r: number, opt: Pick<TopKOptions, "dueGrace" | "lapseHalfLife" | "dueFloor">): number {
  if (r < 1) return opt.dueFloor + (1 - opt.dueFloor) * r;
  if (r <= 1 + opt.dueGrace) return 1;
  return Math.pow(0.5, (r - 1 - opt.dueGrace) / opt.lapseHalfLife);
}

export function customerTopK(input: TopKInput, options: Partial<TopKOptions> = {}): CustomerTopK {
  const opt: TopKOptions = {
    ...DEFAULT_TOP_K_OPTIONS,
    ...options,
    weights: { ...DEFAULT_TOP_K_OPTIONS.weights, ...options.weights },
    diversity: { ...DEFAULT_TOP_K_OPTIONS.diversity, ...options.diversity },
  };
  const { history: h, stats, catalog, neighbors, feeds, segmentOf } = input;
  const nP = h.nProducts;
  const nC = Math.max(h.nCustomers, segmentOf.length);
  const k = opt.k;
  const W = opt.weights;
  const asOf = h.asOfMs;

  const out: CustomerTopK = {
    k,
    nCustomers: nC,
    product: new Int32Array(nC * k).fill(-1),
    score: new Float32Array(nC * k),
    reason: new Uint8Array(nC * k),
    anchor: new Int32Array(nC * k).fill(-1),
    detail: new Float32Array(nC * k),
  };

  // Browsing grouped by customer, and each category's best-sellers.
  const browseStart = new Int32Array(nC + 1);
  let browseOrder = new Int32Array(0);
  if (input.browsed) {
    const b = input.browsed;
    for (let i = 0; i < b.customer.length; i++) if (b.timeMs[i] < asOf && b.customer[i] < nC) browseStart[b.customer[i] + 1]++;
    for (let c = 0; c < nC; c++) browseStart[c + 1] += browseStart[c];
    browseOrder = new Int32Array(browseStart[nC]);
    const fill = browseStart.slice(0, nC);
    for (let i = 0; i < b.customer.length; i++) if (b.timeMs[i] < asOf && b.customer[i] < nC) browseOrder[fill[b.customer[i]]++] = i;
  }
  const browsed = input.browsed;
  const categoryTop = categoryBestSellers(stats.popularity, catalog, input.nCategories, opt.categoryCandidates);

  let maxPopularity = 0;
  for (let p = 0; p < nP; p++) if (catalog.recommendable[p] && stats.popularity[p] > maxPopularity) maxPopularity = stats.popularity[p];
  const nTrend = Math.min(opt.feedCandidates, feeds.trending.length);

  // Per-candidate scratch, reset through the touched list.
  const sPersonal = new Float64Array(nP);
  const sCo = new Float64Array(nP);
  const sSeg = new Float64Array(nP);
  const sBrowse = new Float64Array(nP);
  const coAnchor = new Int32Array(nP).fill(-1);
  const coBest = new Float64Array(nP);
  const browseCat = new Int32Array(nP).fill(-1);
  const interval = new Float64Array(nP);
  const inHistory = new Uint8Array(nP);
  const touchedMark = new Uint8Array(nP);
  const touched = new Int32Array(nP);
  const catWeight = new Float64Array(input.nCategories + 1);
  const catTouched = new Int32Array(input.nCategories + 1);
  const anchorWeight = new Float64Array(nP);
  const selectScratch = new Float64Array(nP);
  const final = new Float64Array(nP);
  const M = Math.max(4 * k, 40);
  const heapPos = new Int32Array(M);
  const ranked = new Int32Array(M);
  const chosen = new Int32Array(k);
  const picker = new DiversePicker(catalog.group, catalog.category, input.nCategories, M);
  const productAt = (p: number) => p;

  for (let c = 0; c < nC; c++) {
    let nTouched = 0;
    const touch = (p: number) => {
      if (!touchedMark[p]) {
        touchedMark[p] = 1;
        touched[nTouched++] = p;
      }
    };
    const e0 = c < h.nCustomers ? h.start[c] : 0;
    const e1 = c < h.nCustomers ? h.start[c + 1] : 0;

    // Personal history.
    let maxPersonal = 0;
    for (let e = e0; e < e1; e++) {
      const p = h.product[e];
      const n = h.count[e];
      inHistory[p] = 1;
      const age = asOf - h.lastMs[e];
      const T = stats.intervalDays[p];
      let gap = NaN;
      if (n >= 2) {
        const own = (h.lastMs[e] - h.firstMs[e]) / (n - 1) / DAY_MS;
        gap = Number.isFinite(T) ? (own * (n - 1) + T * opt.intervalPrior) / (n - 1 + opt.intervalPrior) : own;
      } else if (Number.isFinite(T)) gap = T;
      const timing = gap > 0 ? dueFactor(age / DAY_MS / gap, opt) : 1;
      const propensity = n >= 2 ? n / (n + 1) : stats.rebuyRate[p];
      if (n < 2 && stats.rebuyRate[p] < opt.minRebuyRate) continue;
      const v = Math.log1p(n) * decay(age, opt.personalHalfLifeDays) * propensity * timing;
      interval[p] = gap > 0 && n >= 2 && timing >= 0.99 ? gap : 0;
      sPersonal[p] = v;
      if (v > maxPersonal) maxPersonal = v;
      touch(p);
    }

    // Co-purchase from the most recent, most repeated products.
    let maxCo = 0;
    if (e1 > e0 && W.coPurchase > 0) {
      const nE = e1 - e0;
      for (let e = e0; e < e1; e++) anchorWeight[e - e0] = decay(asOf - h.lastMs[e], opt.anchorHalfLifeDays) * Math.log1p(h.count[e]);
      const threshold = nE > opt.maxAnchors ? kthLargest(anchorWeight, nE, opt.maxAnchors, selectScratch) : -Infinity;
      for (let e = e0; e < e1; e++) {
        const w = anchorWeight[e - e0];
        if (w < threshold) continue;
        const a = h.product[e];
        for (let x = neighbors.start[a]; x < neighbors.start[a + 1]; x++) {
          const q = neighbors.neighbor[x];
          const contribution = w * neighbors.similarity[x];
          sCo[q] += contribution;
          if (contribution > coBest[q]) {
            coBest[q] = contribution;
            coAnchor[q] = a;
          }
          touch(q);
        }
      }
      for (let t = 0; t < nTouched; t++) if (sCo[touched[t]] > maxCo) maxCo = sCo[touched[t]];
    }

    // Segment feed.
    const seg = c < segmentOf.length ? segmentOf[c] : -1;
    let segMax = 0;
    if (seg >= 0 && seg < feeds.nSegments) {
      const f0 = feeds.start[seg];
      const f1 = Math.min(feeds.start[seg + 1], f0 + opt.feedCandidates);
      segMax = f1 > f0 ? feeds.score[f0] : 0;
      for (let x = f0; x < f1; x++) {
        const q = feeds.product[x];
        sSeg[q] = segMax > 0 ? feeds.score[x] / segMax : 0;
        touch(q);
      }
    }

    // Browsing: viewed products and their categories' best-sellers.
    let maxBrowse = 0;
    let nCat = 0;
    for (let i = browseStart[c]; browsed && i < browseStart[c + 1]; i++) {
      const b = browseOrder[i];
      const p = browsed.product[b];
      if (p < 0 || p >= nP) continue;
      const w = decay(asOf - browsed.timeMs[b], opt.browseHalfLifeDays);
      sBrowse[p] += w;
      browseCat[p] = catalog.category[p];
      touch(p);
      const cat = catalog.category[p] + 1;
      if (cat > 0) {
        if (catWeight[cat] === 0) catTouched[nCat++] = cat;
        catWeight[cat] += w;
      }
    }
    for (let i = 0; i < nCat; i++) {
      const cat = catTouched[i];
      const w = catWeight[cat];
      for (let x = categoryTop.start[cat - 1]; x < categoryTop.start[cat]; x++) {
        const q = categoryTop.product[x];
        const v = (w * 0.5 * stats.popularity[q]) / (maxPopularity || 1);
        if (v > sBrowse[q]) {
          sBrowse[q] = v;
          browseCat[q] = cat - 1;
        }
        touch(q);
      }
      catWeight[cat] = 0;
    }
    for (let t = 0; t < nTouched; t++) if (sBrowse[touched[t]] > maxBrowse) maxBrowse = sBrowse[touched[t]];

    // Trending fills every list (and is all a customer without anything gets).
    for (let x = 0; x < nTrend; x++) touch(feeds.trending[x]);

    // Blend, keep the best M in a min-heap, then pick k with diversity.
    let heapSize = 0;
    for (let t = 0; t < nTouched; t++) {
      const p = touched[t];
      if (!catalog.recommendable[p]) continue;
      if (inHistory[p] && sPersonal[p] === 0) continue; // bought once, rarely bought again
      const v =
        (maxPersonal > 0 ? (W.personal * sPersonal[p]) / maxPersonal : 0) +
        (maxCo > 0 ? (W.coPurchase * sCo[p]) / maxCo : 0) +
        W.segment * sSeg[p] +
        (maxBrowse > 0 ? (W.browsed * sBrowse[p]) / maxBrowse : 0) +
        (maxPopularity > 0 ? (W.trending * stats.popularity[p]) / maxPopularity : 0);
      final[p] = v;
      if (heapSize < M) {
        heapPos[heapSize] = p;
        siftUp(heapPos, heapSize++, final);
      } else if (v > final[heapPos[0]]) {
        heapPos[0] = p;
        siftDown(heapPos, heapSize, final);
      }
    }
    for (let i = 0; i < heapSize; i++) ranked[i] = heapPos[i];
    sortByScoreDesc(ranked, heapSize, final);
    const n = picker.pick(ranked, heapSize, productAt, k, opt.diversity, chosen);
    const row = c * k;
    for (let i = 0; i < n; i++) {
      const p = chosen[i];
      out.product[row + i] = p;
      out.score[row + i] = final[p];
      // The reason is the signal that contributed most.
      const parts = [
        maxPersonal > 0 ? (W.personal * sPersonal[p]) / maxPersonal : 0,
        maxCo > 0 ? (W.coPurchase * sCo[p]) / maxCo : 0,
        W.segment * sSeg[p],
        maxBrowse > 0 ? (W.browsed * sBrowse[p]) / maxBrowse : 0,
        maxPopularity > 0 ? (W.trending * stats.popularity[p]) / maxPopularity : 0,
      ];
      let best = 0;
      for (let j = 1; j < parts.length; j++) if (parts[j] > parts[best]) best = j;
      if (best === 0) {
        out.reason[row + i] = interval[p] > 0 ? REASON_REPLENISH : REASON_REPEAT;
        out.detail[row + i] = interval[p];
      } else if (best === 1) {
        out.reason[row + i] = REASON_CO_PURCHASE;
        out.anchor[row + i] = coAnchor[p];
      } else if (best === 2) {
        const x = feedIndex(feeds, seg, p);
        out.reason[row + i] = x >= 0 ? feeds.reason[x] : REASON_TRENDING;
        out.detail[row + i] = x >= 0 ? feeds.lift[x] : 0;
      } else if (best === 3) {
        out.reason[row + i] = REASON_BROWSED;
        out.anchor[row + i] = browseCat[p];
      } else out.reason[row + i] = REASON_TRENDING;
    }

    for (let t = 0; t < nTouched; t++) {
      const p = touched[t];
      touchedMark[p] = 0;
      sPersonal[p] = 0;
      sCo[p] = 0;
      sSeg[p] = 0;
      sBrowse[p] = 0;
      coBest[p] = 0;
      coAnchor[p] = -1;
      browseCat[p] = -1;
      interval[p] = 0;
      inHistory[p] = 0;
    }
    for (let e = e0; e < e1; e++) inHistory[h.product[e]] = 0;
  }
  return out;
}

function feedIndex(feeds: SegmentFeeds, seg: number, p: number): number {
  if (seg < 0 || seg >= feeds.nSegments) return -1;
  for (let x = feeds.start[seg]; x < feeds.start[seg + 1]; x++) if (feeds.product[x] === p) return x;
  return -1;
}

/** The m-th largest of values[0..n) (quickselect on a scratch copy). */
function kthLargest(values: Float64Array, n: number, m: number, scratch: Float64Array): number {
  for (let i = 0; i < n; i++) scratch[i] = values[i];
  let lo = 0;
  let hi = n - 1;
  const target = m - 1;
  while (lo < hi) {
    const pivot = scratch[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (scratch[i] > pivot) i++;
      while (scratch[j] < pivot) j--;
      if (i <= j) {
        const t = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return scratch[target];
}

function siftUp(heap: Int32Array, i: number, key: Float64Array): void {
  const v = heap[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (key[heap[parent]] <= key[v]) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = v;
}

function siftDown(heap: Int32Array, n: number, key: Float64Array): void {
  let i = 0;
  const v = heap[0];
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && key[heap[child + 1]] < key[heap[child]]) child++;
    if (key[heap[child]] >= key[v]) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = v;
}

/** Insertion sort of ids[0..n) by key, best first; ties by lower product index (n is small). */
function sortByScoreDesc(ids: Int32Array, n: number, key: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const v = ids[i];
    let j = i - 1;
    while (j >= 0 && (key[ids[j]] < key[v] || (key[ids[j]] === key[v] && ids[j] > v))) {
      ids[j + 1] = ids[j];
      j--;
    }
    ids[j + 1] = v;
  }
}

/** Per category (index + 1 into start), its most popular recommendable products. */
function categoryBestSellers(popularity: Float64Array, catalog: Catalog, nCategories: number, perCategory: number) {
  const byCat: number[][] = Array.from({ length: nCategories }, () => []);
  for (let p = 0; p < catalog.nProducts; p++) {
    const cat = catalog.category[p];
    if (cat >= 0 && catalog.recommendable[p] && popularity[p] > 0) byCat[cat].push(p);
  }
  const start = new Int32Array(nCategories + 1);
  const product: number[] = [];
  for (let cat = 0; cat < nCategories; cat++) {
    const list = byCat[cat].sort((a, b) => popularity[b] - popularity[a]).slice(0, perCategory);
    for (const p of list) product.push(p);
    start[cat + 1] = product.length;
  }
  return { start, product: Int32Array.from(product) };
}
