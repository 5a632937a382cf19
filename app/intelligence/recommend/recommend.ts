/**
 * The whole recommender as of a date: history, product statistics,
 * co-purchase neighbours, a feed per segment, the blend learned from the
 * store's recent past, and every customer's top-k.
 */
import type { OrderTable } from "../orderTable";
import { BlendSamples, defaultBlendWeights, fitLogistic, type BlendModel } from "./blendModel";
import { CandidateGenerator, F, type BrowsedProducts, type CandidateInput } from "./candidates";
import { catalogFromTable, type Catalog, type CatalogOptions } from "./catalog";
import { coPurchaseNeighbors, type CoPurchaseNeighbors, type CoPurchaseOptions } from "./coPurchase";
import { customerTopK, type CustomerTopK, type TopKOptions } from "./customerTopK";
import { parallelTopK } from "./parallelTopK";
import { purchasesBetween } from "./laterPurchases";
import { productStats, type ProductStats, type ProductStatsOptions } from "./productStats";
import { DAY_MS, purchaseHistory, type PurchaseHistory } from "./purchaseHistory";
import { segmentFeeds, type SegmentFeedOptions, type SegmentFeeds } from "./segmentFeed";

export interface BlendFitOptions {
  /** Learn the blend from the store's past (false: DEFAULT weights). */
  learn: boolean;
  /** The replay is this many days before the as-of date; labels are the purchases in between. */
  horizonDays: number;
  /** Customers sampled for the fit (evenly spread over the customer index). */
  maxCustomers: number;
  /**
   * A larger store is replayed on an even sample of this many customers
   * (its statistics are averages; a sample pins them down at a fraction of
   * the cost).
   */
  maxReplayCustomers: number;
  /** Rows kept for the fit; negatives are subsampled (and up-weighted) to stay near it. */
  maxSamples: number;
  /** Fewer customers who bought in both periods than this and the default weights are used. */
  minCustomers: number;
  l2: number;
}

export const DEFAULT_BLEND_FIT_OPTIONS: BlendFitOptions = {
  learn: true,
  horizonDays: 60,
  maxCustomers: 5_000,
  maxReplayCustomers: 100_000,
  maxSamples: 200_000,
  minCustomers: 100,
  l2: 1,
};

export interface RecommendOptions {
  catalog?: CatalogOptions;
  stats?: Partial<ProductStatsOptions>;
  coPurchase?: Partial<CoPurchaseOptions>;
  feeds?: Partial<SegmentFeedOptions>;
  blend?: Partial<BlendFitOptions>;
  topK?: Partial<TopKOptions>;
}

export interface RecommendInput {
  /** Orders with product columns (products, lineProduct). */
  table: OrderTable;
  /** Only purchases before this instant count. */
  asOfMs: number;
  /** Customer index -> segment index (-1 none); index as table.customerIds, possibly longer. */
  segmentOf: Int32Array;
  nSegments: number;
  browsed?: BrowsedProducts;
}

export interface Recommendations {
  catalog: Catalog;
  history: PurchaseHistory;
  stats: ProductStats;
  neighbors: CoPurchaseNeighbors;
  feeds: SegmentFeeds;
  blend: BlendModel;
  topK: CustomerTopK;
}

interface Signals {
  history: PurchaseHistory;
  stats: ProductStats;
  neighbors: CoPurchaseNeighbors;
  feeds: SegmentFeeds;
}

function signalsAsOf(
  input: RecommendInput,
  catalog: Catalog,
  asOfMs: number,
  options: RecommendOptions,
  include?: Uint8Array,
  onPhase?: (name: string) => void,
): Signals {
  onPhase?.("history");
  const history = purchaseHistory(input.table, asOfMs, catalog.nonProduct, include);
  onPhase?.("product stats");
  const stats = productStats(history, options.stats);
  onPhase?.("co-purchase");
  const neighbors = coPurchaseNeighbors(history, options.coPurchase);
  onPhase?.("segment feeds");
  const feeds = segmentFeeds(history, stats, catalog, input.table.categories.length, input.segmentOf, input.nSegments, options.feeds);
  return { history, stats, neighbors, feeds };
}

function candidateInput(input: RecommendInput, catalog: Catalog, s: Signals): CandidateInput {
  return { ...s, catalog, nCategories: input.table.categories.length, segmentOf: input.segmentOf, browsed: input.browsed };
}

