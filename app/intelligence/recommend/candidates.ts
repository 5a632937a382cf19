/**
 * Candidate products for one customer and the signals describing each, as a
 * row of numbers the blend (blendModel.ts) turns into a score.
 *
 * Candidates: the customer's own products (minus those bought once whose
 * buyers almost never buy again), the co-purchase neighbours of its most
 * recent products, its segment's feed, the products it viewed and the
 * best-sellers of the categories it viewed, and the store's trending items.
 *
 * Signals (FEATURES below, 0 when a signal does not apply):
 *   personal     bought before; log purchase days; log days since the last
 *                one; replenishment timing; share of the customer's order
 *                days with it; the product's rebuy rate; bought once
 *   co-purchase  sum over the customer's anchors a of weight(a) * sim(a, p),
 *                raw (log) and scaled to the customer's best
 *   segment      score in the segment's feed scaled to the feed's best; log lift
 *   trending     log decayed popularity scaled to the store's best
 *   browsed      viewed / browsed-category score scaled to the customer's best
 *   recent       log popularity with a one-week half-life, scaled likewise
 *   activity     log order days, split by bought-before or not (lets the
 *                blend learn that regulars rebuy and newcomers explore)
 *   arrival      log days since the product first sold
 *   ...IfNew     trending, co-purchase and segment again for products the
 *                customer has not bought (what discovery rests on differs
 *                from what repeat purchases rest on)
 *
 * Replenishment timing: the customer's own gap between purchases of p
 * (shrunk toward p's typical interval among repeat buyers), or p's typical
 * interval when it bought p once. With r = days since it last bought p /
 * that interval, the factor climbs to 1 as r reaches 1 (due), stays there up
 * to r = 1 + dueGrace, then fades (the habit lapsed).
 */
import type { Catalog } from "./catalog";
import type { CoPurchaseNeighbors } from "./coPurchase";
import type { ProductStats } from "./productStats";
import { DAY_MS, decay, DecayTable, type PurchaseHistory } from "./purchaseHistory.ts";
import type { SegmentFeeds } from "./segmentFeed";

export const FEATURES = [
  "bias",
  "bought",
  "logPurchaseDays",
  "logDaysSinceLast",
  "timing",
  "dayShare",
  "rebuyRate",
  "boughtOnce",
  "logCoPurchase",
  "coPurchase",
  "segment",
  "logSegmentLift",
  "trending",
  "browsed",
  "logOrderDaysIfBought",
  "logOrderDaysIfNew",
  "recentTrending",
  "trendingIfNew",
  "coPurchaseIfNew",
  "segmentIfNew",
  "logProductAgeDays",
] as const;
export const F = FEATURES.length;

/** Indices of the feature groups, for reasons and for hand-set weights. */
export const FX = Object.fromEntries(FEATURES.map((name, i) => [name, i])) as Record<(typeof FEATURES)[number], number>;

export interface CandidateOptions {
  personalHalfLifeDays: number;
  anchorHalfLifeDays: number;
  maxAnchors: number;
  feedCandidates: number;
  /** The store's trending and this week's best-sellers that become candidates (enough to fill a list). */
  storeCandidates: number;
  minRebuyRate: number;
  dueGrace: number;
  lapseHalfLife: number;
  dueFloor: number;
  intervalPrior: number;
  browseHalfLifeDays: number;
  categoryCandidates: number;
}

export const DEFAULT_CANDIDATE_OPTIONS: CandidateOptions = {
  personalHalfLifeDays: 120,
  anchorHalfLifeDays: 60,
  maxAnchors: 10,
  feedCandidates: 20,
  storeCandidates: 10,
  minRebuyRate: 0.05,
  dueGrace: 1,
  lapseHalfLife: 2,
  dueFloor: 0.4,
  intervalPrior: 2,
  browseHalfLifeDays: 30,
  categoryCandidates: 20,
};

/** Product views, columns indexing the same customers and products as the history. */
export interface BrowsedProducts {
  customer: Int32Array;
  product: Int32Array;
  timeMs: Float64Array;
}

