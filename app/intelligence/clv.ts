/**
 * Customer lifetime value from BG/NBD (how many purchases) x Gamma-Gamma
 * (how much per purchase), following lifetimes'
 * `GammaGammaFitter.customer_lifetime_value`: split the horizon into
 * periods, take the expected purchases in each period (the difference of the
 * cumulative conditional expectation at the period's end and start), multiply
 * by the customer's expected spend per purchase, discount, and sum.
 *
 * Discounting (documented choice): the horizon is cut into equal periods of
 * about a month (n = round(horizonDays / 30.4375), at least 1: 30 days -> 1
 * period, 365 -> 12, 1095 -> 36), and each period's value is discounted at
 * its END with discrete annual compounding, factor (1 + d)^(-tEnd/365), where
 * d is the annual rate (10% by default). lifetimes does the same with a
 * monthly rate and (1 + d_month)^-i; an annual rate is what a merchant knows.
 *
 * Churn is 1 - P(alive).
 */
import { type BgNbdParams, bgNbdPhi, expectedPurchases, pAlive } from "./bgNbd";
import { type GammaGammaParams, expectedAverageValue } from "./gammaGamma";
import { type RfmSummary, UNIT_DAYS } from "./rfmSummary";

export const DEFAULT_ANNUAL_DISCOUNT_RATE = 0.1;
export const AVERAGE_MONTH_DAYS = 30.4375;

export interface DiscountSchedule {
  /** End of each period, in days after as-of. */
  endsDays: Float64Array;
  /** Discount factor applied to each period's value. */
  factors: Float64Array;
}

export function discountSchedule(
  horizonDays: number,
  annualDiscountRate: number = DEFAULT_ANNUAL_DISCOUNT_RATE,
): DiscountSchedule {
  const n = Math.max(1, Math.round(horizonDays / AVERAGE_MONTH_DAYS));
  const endsDays = new Float64Array(n);
  const factors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    endsDays[i] = ((i + 1) * horizonDays) / n;
    factors[i] = Math.pow(1 + annualDiscountRate, -endsDays[i] / 365);
  }
  return { endsDays, factors };
}

/**
 * Discounted CLV of one customer over `horizonDays` (reference version; the
 * batch `scoreCustomers` computes the same numbers faster).
 * x, tx, T are in the models' unit of `unitDays` days; zbar is the mean
 * repeat spend (ignored when x = 0).
 */
export function customerLifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  x: number,
  tx: number,
  T: number,
  zbar: number,
  horizonDays: number,
  unitDays = 7,
  annualDiscountRate = DEFAULT_ANNUAL_DISCOUNT_RATE,
): number {
  const value = expectedAverageValue(gg, x, zbar);
  const { endsDays, factors } = discountSchedule(horizonDays, annualDiscountRate);
  let clv = 0;
  let prev = 0;
  for (let i = 0; i < endsDays.length; i++) {
    const cum = expectedPurchases(bg, endsDays[i] / unitDays, x, tx, T);
    clv += value * (cum - prev) * factors[i];
    prev = cum;
  }
  return clv;
}

/** 1 - P(alive). */
export function churnProbability(bg: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 - pAlive(bg, x, tx, T);
}

export const CLV_HORIZONS_DAYS = [30, 365, 1095] as const;

export interface ClvScores {
  /** Expected purchases in the `horizonDays` after as-of. */
  expectedPurchases: Float64Array;
  pAlive: Float64Array;
  churn: Float64Array;
  /** Expected value per purchase (Gamma-Gamma conditional mean). */
  expectedValue: Float64Array;
  clv30: Float64Array;
  clv365: Float64Array;
  clv1095: Float64Array;
}

export interface ScoreOptions {
  horizonDays: number;
  annualDiscountRate?: number;
}

