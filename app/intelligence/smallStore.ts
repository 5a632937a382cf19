/**
 * Model fitting that works from the first customer.
 *
 * A new store has too few customers (or nobody has bought twice yet) for
 * maximum likelihood to identify four BG/NBD parameters: the optimiser runs a
 * parameter off to 0 or infinity, or fails to converge. Rather than refuse
 * to predict, we fall back to literature priors and flag the result
 * `lowConfidence: true`, so the UI can say "early estimate".
 *
 * The priors (documented choices):
 *  - BG/NBD shape: the CDNOW estimates of Fader, Hardie & Lee (2005),
 *    r = 0.243, a = 0.793, b = 2.426 (heterogeneous purchase rates, a mean
 *    dropout probability after each purchase of a/(a+b) ≈ 25%). These are the
 *    most reproduced BG/NBD numbers for a retail store.
 *  - BG/NBD scale α: the CDNOW α (4.414 weeks) implies a mean purchase rate
 *    of r/α ≈ 0.055 per week. Stores differ mostly in rate, so we set α from
 *    the store's own pooled repeat rate, shrunk towards the CDNOW rate with
 *    the weight of K = 30 pseudo-customers of CDNOW's mean exposure:
 *      λ = (Σx + r₀ K) / (ΣT + α₀ K),   α = r₀ / λ.
 *    With one customer this is essentially the CDNOW rate; with more data the
 *    store's own rate takes over.
 *  - Gamma-Gamma: CDNOW's p = 6.25, q = 3.74 (FHL 2005b), with v rescaled so
 *    the population mean p v/(q-1) equals the store's observed mean
 *    transaction value (CDNOW's own v = 15.44 corresponds to $35.2).
 *
 * Thresholds: fewer than 30 customers or fewer than 10 repeat buyers, or an
 * optimiser that did not converge (or, for Gamma-Gamma, q <= 1, where the
 * mean spend is infinite), use the priors. A fit that converged at the
 * parameter box (`atBound`, e.g. a, b -> ∞: everyone has the same dropout
 * probability) is a legitimate limit of the model and is kept.
 */
import { type BgNbdParams, bgNbdLogLikelihood, fitBgNbd } from "./bgNbd";
import { type GammaGammaParams, fitGammaGamma } from "./gammaGamma";
import { type RfmSummary, UNIT_DAYS, groupTriples } from "./rfmSummary";

export const MIN_CUSTOMERS_FOR_FIT = 30;
export const MIN_REPEAT_BUYERS_FOR_FIT = 10;
export const PRIOR_PSEUDO_CUSTOMERS = 30;

/** CDNOW BG/NBD estimates (weeks), Fader, Hardie & Lee 2005. */
export const PRIOR_BGNBD_WEEKS: Readonly<BgNbdParams> = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** CDNOW Gamma-Gamma estimates, Fader, Hardie & Lee 2005b. */
export const PRIOR_GAMMA_GAMMA: Readonly<GammaGammaParams> = { p: 6.25, q: 3.74, v: 15.44 };

/** BG/NBD prior in a time unit of `unitDays` days, scaled to the store's pooled repeat rate. */
export function priorBgNbd(x: ArrayLike<number>, T: ArrayLike<number>, unitDays: number): BgNbdParams {
  const r0 = PRIOR_BGNBD_WEEKS.r;
  const alpha0 = (PRIOR_BGNBD_WEEKS.alpha * 7) / unitDays;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < x.length; i++) {
    sumX += x[i];
    sumT += T[i];
  }
  const k = PRIOR_PSEUDO_CUSTOMERS;
  const rate = (sumX + r0 * k) / (sumT + alpha0 * k);
  return { r: r0, alpha: r0 / rate, a: PRIOR_BGNBD_WEEKS.a, b: PRIOR_BGNBD_WEEKS.b };
}

/** Gamma-Gamma prior whose population mean equals `meanValue` (> 0). */
export function priorGammaGamma(meanValue: number): GammaGammaParams {
  const { p, q } = PRIOR_GAMMA_GAMMA;
  const mean = Number.isFinite(meanValue) && meanValue > 0 ? meanValue : 0;
  // v must stay positive; a store with no positive spend gets ~0 value.
  return { p, q, v: Math.max((mean * (q - 1)) / p, 1e-9) };
}

export interface ModelFit {
  bgnbd: BgNbdParams & { logLikelihood: number };
  gammaGamma: GammaGammaParams;
  lowConfidence: boolean;
  /** Why a prior was used (empty when both models were fitted). */
  reasons: string[];
  /** Optimiser evaluations, for diagnostics. */
  evaluations: { bgnbd: number; gammaGamma: number };
}

