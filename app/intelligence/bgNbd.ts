/**
 * BG/NBD ("beta-geometric / negative binomial") model of repeat purchasing,
 * Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2).
 *
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
 * after each purchase she drops out with probability p ~ Beta(a, b).
 * Per customer the sufficient statistics are x (repeat purchases), t_x (time
 * of the last purchase, from the first) and T (time since the first purchase),
 * all in one time unit (weeks in the literature).
 *
 * Everything is computed in log space where magnitudes can explode
 * (Γ-functions, (α+T)^(r+x) with x in the hundreds), and the parameters are
 * optimised as logarithms so that they stay positive.
 */
import { hyp2f1, ratioSeries } from "./hyp2f1";
import { nelderMead } from "./nelderMead";
import { betaln, lgamma, logSumExp2 } from "./specialFunctions";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Rows of (x, t_x, T) with an optional weight = number of identical customers. */
export interface BgNbdData {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

/**
 * Log-likelihood of one customer (FHL 2005, eq. 6, in the form of their
 * technical note "Implementing the BG/NBD Model for Customer Base Analysis
 * in Excel"):
 *   L = Γ(r+x) α^r / (Γ(r)) · B(a, b+x)/B(a, b)
 *       · [ (α+T)^-(r+x) + δ(x>0) a/(b+x-1) (α+t_x)^-(r+x) ]
 * The bracket is summed with log-sum-exp.
 */
export function bgNbdLogLikelihoodOne(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = betaln(a, b + x) - betaln(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logSumExp2(a3, a4);
}

/** Total (weighted) log-likelihood of a data set. */
export function bgNbdLogLikelihood(p: BgNbdParams, data: BgNbdData): number {
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight ? data.weight[i] : 1;
    if (w === 0) continue;
    ll += w * bgNbdLogLikelihoodOne(p, data.x[i], data.tx[i], data.T[i]);
  }
  return ll;
}

/**
 * Φ(x, s) = [1 - (1+s)^-(r+x) · 2F1(r+x, b+x; a+b+x-1; s/(1+s))] / (a-1),  s = t/(α+T).
 *
 * This is the hypergeometric core of both expectations:
 *   E[X(t)]            = (a+b-1)   Φ(0, t/α)                       (FHL 2005 eq. 9)
 *   E[Y(t) | x,t_x,T]  = (a+b+x-1) Φ(x, t/(α+T)) / D(x, t_x, T)    (FHL 2005 eq. 10)
 *
 * With A = r+x, B = a-1, C = a+b+x-1 and z = s/(1+s), computing 2F1 and then
 * subtracting from 1 loses everything when x is large (2F1 ~ (1-z)^-A
 * overflows) or when a ≈ 1 (0/0). Two exact rewritings avoid both:
 *  - Pfaff (A&S 15.3.4): (1-z)^A 2F1(A, b+x; C; z) = 2F1(A, B; C; -s), and
 *    2F1(A,B;C;w) = 1 + B Σ_{n≥1} (A)_n (B+1)_{n-1} / ((C)_n n!) w^n, so
 *      Φ = -Σ_{n≥1} (A)_n (B+1)_{n-1} / ((C)_n n!) (-s)^n,
 *    a series in |w| = s that converges geometrically for s ≤ ½.
 *  - Euler (A&S 15.3.3): (1-z)^A 2F1(A, b+x; C; z) = (1-z)^B 2F1(C-A, B; C; z), so
 *      Φ = (1 - (1-z)^B)/B - (1-z)^B K,  K = Σ_{n≥1} (C-A)_n (B+1)_{n-1} / ((C)_n n!) z^n,
 *    used for s > ½ (z > 1/3). (C-A)_n/(C)_n shrinks fast when x is large, so
 *    K converges quickly except for small x with z near 1; there we evaluate
 *    2F1(C-A, B; C; z) through its 1-z transformation (hyp2f1.ts, A&S 15.3.6).
 */
export function bgNbdPhi(p: BgNbdParams, x: number, s: number): number {
  if (!(s > 0)) return 0;
  const A = p.r + x;
  const B = p.a - 1;
  const C = p.a + p.b + x - 1;
  if (s <= 0.5) {
    const series = ratioSeries((A / C) * -s, A, B, C, -s);
    return -series.sum;
  }
  const z = s / (1 + s);
  const L = -Math.log1p(s); // ln(1 - z)
  const powB = Math.exp(B * L); // (1-z)^B
  const first = B === 0 ? -L : -Math.expm1(B * L) / B;
  const K = ratioSeries(((C - A) / C) * z, C - A, B, C, z, 400);
  if (K.converged || Math.abs(B) < 1e-6) {
    const Kfull = K.converged ? K : ratioSeries(((C - A) / C) * z, C - A, B, C, z);
    return first - powB * Kfull.sum;
  }
  // Slow series (small x, z close to 1): 2F1 via the 1-z transformation.
  const F = hyp2f1(C - A, B, C, z);
  return (1 - powB * F) / B;
}

/** D(x, t_x, T) = 1 + δ(x>0) a/(b+x-1) ((α+T)/(α+t_x))^(r+x); P(alive) = 1/D. */
function aliveDenominator(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return 1;
  const logTerm =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 + Math.exp(logTerm);
}

/**
 * P(alive | x, t_x, T) (FHL 2005 eq. 11; the technical note's eq. for
 * "P(alive)"). A customer with no repeat purchase is alive for sure in the
 * BG/NBD (dropout only happens right after a purchase).
 */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  return 1 / aliveDenominator(p, x, tx, T);
}