export interface CandidateInput {
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
export function dueFactor(r: number, opt: Pick<CandidateOptions, "dueGrace" | "lapseHalfLife" | "dueFloor">): number {
  if (r < 1) return opt.dueFloor + (1 - opt.dueFloor) * r;
  if (r <= 1 + opt.dueGrace) return 1;
  return Math.exp((-Math.LN2 * (r - 1 - opt.dueGrace)) / opt.lapseHalfLife); // 0.5^(...), exp is the faster builtin
}

/** log(1 + n) for the small whole numbers that purchase-day counts are. */
const LOG1P_INT = Float64Array.from({ length: 4096 }, (_, n) => Math.log1p(n));
function log1pCount(n: number): number {
  return n < 4096 ? LOG1P_INT[n] : Math.log1p(n);
}

/**
 * Reusable per-customer candidate generator: `collect(c)` fills
 * `products[0..n)`, their feature rows `x[i*F ..]` and per-candidate reason
 * details, and returns n. Nothing is allocated per customer.
 */
export class CandidateGenerator {
  readonly nCustomers: number;
  readonly products: Int32Array;
  readonly x: Float64Array;
  /** Per candidate: the anchor product of its co-purchase signal, the category of its browse signal, its replenishment interval, its feed lift. */
  readonly coAnchor: Int32Array;
  readonly browseCategory: Int32Array;
  readonly intervalDays: Float64Array;
  readonly feedReason: Uint8Array;
  readonly feedLift: Float64Array;
  private readonly opt: CandidateOptions;
  private readonly slot: Int32Array;
  private readonly anchorWeight: Float64Array;
  private readonly selectScratch: Float64Array;
  private readonly coBest: Float64Array;
  private readonly catWeight: Float64Array;
  private readonly catTouched: Int32Array;
  private readonly browseStart: Int32Array;
  private readonly browseOrder: Int32Array;
  private readonly categoryTop: { start: Int32Array; product: Int32Array };
  /** Per product: the store-level signals, computed once (trending, recent, log age). */
  private readonly productTrending: Float64Array;
  private readonly productRecent: Float64Array;
  private readonly productAge: Float64Array;
  private readonly logMaxPopularity: number;
  private readonly anchorDecay: DecayTable;
  private n = 0;

  private readonly input: CandidateInput;

  // Fields spelled out (no parameter properties): worker threads load this file with Node's own type stripping.
  constructor(input: CandidateInput, options: Partial<CandidateOptions> = {}) {
    this.input = input;
    this.opt = { ...DEFAULT_CANDIDATE_OPTIONS, ...options };
    this.anchorDecay = new DecayTable(this.opt.anchorHalfLifeDays);
    const nP = input.history.nProducts;
    this.nCustomers = Math.max(input.history.nCustomers, input.segmentOf.length);
    this.products = new Int32Array(nP);
    this.x = new Float64Array(nP * F);
    this.coAnchor = new Int32Array(nP);
    this.browseCategory = new Int32Array(nP);
    this.intervalDays = new Float64Array(nP);
    this.feedReason = new Uint8Array(nP);
    this.feedLift = new Float64Array(nP);
    this.slot = new Int32Array(nP).fill(-1);
    this.anchorWeight = new Float64Array(nP);
    this.selectScratch = new Float64Array(nP);
    this.coBest = new Float64Array(nP);
    this.catWeight = new Float64Array(input.nCategories + 1);
    this.catTouched = new Int32Array(input.nCategories + 1);

    const nC = this.nCustomers;
    const asOf = input.history.asOfMs;
    this.browseStart = new Int32Array(nC + 1);
    const b = input.browsed;
    if (b) {
      for (let i = 0; i < b.customer.length; i++) if (b.timeMs[i] < asOf && b.customer[i] < nC) this.browseStart[b.customer[i] + 1]++;
      for (let c = 0; c < nC; c++) this.browseStart[c + 1] += this.browseStart[c];
      this.browseOrder = new Int32Array(this.browseStart[nC]);
      const fill = this.browseStart.slice(0, nC);
      for (let i = 0; i < b.customer.length; i++) if (b.timeMs[i] < asOf && b.customer[i] < nC) this.browseOrder[fill[b.customer[i]]++] = i;
    } else this.browseOrder = new Int32Array(0);
    this.categoryTop = categoryBestSellers(input.stats.popularity, input.catalog, input.nCategories, this.opt.categoryCandidates);
    let maxPopularity = 0;
    for (let p = 0; p < nP; p++) {
      if (input.catalog.recommendable[p] && input.stats.popularity[p] > maxPopularity) maxPopularity = input.stats.popularity[p];
    }
    this.logMaxPopularity = Math.log1p(maxPopularity) || 1;
    let maxRecent = 0;
    for (let p = 0; p < nP; p++) {
      if (input.catalog.recommendable[p] && input.stats.recentPopularity[p] > maxRecent) maxRecent = input.stats.recentPopularity[p];
    }
    const logMaxRecent = Math.log1p(maxRecent) || 1;
    this.productTrending = new Float64Array(nP);
    this.productRecent = new Float64Array(nP);
    this.productAge = new Float64Array(nP);
    for (let p = 0; p < nP; p++) {
      this.productTrending[p] = Math.log1p(input.stats.popularity[p]) / this.logMaxPopularity;
      this.productRecent[p] = Math.log1p(input.stats.recentPopularity[p]) / logMaxRecent;
      const first = input.stats.firstSoldMs[p];
      this.productAge[p] = first < asOf ? Math.log1p((asOf - first) / DAY_MS) : 0;
    }
  }

