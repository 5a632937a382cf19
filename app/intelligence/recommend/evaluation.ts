/**
 * Offline evaluation on a date split: train on everything before the split,
 * then, for every customer with a purchase before and one after it, compare
 * the top-k lists (Pearl's and the two baselines') with the products the
 * customer bought after the split (non-product codes excluded).
 */
import type { OrderTable } from "../orderTable";
import { popularityRanking, popularityTopK, repeatTopK } from "./baselines";
import { purchasesBetween } from "./laterPurchases";
import { customerMetrics, MetricsAccumulator, type RankingMetrics } from "./metrics";
import { recommend, type RecommendOptions, type Recommendations } from "./recommend";

export interface SegmentMembership {
  segmentOf: Int32Array;
  nSegments: number;
}

export interface SplitEvaluation {
  pearl: RankingMetrics;
  popularity: RankingMetrics;
  repeat: RankingMetrics;
  customersEvaluated: number;
}

export function evaluateSplit(
  table: OrderTable,
  splitMs: number,
  k: number,
  segmentation: SegmentMembership,
  options: RecommendOptions = {},
  /** Purchases from this instant on are ignored (a validation split that keeps the test period unseen). */
  untilMs = Infinity,
  onPhase?: (name: string) => void,
): SplitEvaluation & { model: Recommendations } {
  const model = recommend(
    { table, asOfMs: splitMs, segmentOf: segmentation.segmentOf, nSegments: segmentation.nSegments },
    { ...options, topK: { ...options.topK, k } },
    onPhase,
  );
  onPhase?.("evaluate");
  const { history: h, catalog, topK } = model;
  const truth = purchasesBetween(table, splitMs, untilMs, catalog.nonProduct);
  const ranking = popularityRanking(h, catalog);
  const popular = popularityTopK(ranking, k);
  const acc = { pearl: new MetricsAccumulator(), popularity: new MetricsAccumulator(), repeat: new MetricsAccumulator() };
  for (const [c, bought] of truth) {
    if (c >= h.nCustomers || h.start[c + 1] === h.start[c]) continue; // nothing before the split
    acc.pearl.add(customerMetrics(topK.product.subarray(c * k, c * k + k), bought, k));
    acc.popularity.add(customerMetrics(popular, bought, k));
    acc.repeat.add(customerMetrics(repeatTopK(h, catalog, ranking, c, k), bought, k));
  }
  return {
    pearl: acc.pearl.mean(),
    popularity: acc.popularity.mean(),
    repeat: acc.repeat.mean(),
    customersEvaluated: acc.pearl.count,
    model,
  };
}