/**
 * Conditional expectation E[Y(t) | x, t_x, T]: expected number of purchases
 * in (T, T+t] for a customer with history (x, t_x, T), FHL 2005 eq. 10:
 *   (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))]
 *   / (1 + δ(x>0) a/(b+x-1) ((α+T)/(α+t_x))^(r+x))
 */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  const phi = bgNbdPhi(p, x, t / (p.alpha + T));
  return ((p.a + p.b + x - 1) * phi) / aliveDenominator(p, x, tx, T);
}

/** E[X(t)]: expected purchases in (0, t] of a new customer, FHL 2005 eq. 9. */
export function expectedPurchasesUnconditional(p: BgNbdParams, t: number): number {
  if (!(t > 0)) return 0;
  return (p.a + p.b - 1) * bgNbdPhi(p, 0, t / p.alpha);
}

/**
 * P(X(t) = n): probability of exactly n purchases in (0, t] for a new
 * customer, FHL 2005 eq. 8:
 *   B(a,b+n)/B(a,b) Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n
 *   + δ(n>0) B(a+1,b+n-1)/B(a,b) [1 - (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j]
 */
export function probPurchases(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  if (!(t > 0)) return n === 0 ? 1 : 0;
  const lq = Math.log(alpha / (alpha + t));
  const lz = Math.log(t / (alpha + t));
  const first = Math.exp(
    betaln(a, b + n) - betaln(a, b) + lgamma(r + n) - lgamma(r) - lgamma(n + 1) + r * lq + n * lz,
  );
  if (n === 0) return first;
  let cdf = 0;
  for (let j = 0; j < n; j++) cdf += Math.exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * lq + j * lz);
  const second = Math.exp(betaln(a + 1, b + n - 1) - betaln(a, b)) * Math.max(0, 1 - cdf);
  return first + second;
}

/** P(X(0, t] = 0) = (α/(α+t))^r. */
export function probNoPurchases(p: BgNbdParams, t: number): number {
  return probPurchases(p, t, 0);
}

/** The model with its parameters bound: the signatures used in the literature. */
export interface BgNbdModel {
  params: BgNbdParams;
  expectedPurchases(t: number, x: number, tx: number, T: number): number;
  pAlive(x: number, tx: number, T: number): number;
  expectedPurchasesUnconditional(t: number): number;
  probPurchases(t: number, n: number): number;
  probNoPurchases(t: number): number;
}

export function bgNbdModel(params: BgNbdParams): BgNbdModel {
  return {
    params,
    expectedPurchases: (t, x, tx, T) => expectedPurchases(params, t, x, tx, T),
    pAlive: (x, tx, T) => pAlive(params, x, tx, T),
    expectedPurchasesUnconditional: (t) => expectedPurchasesUnconditional(params, t),
    probPurchases: (t, n) => probPurchases(params, t, n),
    probNoPurchases: (t) => probNoPurchases(params, t),
  };
}

// ---------------------------------------------------------------------------
// Fitting

export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
  converged: boolean;
  /** A log-parameter ended at the ±20 box: the optimum is a limit of the model (see inBox). */
  atBound: boolean;
  /** Likelihood evaluations on the full data (plus those of the warm start). */
  evaluations: number;
  warmStartEvaluations: number;
}

export interface BgNbdFitOptions {
  initial?: BgNbdParams;
  /** Initial simplex size in log-parameter space (default 0.5, 0.1 after a warm start). */
  step?: number;
  maxEvaluations?: number;
  /**
   * With more distinct rows than this (default 50,000), first fit on every
   * k-th row, then polish on all rows from there: the polish needs far fewer
   * full-data evaluations than a cold start. The optimum is the full-data one.
   */
  warmStartRows?: number;
}

/**
 * Maximum-likelihood fit. Rows should already be grouped by identical
 * (x, t_x, T) with weights (see rfmSummary's `groupTriples`): the
 * likelihood only depends on those three numbers, so 1M customers collapse
 * to far fewer distinct rows.
 *
 * Inside one likelihood evaluation, the Γ-terms depend only on x and the logs
 * ln(α+T), ln(α+t_x) only on T and t_x, so they are computed once per
 * distinct value and the per-row work is one exp and one log1p.
 */