/**
 * Scores every customer of a summary.
 *
 * Speed: the hypergeometric part of E[Y(t) | x, t_x, T] depends only on
 * (x, T) (t_x enters through the P(alive) denominator), so it is computed
 * once per distinct (x, T) pair and per period end, and each customer then
 * costs one exp/log (its denominator) and a few multiplications.
 */
export function scoreCustomers(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  summary: RfmSummary,
  options: ScoreOptions,
): ClvScores {
  const unitDays = UNIT_DAYS[summary.unit];
  const rate = options.annualDiscountRate ?? DEFAULT_ANNUAL_DISCOUNT_RATE;
  const schedules = CLV_HORIZONS_DAYS.map((h) => discountSchedule(h, rate));

  // Distinct evaluation times (days): all period ends plus the horizon.
  const timeKey = new Map<number, number>();
  const times: number[] = [];
  const addTime = (d: number): number => {
    const key = Math.round(d * 1e6);
    let k = timeKey.get(key);
    if (k === undefined) {
      k = times.length;
      timeKey.set(key, k);
      times.push(d);
    }
    return k;
  };
  const schedIdx = schedules.map((s) => Array.from(s.endsDays, addTime));
  const horizonIdx = addTime(options.horizonDays);
  const nTimes = times.length;
  const timesUnit = times.map((d) => d / unitDays);

  const n = summary.frequency.length;
  const out: ClvScores = {
    expectedPurchases: new Float64Array(n),
    pAlive: new Float64Array(n),
    churn: new Float64Array(n),
    expectedValue: new Float64Array(n),
    clv30: new Float64Array(n),
    clv365: new Float64Array(n),
    clv1095: new Float64Array(n),
  };
  const pairIndex = new Map<number, number>();
  // Per distinct (x, T): [E_alive(horizon), S30, S365, S1095] where
  // E_alive = (a+b+x-1) Φ is the expectation before dividing by D, and S the
  // discounted sums of its period increments.
  let pairData = new Float64Array(4 * 1024);
  let nPairs = 0;
  const cum = new Float64Array(nTimes);
  const { r, alpha, a, b } = bg;
  const lnA = Math.log(a);

  for (let i = 0; i < n; i++) {
    const x = summary.frequency[i];
    const Tdays = summary.ageDays[i];
    const T = summary.T[i];
    const key = x * 131072 + Tdays;
    let k = pairIndex.get(key);
    if (k === undefined) {
      k = nPairs++;
      pairIndex.set(key, k);
      if (4 * nPairs > pairData.length) {
        const bigger = new Float64Array(pairData.length * 2);
        bigger.set(pairData);
        pairData = bigger;
      }
      const coef = a + b + x - 1;
      for (let j = 0; j < nTimes; j++) cum[j] = coef * bgNbdPhi(bg, x, timesUnit[j] / (alpha + T));
      pairData[4 * k] = cum[horizonIdx];
      for (let h = 0; h < schedules.length; h++) {
        const f = schedules[h].factors;
        const idx = schedIdx[h];
        let s = 0;
        let prev = 0;
        for (let p = 0; p < idx.length; p++) {
          const c = cum[idx[p]];
          s += (c - prev) * f[p];
          prev = c;
        }
        pairData[4 * k + 1 + h] = s;
      }
    }
    // P(alive) denominator (see bgNbd.ts), inlined for speed.
    let D = 1;
    if (x > 0) {
      const tx = summary.recency[i];
      D = 1 + Math.exp(lnA - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
    }
    const value = expectedAverageValue(gg, x, summary.monetaryValue[i]);
    const inv = 1 / D;
    out.pAlive[i] = inv;
    out.churn[i] = 1 - inv;
    out.expectedValue[i] = value;
    out.expectedPurchases[i] = pairData[4 * k] * inv;
    out.clv30[i] = value * pairData[4 * k + 1] * inv;
    out.clv365[i] = value * pairData[4 * k + 2] * inv;
    out.clv1095[i] = value * pairData[4 * k + 3] * inv;
  }
  return out;
}