/**
 * Fits BG/NBD (on grouped (x, t_x, T) rows) and Gamma-Gamma (on repeat
 * buyers' (x, zbar)), falling back to the priors where the data are too thin.
 */
export function fitModels(summary: RfmSummary): ModelFit {
  const bg = fitBgNbdOrPrior(summary);
  const gg = fitGammaGammaOrPrior(summary);
  return {
    bgnbd: bg.params,
    gammaGamma: gg.params,
    lowConfidence: bg.lowConfidence || gg.lowConfidence,
    reasons: [...bg.reasons, ...gg.reasons],
    evaluations: { bgnbd: bg.evaluations, gammaGamma: gg.evaluations },
  };
}

export interface BgNbdFitOrPrior {
  params: BgNbdParams & { logLikelihood: number };
  lowConfidence: boolean;
  reasons: string[];
  evaluations: number;
}

export function fitBgNbdOrPrior(summary: RfmSummary): BgNbdFitOrPrior {
  const n = summary.frequency.length;
  let repeat = 0;
  for (let i = 0; i < n; i++) if (summary.frequency[i] > 0) repeat++;
  const reasons: string[] = [];
  const grouped = groupTriples(summary);
  if (n < MIN_CUSTOMERS_FOR_FIT) reasons.push(`bgnbd: ${n} customers < ${MIN_CUSTOMERS_FOR_FIT}`);
  if (repeat < MIN_REPEAT_BUYERS_FOR_FIT) reasons.push(`bgnbd: ${repeat} repeat buyers < ${MIN_REPEAT_BUYERS_FOR_FIT}`);
  let evaluations = 0;
  if (reasons.length === 0) {
    const fit = fitBgNbd(grouped);
    evaluations = fit.evaluations;
    if (fit.converged && Number.isFinite(fit.logLikelihood)) {
      return { params: { ...fit.params, logLikelihood: fit.logLikelihood }, lowConfidence: false, reasons, evaluations };
    }
    reasons.push("bgnbd: optimiser did not converge");
  }
  const prior = priorBgNbd(summary.frequency, summary.T, UNIT_DAYS[summary.unit]);
  const ll = n > 0 ? bgNbdLogLikelihood(prior, grouped) : 0;
  return { params: { ...prior, logLikelihood: ll }, lowConfidence: true, reasons, evaluations };
}

export interface GammaGammaFitOrPrior {
  params: GammaGammaParams;
  lowConfidence: boolean;
  reasons: string[];
  evaluations: number;
}

export function fitGammaGammaOrPrior(summary: RfmSummary): GammaGammaFitOrPrior {
  const n = summary.frequency.length;
  const reasons: string[] = [];
  let usable = 0;
  let totalValue = 0;
  let totalTransactions = 0;
  for (let i = 0; i < n; i++) {
    if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) usable++;
    totalValue += summary.totalValue[i];
    totalTransactions += summary.frequency[i] + 1;
  }
  let evaluations = 0;
  if (usable < MIN_REPEAT_BUYERS_FOR_FIT) {
    reasons.push(`gammaGamma: ${usable} repeat buyers with positive spend < ${MIN_REPEAT_BUYERS_FOR_FIT}`);
  } else {
    const fit = fitGammaGamma(groupSpend(summary));
    evaluations = fit.evaluations;
    if (fit.converged && fit.params.q > 1) return { params: fit.params, lowConfidence: false, reasons, evaluations };
    reasons.push(fit.converged ? "gammaGamma: q <= 1 (infinite mean spend)" : "gammaGamma: optimiser did not converge");
  }
  const meanValue = totalTransactions > 0 ? totalValue / totalTransactions : 0;
  return { params: priorGammaGamma(meanValue), lowConfidence: true, reasons, evaluations };
}

/**
 * Repeat buyers' (x, zbar) grouped by identical pairs (weights): cheap, and
 * exact, since the Gamma-Gamma likelihood depends on nothing else.
 */
export function groupSpend(summary: RfmSummary): { x: Float64Array; m: Float64Array; weight: Float64Array } {
  const byX = new Map<number, Map<number, number>>();
  const xs: number[] = [];
  const ms: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < summary.frequency.length; i++) {
    const x = summary.frequency[i];
    const m = summary.monetaryValue[i];
    if (!(x > 0 && m > 0)) continue;
    let inner = byX.get(x);
    if (!inner) {
      inner = new Map();
      byX.set(x, inner);
    }
    const k = inner.get(m);
    if (k === undefined) {
      inner.set(m, xs.length);
      xs.push(x);
      ms.push(m);
      ws.push(1);
    } else ws[k]++;
  }
  return { x: Float64Array.from(xs), m: Float64Array.from(ms), weight: Float64Array.from(ws) };
}