export function fitBgNbd(data: BgNbdData, options: BgNbdFitOptions = {}): BgNbdFit {
  const n = data.x.length;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = data.weight ? data.weight[i] : 1;
  const xIdx = new Int32Array(n);
  const tIdx = new Int32Array(n);
  const txIdx = new Int32Array(n);
  const xs = indexDistinct(data.x, xIdx);
  const Ts = indexDistinct(data.T, tIdx);
  const txs = indexDistinct(data.tx, txIdx);
  let totalW = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < n; i++) {
    totalW += w[i];
    sumX += w[i] * data.x[i];
    sumT += w[i] * data.T[i];
  }
  if (totalW === 0) throw new Error("fitBgNbd: no data");

  const cx = new Float64Array(xs.length); // per distinct x: constant part
  const lnA4 = new Float64Array(xs.length); // ln a - ln(b+x-1)
  const rx = new Float64Array(xs.length);
  const lnT = new Float64Array(Ts.length);
  const lnTx = new Float64Array(txs.length);

  const negMeanLL = (theta: Float64Array): number => {
    if (!inBox(theta)) return Infinity;
    const r = Math.exp(theta[0]);
    const alpha = Math.exp(theta[1]);
    const a = Math.exp(theta[2]);
    const b = Math.exp(theta[3]);
    const lgr = lgamma(r);
    const lnAlpha = Math.log(alpha);
    const lbab = betaln(a, b);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k];
      cx[k] = lgamma(r + x) - lgr + r * lnAlpha + betaln(a, b + x) - lbab;
      lnA4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
      rx[k] = r + x;
    }
    for (let j = 0; j < Ts.length; j++) lnT[j] = Math.log(alpha + Ts[j]);
    for (let j = 0; j < txs.length; j++) lnTx[j] = Math.log(alpha + txs[j]);
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const k = xIdx[i];
      const a3 = -rx[k] * lnT[tIdx[i]];
      const l4 = lnA4[k];
      let lse: number;
      if (l4 === -Infinity) lse = a3;
      else {
        const a4 = l4 - rx[k] * lnTx[txIdx[i]];
        lse = a3 > a4 ? a3 + Math.log1p(Math.exp(a4 - a3)) : a4 + Math.log1p(Math.exp(a3 - a4));
      }
      ll += w[i] * (cx[k] + lse);
    }
    return -ll / totalW;
  };

  // Start: r = 1 and α matching the pooled repeat rate Σx/ΣT, a = b = 1;
  // or, for big data, the optimum of a systematic subsample.
  let init = options.initial ?? {
    r: 1,
    alpha: Math.max(sumT / Math.max(sumX, 1), 1e-3),
    a: 1,
    b: 1,
  };
  let step = options.step ?? 0.5;
  let warmStartEvaluations = 0;
  const warmRows = options.warmStartRows ?? 50_000;
  if (!options.initial && n > warmRows) {
    const stride = Math.ceil(n / warmRows);
    const pick = (a: ArrayLike<number>) => Float64Array.from({ length: Math.ceil(n / stride) }, (_, j) => a[j * stride]);
    const warm = fitBgNbd(
      { x: pick(data.x), tx: pick(data.tx), T: pick(data.T), weight: pick(w) },
      { maxEvaluations: options.maxEvaluations, warmStartRows: Infinity },
    );
    warmStartEvaluations = warm.evaluations;
    if (warm.converged) {
      init = warm.params;
      step = options.step ?? 0.1;
    }
  }
  const res = nelderMead(
    negMeanLL,
    [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)],
    { step, xTolerance: 1e-7, fTolerance: 1e-12, maxEvaluations: options.maxEvaluations ?? 6000 },
  );
  const params: BgNbdParams = {
    r: Math.exp(res.x[0]),
    alpha: Math.exp(res.x[1]),
    a: Math.exp(res.x[2]),
    b: Math.exp(res.x[3]),
  };
  return {
    params,
    logLikelihood: -res.fx * totalW,
    converged: res.converged && Number.isFinite(res.fx),
    atBound: res.x.some((v) => Math.abs(v) > LOG_PARAM_BOUND - 1),
    evaluations: res.evaluations,
    warmStartEvaluations,
  };
}

/**
 * Log-parameters are kept in [-20, 20] (parameters in [2e-9, 5e8]). The
 * likelihood can be maximal "at infinity" (e.g. a, b -> ∞ with a/(a+b) fixed:
 * everyone has the same dropout probability, a legitimate limit of the
 * model); without a box the simplex would follow that ridge for thousands of
 * evaluations. With it, the fit converges at the wall and reports `atBound`.
 */
export const LOG_PARAM_BOUND = 20;

export function inBox(theta: ArrayLike<number>): boolean {
  for (let i = 0; i < theta.length; i++) if (!(Math.abs(theta[i]) <= LOG_PARAM_BOUND)) return false;
  return true;
}

/** Maps each value to the index of its distinct value; returns the distinct values. */
function indexDistinct(values: ArrayLike<number>, out: Int32Array): Float64Array {
  const map = new Map<number, number>();
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let k = map.get(v);
    if (k === undefined) {
      k = distinct.length;
      map.set(v, k);
      distinct.push(v);
    }
    out[i] = k;
  }
  return Float64Array.from(distinct);
}
