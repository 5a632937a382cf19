// Difference of two means with Welch's 95% interval (unequal variances,
// Welch-Satterthwaite degrees of freedom). Used for the campaign report:
// revenue per customer and conversion, treated group minus control group.
// Revenue per customer is heavy-tailed (most spend nothing); with the group
// sizes of a campaign (hundreds per segment) the t interval on means is the
// usual large-sample choice, and it needs no resampling.

import { lgamma } from "../intelligence/specialFunctions.ts";

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance (n - 1 in the denominator); 0 when n < 2. */
  variance: number;
}

export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

export interface Difference {
  estimate: number;
  /** 95% interval, or null when a group has fewer than two members. */
  low: number | null;
  high: number | null;
  standardError: number | null;
  degreesOfFreedom: number | null;
}

/** (mean of a) - (mean of b), Welch's t interval at `level`. */
export function welchDifference(a: Moments, b: Moments, level = 0.95): Difference {
  const estimate = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return { estimate, low: null, high: null, standardError: null, degreesOfFreedom: null };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { estimate, low: estimate, high: estimate, standardError: 0, degreesOfFreedom: a.n + b.n - 2 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  return { estimate, low: estimate - t * se, high: estimate + t * se, standardError: se, degreesOfFreedom: df };
}

/**
 * A sum of independent scaled differences, sum_k w_k (a_k - b_k), with the
 * Welch-Satterthwaite degrees of freedom of the pooled variance: the
 * campaign's incremental revenue over its segments (w_k = treated in segment k).
 */
export function weightedDifferenceSum(parts: { weight: number; a: Moments; b: Moments }[], level = 0.95): Difference {
  let estimate = 0;
  let variance = 0;
  let dfDenominator = 0;
  let complete = true;
  for (const { weight, a, b } of parts) {
    estimate += weight * (a.mean - b.mean);
    if (a.n < 2 || b.n < 2) { complete = false; continue; }
    const va = (weight ** 2 * a.variance) / a.n;
    const vb = (weight ** 2 * b.variance) / b.n;
    variance += va + vb;
    dfDenominator += va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1);
  }
  if (!complete || parts.length === 0) return { estimate, low: null, high: null, standardError: null, degreesOfFreedom: null };
  const se = Math.sqrt(variance);
  if (se === 0) return { estimate, low: estimate, high: estimate, standardError: 0, degreesOfFreedom: null };
  const df = variance ** 2 / dfDenominator;
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  return { estimate, low: estimate - t * se, high: estimate + t * se, standardError: se, degreesOfFreedom: df };
}

/** Student's t quantile by bisection on the CDF (regularized incomplete beta). */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** I_x(a, b) by Lentz's continued fraction (Numerical Recipes, betacf). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return (front * h) / a;
}