/** Learns the blend by replaying the store `horizonDays` before the as-of date (see blendModel.ts). */
export function fitBlend(input: RecommendInput, catalog: Catalog, options: RecommendOptions = {}): BlendModel {
  const opt = { ...DEFAULT_BLEND_FIT_OPTIONS, ...options.blend };
  const fallback: BlendModel = { weights: defaultBlendWeights(), fitted: false, samples: 0, positives: 0, customers: 0 };
  if (!opt.learn) return fallback;
  const pastMs = input.asOfMs - opt.horizonDays * DAY_MS;
  const nC = input.table.customerIds.length;
  let include: Uint8Array | undefined;
  if (nC > opt.maxReplayCustomers) {
    include = new Uint8Array(nC);
    const step = nC / opt.maxReplayCustomers;
    for (let s = 0; Math.floor(s * step) < nC; s++) include[Math.floor(s * step)] = 1;
  }
  const past = signalsAsOf(input, catalog, pastMs, options, include);
  const labels = purchasesBetween(input.table, pastMs, input.asOfMs, catalog.nonProduct);
  const h = past.history;
  const eligible: number[] = [];
  for (const c of labels.keys()) if (c < h.nCustomers && h.start[c + 1] > h.start[c]) eligible.push(c); // sampled ones only: others have no history
  if (eligible.length < opt.minCustomers) return fallback;
  eligible.sort((a, b) => a - b);
  const stride = Math.max(1, eligible.length / opt.maxCustomers);
  const sampled: number[] = [];
  for (let s = 0; Math.floor(s * stride) < eligible.length; s++) sampled.push(eligible[Math.floor(s * stride)]);

  const gen = new CandidateGenerator(candidateInput(input, catalog, past), options.topK?.candidates);
  const samples = new BlendSamples();
  let rate = 1;
  let seen = 0;
  let positives = 0;
  let hash = 0x9e3779b9;
  for (let s = 0; s < sampled.length; s++) {
    const c = sampled[s];
    const bought = labels.get(c);
    const n = gen.collect(c);
    seen += n;
    // Each customer's rows weigh 1 / (products it bought): the fit then
    // maximises what recall averages, each customer's share of its purchases found.
    const customerWeight = 1 / (bought?.size ?? 1);
    // After a first stretch, subsample negatives to keep near maxSamples rows.
    if (s === 200) rate = Math.min(1, opt.maxSamples / ((seen / 200) * sampled.length));
    for (let i = 0; i < n; i++) {
      const y = bought?.has(gen.products[i]) ? 1 : 0;
      if (y) positives++;
      else if (rate < 1) {
        hash = (Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
        if (hash / 4294967296 >= rate) continue;
      }
      samples.add(gen.x, i * F, y, (y ? 1 : 1 / rate) * customerWeight);
    }
  }
  if (positives === 0) return fallback;
  const weights = fitLogistic(samples, opt.l2);
  // A signal the replay never saw (no browsing in the store yet) taught the
  // fit nothing: it keeps its default weight instead of the penalty's 0.
  const defaults = defaultBlendWeights();
  for (let j = 0; j < F; j++) {
    let seen = false;
    for (let i = 0; i < samples.n && !seen; i++) seen = samples.x[i * F + j] !== 0;
    if (!seen) weights[j] = defaults[j];
  }
  return { weights, fitted: true, samples: samples.n, positives, customers: sampled.length };
}

interface Prepared {
  catalog: Catalog;
  blend: BlendModel;
  signals: Signals;
  candidates: CandidateInput;
}

function prepare(input: RecommendInput, options: RecommendOptions, onPhase?: (name: string) => void): Prepared {
  onPhase?.("catalog");
  const catalog = catalogFromTable(input.table, options.catalog);
  onPhase?.("blend fit");
  const blend = fitBlend(input, catalog, options);
  const signals = signalsAsOf(input, catalog, input.asOfMs, options, undefined, onPhase);
  onPhase?.("customer top-k");
  return { catalog, blend, signals, candidates: candidateInput(input, catalog, signals) };
}

/** Runs each step in turn; `onPhase` hears each step's name before it starts (progress, timing). */
export function recommend(input: RecommendInput, options: RecommendOptions = {}, onPhase?: (name: string) => void): Recommendations {
  const { catalog, blend, signals, candidates } = prepare(input, options, onPhase);
  const topK = customerTopK(candidates, blend.weights, options.topK);
  return { catalog, ...signals, blend, topK };
}

/** The same, with every customer's top-k spread over `threads` threads (parallelTopK.ts) when the store is large. */
export async function recommendInParallel(
  input: RecommendInput,
  threads: number,
  options: RecommendOptions = {},
  onPhase?: (name: string) => void,
  onWorkerError?: (error: unknown) => void,
): Promise<Recommendations> {
  const { catalog, blend, signals, candidates } = prepare(input, options, onPhase);
  const topK = await parallelTopK(candidates, blend.weights, options.topK ?? {}, threads, onWorkerError);
  return { catalog, ...signals, blend, topK };
}
