/**
 * The CLV report behind `pearl clv`: transactions in, fitted models and
 * per-customer predictions out. Pure: the caller loads the transactions.
 *
 * Steps: RFM summary as of `asOf` (later transactions ignored) -> BG/NBD and
 * Gamma-Gamma fits, with literature priors when the store is too small
 * (`lowConfidence`) -> expected purchases over `horizonDays`, P(alive),
 * discounted CLV over 30/365/1095 days -> tiers A-G by one-year CLV.
 * Model parameters are in the chosen time unit (weeks by default, as in the
 * literature).
 */
import { scoreCustomers } from "./clv";
import { type TimeUnit, type Transaction, rfmSummary } from "./rfmSummary";
import { fitModels } from "./smallStore";
import { type Tier, assignTiers } from "./tiers";

export interface ClvReportOptions {
  asOf: Date;
  horizonDays: number;
  timeUnit: TimeUnit;
  /** Annual discount rate for CLV (default 0.10). */
  discountRate?: number;
}

export interface ClvReportCustomer {
  id: string;
  /** Repeat purchase days up to as-of (x). */
  frequency: number;
  /** First to last purchase, in the time unit (t_x). */
  recency: number;
  /** First purchase to as-of, in the time unit. */
  T: number;
  /** Expected purchases in the horizonDays after as-of. */
  expectedPurchases: number;
  pAlive: number;
  clv30: number;
  clv365: number;
  clv1095: number;
  tier: Tier;
}

export interface ClvReport {
  model: {
    bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
    gammaGamma: { p: number; q: number; v: number };
    lowConfidence: boolean;
  };
  customers: ClvReportCustomer[];
}

export function clvReport(
  transactions: { customerId: string; placedAt: Date; amount: number }[],
  opts: ClvReportOptions,
): ClvReport {
  const timeUnit = opts.timeUnit ?? "week";
  const summary = rfmSummary(transactions as readonly Transaction[], opts.asOf, timeUnit);
  const fit = fitModels(summary);
  const scores = scoreCustomers(fit.bgnbd, fit.gammaGamma, summary, {
    horizonDays: opts.horizonDays,
    annualDiscountRate: opts.discountRate,
  });
  const tiers = assignTiers(scores.clv365);
  const customers: ClvReportCustomer[] = summary.customerIds.map((id, i) => ({
    id,
    frequency: summary.frequency[i],
    recency: summary.recency[i],
    T: summary.T[i],
    expectedPurchases: scores.expectedPurchases[i],
    pAlive: scores.pAlive[i],
    clv30: scores.clv30[i],
    clv365: scores.clv365[i],
    clv1095: scores.clv1095[i],
    tier: tiers[i],
  }));
  const { r, alpha, a, b, logLikelihood } = fit.bgnbd;
  return {
    model: {
      bgnbd: { r, alpha, a, b, logLikelihood },
      gammaGamma: { p: fit.gammaGamma.p, q: fit.gammaGamma.q, v: fit.gammaGamma.v },
      lowConfidence: fit.lowConfidence,
    },
    customers,
  };
}