  /** Index of product p among the current candidates (adding it with an empty row when new). */
  private add(p: number): number {
    let i = this.slot[p];
    if (i < 0) {
      i = this.n++;
      this.slot[p] = i;
      this.products[i] = p;
      const row = i * F;
      const x = this.x;
      x[row] = 1; // bias
      for (let j = 1; j < F; j++) x[row + j] = 0;
      this.coAnchor[i] = -1;
      this.browseCategory[i] = -1;
      this.intervalDays[i] = 0;
      this.feedReason[i] = 0;
      this.feedLift[i] = 0;
      this.coBest[i] = 0;
    }
    return i;
  }

  collect(c: number): number {
    // Forget the previous customer's candidates.
    for (let i = 0; i < this.n; i++) this.slot[this.products[i]] = -1;
    this.n = 0;
    const { history: h, stats, catalog, neighbors, feeds, segmentOf } = this.input;
    const opt = this.opt;
    const x = this.x;
    const asOf = h.asOfMs;
    const e0 = c < h.nCustomers ? h.start[c] : 0;
    const e1 = c < h.nCustomers ? h.start[c + 1] : 0;
    const orderDays = c < h.nCustomers ? h.customerDays[c] : 0;
    const logOrderDays = Math.log1p(orderDays);

    // Personal history. Products bought once that are rarely bought again are
    // kept out (slot -2 marks them so that no other signal brings them back).
    for (let e = e0; e < e1; e++) {
      const p = h.product[e];
      const n = h.count[e];
      if (n < 2 && stats.rebuyRate[p] < opt.minRebuyRate) {
        this.slot[p] = -2;
        continue;
      }
      const ageDays = (asOf - h.lastMs[e]) / DAY_MS;
      const T = stats.intervalDays[p];
      let gap = NaN;
      if (n >= 2) {
        const own = (h.lastMs[e] - h.firstMs[e]) / (n - 1) / DAY_MS;
        gap = Number.isFinite(T) ? (own * (n - 1) + T * opt.intervalPrior) / (n - 1 + opt.intervalPrior) : own;
      } else if (Number.isFinite(T)) gap = T;
      const timing = gap > 0 ? dueFactor(ageDays / gap, opt) : 1;
      const i = this.add(p);
      const row = i * F;
      x[row + FX.bought] = 1;
      x[row + FX.logPurchaseDays] = log1pCount(n);
      x[row + FX.logDaysSinceLast] = Math.log1p(ageDays);
      x[row + FX.timing] = timing;
      x[row + FX.dayShare] = orderDays > 0 ? Math.min(1, n / orderDays) : 0;
      x[row + FX.rebuyRate] = stats.rebuyRate[p];
      x[row + FX.boughtOnce] = n < 2 ? 1 : 0;
      this.intervalDays[i] = gap > 0 && n >= 2 && timing >= 0.99 ? gap : 0;
    }

    // Co-purchase from the most recent, most repeated products.
    const nE = e1 - e0;
    if (nE > 0) {
      for (let e = e0; e < e1; e++) this.anchorWeight[e - e0] = this.anchorDecay.at(asOf - h.lastMs[e]) * log1pCount(h.count[e]);
      const threshold = nE > opt.maxAnchors ? kthLargest(this.anchorWeight, nE, opt.maxAnchors, this.selectScratch) : -Infinity;
      let maxCo = 0;
      for (let e = e0; e < e1; e++) {
        const w = this.anchorWeight[e - e0];
        if (w < threshold) continue;
        const a = h.product[e];
        for (let k = neighbors.start[a]; k < neighbors.start[a + 1]; k++) {
          const q = neighbors.neighbor[k];
          if (this.slot[q] === -2) continue;
          const i = this.add(q);
          const v = w * neighbors.similarity[k];
          const total = (x[i * F + FX.coPurchase] += v);
          if (total > maxCo) maxCo = total;
          if (v > this.coBest[i]) {
            this.coBest[i] = v;
            this.coAnchor[i] = a;
          }
        }
      }
      for (let i = 0; i < this.n; i++) {
        const raw = x[i * F + FX.coPurchase];
        if (raw > 0) {
          x[i * F + FX.logCoPurchase] = Math.log1p(raw);
          x[i * F + FX.coPurchase] = raw / maxCo;
        }
      }
    }

    // Segment feed.
    const seg = c < segmentOf.length ? segmentOf[c] : -1;
    if (seg >= 0 && seg < feeds.nSegments) {
      const f0 = feeds.start[seg];
      const f1 = Math.min(feeds.start[seg + 1], f0 + opt.feedCandidates);
      const best = f1 > f0 ? feeds.score[f0] : 0;
      for (let k = f0; k < f1; k++) {
        const q = feeds.product[k];
        if (this.slot[q] === -2) continue;
        const i = this.add(q);
        x[i * F + FX.segment] = best > 0 ? feeds.score[k] / best : 0;
        x[i * F + FX.logSegmentLift] = Math.log(Math.max(feeds.lift[k], 1e-3));
        this.feedReason[i] = feeds.reason[k];
        this.feedLift[i] = feeds.lift[k];
      }
    }

    // Browsing: viewed products and their categories' best-sellers.
    const browsed = this.input.browsed;
    if (browsed && this.browseStart[c + 1] > this.browseStart[c]) {
      let nCat = 0;
      let maxBrowse = 0;
      for (let k = this.browseStart[c]; k < this.browseStart[c + 1]; k++) {
        const b = this.browseOrder[k];
        const p = browsed.product[b];
        if (p < 0 || p >= h.nProducts || this.slot[p] === -2) continue;
        const w = decay(asOf - browsed.timeMs[b], opt.browseHalfLifeDays);
        const i = this.add(p);
        const v = (x[i * F + FX.browsed] += w);
        if (v > maxBrowse) maxBrowse = v;
        this.browseCategory[i] = catalog.category[p];
        const cat = catalog.category[p] + 1;
        if (cat > 0) {
          if (this.catWeight[cat] === 0) this.catTouched[nCat++] = cat;
          this.catWeight[cat] += w;
        }
      }
      for (let t = 0; t < nCat; t++) {
        const cat = this.catTouched[t];
        const w = this.catWeight[cat];
        this.catWeight[cat] = 0;
        for (let k = this.categoryTop.start[cat - 1]; k < this.categoryTop.start[cat]; k++) {
          const q = this.categoryTop.product[k];
          if (this.slot[q] === -2) continue;
          const i = this.add(q);
          const v = (w * 0.5 * Math.log1p(stats.popularity[q])) / this.logMaxPopularity;
          if (v > x[i * F + FX.browsed]) {
            x[i * F + FX.browsed] = v;
            this.browseCategory[i] = cat - 1;
            if (v > maxBrowse) maxBrowse = v;
          }
        }
      }
      for (let i = 0; i < this.n; i++) if (maxBrowse > 0) x[i * F + FX.browsed] /= maxBrowse;
    }

    // Trending fills every list (and is all a customer without anything gets).
    const nTrend = Math.min(opt.storeCandidates, feeds.trending.length);
    for (let k = 0; k < nTrend; k++) if (this.slot[feeds.trending[k]] !== -2) this.add(feeds.trending[k]);
    const nRecent = Math.min(opt.storeCandidates, stats.recentTop.length);
    for (let k = 0; k < nRecent; k++) if (this.slot[stats.recentTop[k]] !== -2) this.add(stats.recentTop[k]);

    // Store-level and activity signals of every candidate; drop what may not be sold.
    let kept = 0;
    for (let i = 0; i < this.n; i++) {
      const p = this.products[i];
      if (!catalog.recommendable[p]) {
        this.slot[p] = -1;
        continue;
      }
      if (kept !== i) this.move(i, kept);
      const row = kept * F;
      x[row + FX.trending] = this.productTrending[p];
      x[row + FX.recentTrending] = this.productRecent[p];
      x[row + FX.logProductAgeDays] = this.productAge[p];
      if (x[row + FX.bought]) x[row + FX.logOrderDaysIfBought] = logOrderDays;
      else {
        x[row + FX.logOrderDaysIfNew] = logOrderDays;
        x[row + FX.trendingIfNew] = x[row + FX.trending];
        x[row + FX.coPurchaseIfNew] = x[row + FX.coPurchase];
        x[row + FX.segmentIfNew] = x[row + FX.segment];
      }
      kept++;
    }
    // Clear the -2 marks of filtered history items.
    for (let e = e0; e < e1; e++) if (this.slot[h.product[e]] === -2) this.slot[h.product[e]] = -1;
    this.n = kept;
    return kept;
  }

  private move(from: number, to: number): void {
    const p = this.products[from];
    this.products[to] = p;
    this.slot[p] = to;
    this.x.copyWithin(to * F, from * F, from * F + F);
    this.coAnchor[to] = this.coAnchor[from];
    this.browseCategory[to] = this.browseCategory[from];
    this.intervalDays[to] = this.intervalDays[from];
    this.feedReason[to] = this.feedReason[from];
    this.feedLift[to] = this.feedLift[from];
  }
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
