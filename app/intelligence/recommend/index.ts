/**
 * Recommendations: purchase history, product statistics, co-purchase,
 * segment feeds, candidates and their learned blend, every customer's
 * top-k, metrics and the offline evaluation. Pure functions over the order
 * table; this file only re-exports the public API.
 */
export { type PurchaseHistory, DecayTable, decay, purchaseHistory } from "./purchaseHistory";
export { type ProductStats, type ProductStatsOptions, DEFAULT_PRODUCT_STATS_OPTIONS, productStats } from "./productStats";
export { type CoPurchaseNeighbors, type CoPurchaseOptions, DEFAULT_CO_PURCHASE_OPTIONS, coPurchaseNeighbors } from "./coPurchase";
export { type Catalog, type CatalogOptions, catalogFromTable, isMerchandise, variantGroups } from "./catalog";
export { type SegmentFeeds, type SegmentFeedOptions, DEFAULT_SEGMENT_FEED_OPTIONS, rankedRecommendable, segmentFeeds } from "./segmentFeed";
export { type BrowsedProducts, type CandidateInput, type CandidateOptions, CandidateGenerator, DEFAULT_CANDIDATE_OPTIONS, FEATURES, dueFactor } from "./candidates";
export { type BlendModel, defaultBlendWeights, fitLogistic } from "./blendModel";
export { type CustomerTopK, type TopKOptions, DEFAULT_TOP_K_OPTIONS, customerTopK } from "./customerTopK";
export { parallelTopK } from "./parallelTopK";
export { type DiversityRules, DiversePicker } from "./diversity";
export { type ReasonDetail, REASON_KINDS, reasonText } from "./reasons";
export { type RankingMetrics, MetricsAccumulator, customerMetrics } from "./metrics";
export { popularityRanking, popularityTopK, repeatTopK } from "./baselines";
export { purchasesBetween } from "./laterPurchases";
export { type SegmentMembership, type SplitEvaluation, evaluateSplit } from "./evaluation";
export {
  type BlendFitOptions,
  type RecommendInput,
  type RecommendOptions,
  type Recommendations,
  DEFAULT_BLEND_FIT_OPTIONS,
  fitBlend,
  recommend,
  recommendInParallel,
} from "./recommend";
