/**
 * Gamma-Gamma model of spend per transaction, Fader, Hardie & Lee (2005),
 * "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", Journal
 * of Marketing Research 42(4), and Fader & Hardie's note "The Gamma-Gamma
 * Model of Monetary Value" (2013).
 *
 * A customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, v) across
 * customers, so the customer's mean spend is p/ν and the population mean
 * p v / (q - 1). The model is fitted on repeat buyers only (x > 0) from
 * (x, zbar) = (number of repeat transactions, their mean value); it assumes
 * spend is independent of purchase frequency.
 */
import { LOG_PARAM_BOUND, inBox } from "./bgNbd";
import { nelderMead } from "./nelderMead";
import { lgamma } from "./specialFunctions";

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaData {
  /** Number of repeat transactions (> 0). */
  x: ArrayLike<number>;
  /** Mean value of those transactions (> 0). */
  m: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

/**
 * Log-likelihood of one customer (the note's eq. 3, as in lifetimes):
 *   ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln v + (px-1) ln m + px ln x - (px+q) ln(xm + v)
 * (the density of zbar, dropping nothing: it is a proper density in zbar).
 */
export function gammaGammaLogLikelihoodOne(g: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = g;
  const px = p * x;
  return (
    lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) -
    (px + q) * Math.log(x * m + v)
  );
}

export function gammaGammaLogLikelihood(g: GammaGammaParams, data: GammaGammaData): number {
  let ll = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight ? data.weight[i] : 1;
    if (w === 0) continue;
    ll += w * gammaGammaLogLikelihoodOne(g, data.x[i], data.m[i]);
  }
  return ll;
}

/**
 * E[Z | x, zbar]: expected mean transaction value of a customer (the note's
 * eq. 5; lifetimes' `conditional_expected_average_profit`):
 *   (q-1)/(px+q-1) · p v/(q-1) + px/(px+q-1) · zbar = p (v + x zbar) / (px + q - 1),
 * a credibility-weighted mix of the population mean and the customer's own
 * mean. For x = 0 it is the population mean p v/(q-1). Needs q > 1.
 */
export function expectedAverageValue(g: GammaGammaParams, x: number, m: number): number {
  const xm = x > 0 ? x * m : 0;
  return (g.p * (g.v + xm)) / (g.p * x + g.q - 1);
}

/** Population mean transaction value p v/(q-1) (infinite when q <= 1). */
export function populationMeanValue(g: GammaGammaParams): number {
  return g.q > 1 ? (g.p * g.v) / (g.q - 1) : Infinity;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  /** A log-parameter ended at the ±20 box (a limit of the model). */
  atBound: boolean;
  /** Likelihood evaluations on the full data (plus those of the warm start). */
  evaluations: number;
  warmStartEvaluations: number;
  customers: number;
}

export interface GammaGammaFitOptions {
  initial?: GammaGammaParams;
  /** Initial simplex size in log-parameter space (default 0.5, 0.1 after a warm start). */
  step?: number;
  maxEvaluations?: number;
  /** Fit every k-th row first when there are more rows than this (default 50,000); see fitBgNbd. */
  warmStartRows?: number;
}

/**
 * Maximum-likelihood fit on the rows with x > 0 and m > 0 (others are
 * skipped: the model is for repeat buyers with a positive spend), parameters
 * optimised as logarithms with Nelder-Mead. Per evaluation the Γ-terms are
 * computed once per distinct x; per row there is one log.
 */
export function fitGammaGamma(data: GammaGammaData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  // Keep only usable rows, with ln m and ln x precomputed.
  const rows: number[] = [];
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight ? data.weight[i] : 1;
    if (data.x[i] > 0 && data.m[i] > 0 && w > 0 && Number.isFinite(data.m[i])) rows.push(i);
  }
  const n = rows.length;
  if (n === 0) throw new Error("fitGammaGamma: no repeat buyers with positive spend");
  const xIdx = new Int32Array(n);
  const xm = new Float64Array(n);
  const lnM = new Float64Array(n);
  const w = new Float64Array(n);
  const xMap = new Map<number, number>();
  const xs: number[] = [];
  let totalW = 0;
  let sumM = 0;
  for (let j = 0; j < n; j++) {
    const i = rows[j];
    const x = data.x[i];
    let k = xMap.get(x);
    if (k === undefined) {
      k = xs.length;
      xMap.set(x, k);
      xs.push(x);
    }
    xIdx[j] = k;
    xm[j] = x * data.m[i];
    lnM[j] = Math.log(data.m[i]);
    w[j] = data.weight ? data.weight[i] : 1;
    totalW += w[j];
    sumM += w[j] * data.m[i];
  }
  const px = new Float64Array(xs.length);
  const cx = new Float64Array(xs.length);

  const negMeanLL = (theta: Float64Array): number => {
    if (!inBox(theta)) return Infinity; // parameters in [2e-9, 5e8], see bgNbd.inBox
    const p = Math.exp(theta[0]);
    const q = Math.exp(theta[1]);
    const v = Math.exp(theta[2]);
    const base = -lgamma(q) + q * Math.log(v);
    for (let k = 0; k < xs.length; k++) {
      const pxk = p * xs[k];
      px[k] = pxk;
      cx[k] = lgamma(pxk + q) - lgamma(pxk) + base + pxk * Math.log(xs[k]);
    }
    let ll = 0;
    for (let j = 0; j < n; j++) {
      const k = xIdx[j];
      const pxk = px[k];
      ll += w[j] * (cx[k] + (pxk - 1) * lnM[j] - (pxk + q) * Math.log(xm[j] + v));
    }
    return -ll / totalW;
  };

  // Start at p = q = 2 (a moderately heterogeneous population) with v set so
  // that the implied population mean p v/(q-1) equals the observed mean.
  const meanM = sumM / totalW;
  let init = options.initial ?? { p: 2, q: 2, v: meanM / 2 };
  let step = options.step ?? 0.5;
  let warmStartEvaluations = 0;
  const warmRows = options.warmStartRows ?? 50_000;
  if (!options.initial && n > warmRows) {
    const stride = Math.ceil(n / warmRows);
    const sub = Array.from({ length: Math.ceil(n / stride) }, (_, j) => rows[j * stride]);
    const warm = fitGammaGamma(
      {
        x: sub.map((i) => data.x[i]),
        m: sub.map((i) => data.m[i]),
        weight: sub.map((i) => (data.weight ? data.weight[i] : 1)),
      },
      { maxEvaluations: options.maxEvaluations, warmStartRows: Infinity },
    );
    warmStartEvaluations = warm.evaluations;
    if (warm.converged) {
      init = warm.params;
      step = options.step ?? 0.1;
    }
  }
  const res = nelderMead(negMeanLL, [Math.log(init.p), Math.log(init.q), Math.log(init.v)], {
    step,
    xTolerance: 1e-7,
    fTolerance: 1e-12,
    maxEvaluations: options.maxEvaluations ?? 4000,
  });
  const params = { p: Math.exp(res.x[0]), q: Math.exp(res.x[1]), v: Math.exp(res.x[2]) };
  return {
    params,
    logLikelihood: -res.fx * totalW,
    converged: res.converged && Number.isFinite(res.fx),
    atBound: res.x.some((t) => Math.abs(t) > LOG_PARAM_BOUND - 1),
    evaluations: res.evaluations,
    warmStartEvaluations,
    customers: totalW,
  };
}
