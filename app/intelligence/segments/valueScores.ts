/**
 * CLV scores, churn and tiers aligned with the feature rows.
 *
 * The features cover every customer with an order, a browse event or a cart
 * up to as-of; the CLV models only those with a valid purchase. Customers
 * without one (browsers, cart-only, only cancelled orders) get CLV 0,
 * P(alive) 0, churn 1 and tier G: as buyers they are not (yet) alive.
 */
import { type ClvScores, scoreCustomers } from "../clv";
import type { CustomerFeatures } from "../features";
import { type OrderTable, orderTransactions } from "../orderTable";
import { type TimeUnit, rfmSummaryFromColumns } from "../rfmSummary";
import { type ModelFit, fitModels } from "../smallStore";
import { type Tier, TIER_CUTS_PERCENT, assignTiers } from "../tiers";

export const TIERS: readonly Tier[] = TIER_CUTS_PERCENT.map((c) => c.tier);

export interface ValueScores {
  clv30: Float64Array;
  clv365: Float64Array;
  clv1095: Float64Array;
  pAlive: Float64Array;
  churn: Float64Array;
  expectedPurchases: Float64Array;
  /** Index into TIERS (0 = A ... 6 = G). */
  tier: Uint8Array;
  model: ModelFit;
}

export interface ValueScoreOptions {
  /** Horizon of expectedPurchases (default 365 days). */
  horizonDays?: number;
  annualDiscountRate?: number;
  timeUnit?: TimeUnit;
}

export function valueScores(table: OrderTable, features: CustomerFeatures, options: ValueScoreOptions = {}): ValueScores {
  const summary = rfmSummaryFromColumns(orderTransactions(table), table.customerIds, features.asOf, options.timeUnit ?? "week");
  const model = fitModels(summary);
  const scores = scoreCustomers(model.bgnbd, model.gammaGamma, summary, {
    horizonDays: options.horizonDays ?? 365,
    annualDiscountRate: options.annualDiscountRate,
  });
  return alignScores(features, summary.customerIds, scores, model);
}

/** Scores by feature row (summary rows are a subsequence of the feature rows: both follow table order). */
export function alignScores(features: CustomerFeatures, scoredIds: readonly string[], scores: ClvScores, model: ModelFit): ValueScores {
  const n = features.customerIds.length;
  const row = new Int32Array(n).fill(-1);
  let j = 0;
  for (let i = 0; i < n && j < scoredIds.length; i++) if (features.customerIds[i] === scoredIds[j]) row[i] = j++;
  if (j < scoredIds.length) {
    // Not a subsequence (a caller with its own order): fall back to a map.
    row.fill(-1);
    const index = new Map<string, number>();
    scoredIds.forEach((id, k) => index.set(id, k));
    for (let i = 0; i < n; i++) row[i] = index.get(features.customerIds[i]) ?? -1;
  }
  const pick = (src: Float64Array, missing: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = row[i] >= 0 ? src[row[i]] : missing;
    return out;
  };
  const clv365 = pick(scores.clv365, 0);
  const tiers = assignTiers(clv365);
  const tier = new Uint8Array(n);
  const tierIndex = new Map(TIERS.map((t, k) => [t, k]));
  for (let i = 0; i < n; i++) tier[i] = tierIndex.get(tiers[i]) ?? TIERS.length - 1;
  return {
    clv30: pick(scores.clv30, 0),
    clv365,
    clv1095: pick(scores.clv1095, 0),
    pAlive: pick(scores.pAlive, 0),
    churn: pick(scores.churn, 1),
    expectedPurchases: pick(scores.expectedPurchases, 0),
    tier,
    model,
  };
}
