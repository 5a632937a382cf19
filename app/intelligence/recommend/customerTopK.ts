/**
 * Every customer's top-k: its candidates (candidates.ts) scored by the blend
 * (blendModel.ts), the best kept in a small heap, then picked with diversity
 * (at most one variant per product and a cap per category for suggestions;
 * the customer's own repeat purchases are each kept).
 *
 * The reason given for an item is its strongest signal: bought before (due
 * again when its replenishment interval says so, else a repeat), or the
 * largest of the co-purchase, segment, browsing and trending contributions.
 * A customer with nothing at all gets its segment's feed, else the store's
 * trending items: those are its only candidates.
 */
import { CandidateGenerator, F, FX, type CandidateInput, type CandidateOptions } from "./candidates.ts";
import { DiversePicker, type DiversityRules } from "./diversity.ts";
import { siftDown, siftUp, sortBestFirst } from "./topN.ts";
import { REASON_BROWSED, REASON_CO_PURCHASE, REASON_REPEAT, REASON_REPLENISH, REASON_SEGMENT_POPULAR, REASON_TRENDING } from "./reasons.ts";

export interface TopKOptions {
  k: number;
  candidates: Partial<CandidateOptions>;
  diversity: DiversityRules;
}

export const DEFAULT_TOP_K_OPTIONS: TopKOptions = {
  k: 10,
  candidates: {},
  diversity: { maxPerGroup: 1, maxPerCategory: 4 },
};

export interface CustomerTopK {
  k: number;
  nCustomers: number;
  /** Row c holds c's list at [c*k, c*k + k), padded with -1. */
  product: Int32Array;
  score: Float32Array;
  reason: Uint8Array;
  /** The product that led to a co-purchase item, the category of a browsed one; -1 otherwise. */
  anchor: Int32Array;
  /** Typical days between purchases (replenish), the segment lift (segment reasons), else 0. */
  detail: Float32Array;
}

export function resolveTopKOptions(options: Partial<TopKOptions> = {}): TopKOptions {
  return { ...DEFAULT_TOP_K_OPTIONS, ...options, diversity: { ...DEFAULT_TOP_K_OPTIONS.diversity, ...options.diversity } };
}

/** The customers the lists are for: the history's, and those beyond it who only have a segment or browsing. */
export function topKCustomerCount(input: CandidateInput): number {
  return Math.max(input.history.nCustomers, input.segmentOf.length);
}

/** Empty lists for nCustomers (on shared memory, so that worker threads can fill them). */
export function emptyTopK(nCustomers: number, k: number): CustomerTopK {
  const n = nCustomers * k;
  const buffer = (bytes: number) => new SharedArrayBuffer(n * bytes);
  return {
    k,
    nCustomers,
    product: new Int32Array(buffer(4)).fill(-1),
    score: new Float32Array(buffer(4)),
    reason: new Uint8Array(buffer(1)),
    anchor: new Int32Array(buffer(4)).fill(-1),
    detail: new Float32Array(buffer(4)),
  };
}

export function customerTopK(input: CandidateInput, weights: Float64Array, options: Partial<TopKOptions> = {}): CustomerTopK {
  const opt = resolveTopKOptions(options);
  const out = emptyTopK(topKCustomerCount(input), opt.k);
  fillTopK(input, weights, opt, out, 0, out.nCustomers);
  return out;
}

/** Writes the lists of customers from .. to-1 into out (one worker's share, or all of them). */
export function fillTopK(input: CandidateInput, weights: Float64Array, opt: TopKOptions, out: CustomerTopK, from: number, to: number): void {
  const gen = new CandidateGenerator(input, opt.candidates);
  const k = opt.k;
  const M = Math.max(4 * k, 40);
  const heap = new Int32Array(M);
  const chosen = new Int32Array(k);
  const score = new Float64Array(input.history.nProducts);
  const picker = new DiversePicker(input.catalog.group, input.catalog.category, input.nCategories, M);
  const productAt = (i: number) => gen.products[i];
  // Repeat purchases of the customer's own are exempt from the caps (see diversity.ts).
  const boughtBefore = (i: number) => gen.x[i * F + FX.bought] === 1;
  const x = gen.x;
  const wCo = weights[FX.coPurchase];
  const wLogCo = weights[FX.logCoPurchase];
  const wSeg = weights[FX.segment];
  const wLift = weights[FX.logSegmentLift];
  const wBrowse = weights[FX.browsed];
  const wTrend = weights[FX.trending];

  for (let c = from; c < to; c++) {
    const n = gen.collect(c);
    let size = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < F; j++) z += weights[j] * x[i * F + j];
      score[i] = z;
      if (size < M) {
        heap[size] = i;
        siftUp(heap, size++, score);
      } else if (z > score[heap[0]]) {
        heap[0] = i;
        siftDown(heap, size, score);
      }
    }
    sortBestFirst(heap, size, score, gen.products);
    const picked = picker.pick(heap, size, productAt, k, opt.diversity, chosen, boughtBefore);
    const row = c * k;
    for (let r = 0; r < picked; r++) {
      const i = chosen[r];
      out.product[row + r] = gen.products[i];
      out.score[row + r] = 1 / (1 + Math.exp(-score[i]));
      const o = i * F;
      if (x[o + FX.bought]) {
        const interval = gen.intervalDays[i];
        out.reason[row + r] = interval > 0 ? REASON_REPLENISH : REASON_REPEAT;
        out.detail[row + r] = interval;
        continue;
      }
      const co = wCo * x[o + FX.coPurchase] + wLogCo * x[o + FX.logCoPurchase];
      const seg = wSeg * x[o + FX.segment] + Math.max(0, wLift * x[o + FX.logSegmentLift]);
      const browse = wBrowse * x[o + FX.browsed];
      const trend = wTrend * x[o + FX.trending];
      if (x[o + FX.coPurchase] > 0 && co >= seg && co >= browse && co >= trend) {
        out.reason[row + r] = REASON_CO_PURCHASE;
        out.anchor[row + r] = gen.coAnchor[i];
      } else if (x[o + FX.segment] > 0 && seg >= browse && seg >= trend) {
        out.reason[row + r] = gen.feedReason[i] || REASON_SEGMENT_POPULAR;
        out.detail[row + r] = gen.feedLift[i];
      } else if (x[o + FX.browsed] > 0 && browse >= trend) {
        out.reason[row + r] = REASON_BROWSED;
        out.anchor[row + r] = gen.browseCategory[i];
      } else out.reason[row + r] = REASON_TRENDING;
    }
  }
}
