/**
 * The blend: how much each signal of a candidate (candidates.ts) counts,
 * learned per store from its own recent past instead of set by hand.
 *
 * Fitting: the store is replayed as of `horizonDays` before the as-of date,
 * candidates are generated for a sample of its customers exactly as they
 * will be at the as-of date, and a logistic regression (L2-penalised, fitted
 * by Newton's method) learns P(the customer buys the candidate within the
 * horizon) from what they then bought. Negatives are subsampled with
 * matching weights so a large store needs no more memory than a small one.
 * The fitted weights then score the candidates as of the as-of date.
 *
 * A store with too little history for this (too few customers who bought in
 * both periods) gets DEFAULT_BLEND_WEIGHTS, set once by hand to favour what a
 * customer buys again and then what its co-purchases point to.
 */
import { F, FX } from "./candidates";

export interface BlendModel {
  weights: Float64Array;
  /** How the weights were obtained. */
  fitted: boolean;
  samples: number;
  positives: number;
  customers: number;
}

export function defaultBlendWeights(): Float64Array {
  const w = new Float64Array(F);
  w[FX.bias] = -4;
  w[FX.bought] = 2;
  w[FX.logPurchaseDays] = 1;
  w[FX.logDaysSinceLast] = -0.3;
  w[FX.timing] = 0.5;
  w[FX.rebuyRate] = 1;
  w[FX.coPurchase] = 1.5;
  w[FX.segment] = 0.8;
  w[FX.trending] = 0.5;
  w[FX.browsed] = 1;
  return w;
}

/** Growable sample matrix (Float32 rows of F features) with labels and weights. */
export class BlendSamples {
  x = new Float32Array(F * 4096);
  y = new Uint8Array(4096);
  w = new Float32Array(4096);
  n = 0;

  add(row: Float64Array, offset: number, label: number, weight: number): void {
    if (this.n === this.y.length) {
      const cap = this.y.length * 2;
      const x = new Float32Array(F * cap);
      x.set(this.x);
      const y = new Uint8Array(cap);
      y.set(this.y);
      const w = new Float32Array(cap);
      w.set(this.w);
      this.x = x;
      this.y = y;
      this.w = w;
    }
    for (let j = 0; j < F; j++) this.x[this.n * F + j] = row[offset + j];
    this.y[this.n] = label;
    this.w[this.n] = weight;
    this.n++;
  }
}

/** Weighted L2-penalised logistic regression by Newton's method (F is small: the F x F system is solved directly). */
export function fitLogistic(s: BlendSamples, l2 = 1, iterations = 15): Float64Array {
  const beta = new Float64Array(F);
  const grad = new Float64Array(F);
  const hess = new Float64Array(F * F);
  const xi = new Float64Array(F);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < s.n; i++) {
      let z = 0;
      for (let j = 0; j < F; j++) {
        xi[j] = s.x[i * F + j];
        z += beta[j] * xi[j];
      }
      const p = 1 / (1 + Math.exp(-z));
      const wi = s.w[i];
      const g = wi * (s.y[i] - p);
      const h = wi * p * (1 - p);
      for (let j = 0; j < F; j++) {
        if (xi[j] === 0) continue;
        grad[j] += g * xi[j];
        const hx = h * xi[j];
        for (let k = j; k < F; k++) hess[j * F + k] += hx * xi[k];
      }
    }
    // Penalty on everything but the intercept; symmetric fill.
    for (let j = 0; j < F; j++) {
      for (let k = 0; k < j; k++) hess[j * F + k] = hess[k * F + j];
      if (j !== FX.bias) {
        grad[j] -= l2 * beta[j];
        hess[j * F + j] += l2;
      }
      hess[j * F + j] += 1e-9;
    }
    const step = solve(hess, grad, F);
    let change = 0;
    for (let j = 0; j < F; j++) {
      beta[j] += step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < 1e-4) break; // weights this close rank candidates the same
  }
  return beta;
}

/** Solves A x = b (A symmetric positive definite, n x n) by Gaussian elimination with partial pivoting. */
function solve(aIn: Float64Array, bIn: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(aIn);
  const b = Float64Array.from(bIn);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k];
        a[col * n + k] = a[pivot * n + k];
        a[pivot * n + k] = t;
      }
      const t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
    }
    const d = a[col * n + col];
    if (Math.abs(d) < 1e-15) continue;
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / d;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = b[r];
    for (let k = r + 1; k < n; k++) v -= a[r * n + k] * x[k];
    const d = a[r * n + r];
    x[r] = Math.abs(d) < 1e-15 ? 0 : v / d;
  }
  return x;
}
