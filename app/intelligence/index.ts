/**
 * Customer intelligence: pure functions, no database, no framework.
 * One concept per module; this file only re-exports the public API.
 */
export type { BrowseFact, CartFact, OrderFact } from "./types";
export {
  type OrderTable,
  OrderTableBuilder,
  orderTableFromFacts,
  orderTransactions,
  FLAG_CANCELLED,
  FLAG_DIFFERENT_SHIPPING,
  FLAG_GIFT_NOTE,
} from "./orderTable";
export {
  type CustomerFeatures,
  type CustomerFeatureRecord,
  type FeatureOptions,
  PRICE_BANDS,
  customerFeatures,
  customerFeaturesFromTable,
  featureRecord,
} from "./features";
export {
  type RfmSummary,
  type TimeUnit,
  type Transaction,
  type TransactionColumns,
  UNIT_DAYS,
  groupTriples,
  rfmSummary,
  rfmSummaryFromColumns,
} from "./rfmSummary";
export {
  type BgNbdParams,
  type BgNbdModel,
  bgNbdLogLikelihood,
  bgNbdModel,
  expectedPurchases,
  expectedPurchasesUnconditional,
  fitBgNbd,
  pAlive,
  probNoPurchases,
  probPurchases,
} from "./bgNbd";
export {
  type GammaGammaParams,
  expectedAverageValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  populationMeanValue,
} from "./gammaGamma";
export {
  type ClvScores,
  CLV_HORIZONS_DAYS,
  DEFAULT_ANNUAL_DISCOUNT_RATE,
  churnProbability,
  customerLifetimeValue,
  discountSchedule,
  scoreCustomers,
} from "./clv";
export { type Tier, TIER_CUTS_PERCENT, assignTiers, revenueConcentration } from "./tiers";
export {
  type ModelFit,
  MIN_CUSTOMERS_FOR_FIT,
  MIN_REPEAT_BUYERS_FOR_FIT,
  PRIOR_BGNBD_WEEKS,
  PRIOR_GAMMA_GAMMA,
  fitModels,
  priorBgNbd,
  priorGammaGamma,
} from "./smallStore";
export { type ClvReport, type ClvReportCustomer, type ClvReportOptions, clvReport } from "./clvReport";
