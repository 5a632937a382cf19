/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real arguments, z < 1.
 *
 * The BG/NBD conditional expectation needs 2F1 at z = t / (alpha + T + t),
 * which approaches 1 for long horizons and young customers; the plain
 * power series then converges slowly, so we use the classical linear
 * transformations (Abramowitz & Stegun, Handbook of Mathematical Functions,
 * 1964, chapter 15; the same formulas are DLMF 15.8.1 and 15.8.4):
 *
 *  - z < 0   : Pfaff, A&S 15.3.4
 *              F(a,b;c;z) = (1-z)^(-a) F(a, c-b; c; z/(z-1)),   z/(z-1) in (0,1)
 *  - 0<=z<=½ : the defining series  sum_n (a)_n (b)_n / ((c)_n n!) z^n
 *  - ½<z<1   : the "1 - z" transformation, A&S 15.3.6 (valid when c-a-b is
 *              not an integer)
 *              F(a,b;c;z) = Γ(c)Γ(c-a-b)/(Γ(c-a)Γ(c-b)) F(a, b; a+b-c+1; 1-z)
 *                         + (1-z)^(c-a-b) Γ(c)Γ(a+b-c)/(Γ(a)Γ(b)) F(c-a, c-b; c-a-b+1; 1-z)
 *              both series are in 1-z < ½ and converge fast. When c-a-b is
 *              (nearly) an integer the two terms have poles that cancel
 *              (the A&S 15.3.10-12 logarithmic cases); instead of those
 *              formulas we sum the plain series, which still converges for
 *              z < 1, and only if that is too slow we average the
 *              transformation at c ± δ (the function is analytic in c, so the
 *              average is exact to O(δ²)).
 *  - z = 1   : Gauss's theorem, A&S 15.1.20, when c-a-b > 0.
 *
 * The series use a tail bound for the stopping rule (not just "term is
 * small"), so a term that happens to be tiny does not stop the sum early.
 */
import { gammaSign, isNonPositiveInteger, lgammaAbs } from "./specialFunctions";

const EPS = 1e-16;
const DEFAULT_MAX_TERMS = 2_000_000;

export interface SeriesResult {
  sum: number;
  terms: number;
  converged: boolean;
}

/**
 * Sums u_1 + u_2 + ... where u_{n+1} = u_n (p+n)(q+n) / ((r+n)(n+1)) y.
 * Every hypergeometric series in this module has that form.
 *
 * Stopping rule: once p+n, q+n, r+n are all positive, every later ratio is
 * bounded by rho = |y| max(1, (p+n)/(r+n)) max(1, (q+n)/(n+1)) (each factor
 * is monotone in n), so the remaining tail is at most |u_n| rho/(1-rho); we
 * stop when that bound is below EPS times the partial sum. This is a proof,
 * not a heuristic "the last term was small".
 */
export function ratioSeries(
  u1: number,
  p: number,
  q: number,
  r: number,
  y: number,
  maxTerms: number = DEFAULT_MAX_TERMS,
): SeriesResult {
  let term = u1;
  let sum = u1;
  if (term === 0) return { sum, terms: 1, converged: true };
  const settle = Math.max(-p, -q, -r, 0);
  const ay = Math.abs(y);
  for (let n = 1; n < maxTerms; n++) {
    const ratio = (((p + n) * (q + n)) / ((r + n) * (n + 1))) * y;
    term *= ratio;
    sum += term;
    if (term === 0) return { sum, terms: n + 1, converged: true };
    const m = n + 1; // the next ratio uses n + 1
    if (m > settle) {
      const rho = ay * Math.max(1, (p + m) / (r + m)) * Math.max(1, (q + m) / (m + 1));
      if (rho < 1 && Math.abs(term) * rho <= EPS * (1 - rho) * Math.abs(sum)) {
        return { sum, terms: n + 1, converged: true };
      }
    }
    if (!Number.isFinite(sum)) return { sum, terms: n + 1, converged: false };
  }
  return { sum, terms: maxTerms, converged: false };
}

/** The defining series 1 + sum_{n>=1} (a)_n (b)_n / ((c)_n n!) z^n. */
export function hyp2f1Series(a: number, b: number, c: number, z: number, maxTerms = DEFAULT_MAX_TERMS): SeriesResult {
  const s = ratioSeries(((a * b) / c) * z, a, b, c, z, maxTerms);
  return { sum: 1 + s.sum, terms: s.terms, converged: s.converged };
}

/** Γ(c)Γ(d) / (Γ(e)Γ(f)) via log-gamma with signs (0 when e or f is a pole). */
function gammaRatio(c: number, d: number, e: number, f: number): number {
  const l = lgammaAbs(c) + lgammaAbs(d) - lgammaAbs(e) - lgammaAbs(f);
  if (Number.isNaN(l)) return 0; // Infinity - Infinity: a pole in the denominator wins
  const sign = gammaSign(c) * gammaSign(d) * gammaSign(e) * gammaSign(f);
  return sign * Math.exp(l);
}

/** A&S 15.3.6, for 1/2 < z < 1 and c-a-b not an integer. */
function oneMinusZTransform(a: number, b: number, c: number, z: number): number {
  const d = c - a - b;
  const w = 1 - z;
  const f1 = hyp2f1Series(a, b, 1 - d, w).sum;
  const f2 = hyp2f1Series(c - a, c - b, d + 1, w).sum;
  const t1 = gammaRatio(c, d, c - a, c - b) * f1;
  const t2 = Math.pow(w, d) * gammaRatio(c, -d, a, b) * f2;
  return t1 + t2;
}

/** 2F1 for 0 < z < 1. */
function hyp2f1Unit(a: number, b: number, c: number, z: number): number {
  if (z <= 0.5) {
    return hyp2f1Series(a, b, c, z).sum;
  }
  const d = c - a - b;
  const distToInt = Math.abs(d - Math.round(d));
  if (distToInt > 1e-6) {
    const v = oneMinusZTransform(a, b, c, z);
    if (Number.isFinite(v)) return v;
  }
  // c - a - b (nearly) an integer: the plain series still converges for z < 1.
  const s = hyp2f1Series(a, b, c, z, 200_000);
  if (s.converged) return s.sum;
  // Too slow (z extremely close to 1): average the transformation either
  // side of the degenerate c. With δ = 1e-5 the cancellation in the two
  // Γ-terms costs ~5 digits and the O(δ²) bias is ~1e-10 relative.
  const delta = 1e-5;
  const lo = oneMinusZTransform(a, b, c - delta - (d - Math.round(d)), z);
  const hi = oneMinusZTransform(a, b, c + delta - (d - Math.round(d)), z);
  return 0.5 * (lo + hi);
}

/**
 * Gauss hypergeometric 2F1(a, b; c; z) for real a, b, c and z <= 1.
 * Returns NaN outside the domain (z > 1, or c a non-positive integer that is
 * not preceded by a terminating a or b).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if ([a, b, c, z].some(Number.isNaN)) return NaN;
  if (z === 0 || a === 0 || b === 0) return 1;
  // Terminating series (a or b a non-positive integer): a polynomial, valid for any z.
  const aTerm = isNonPositiveInteger(a);
  const bTerm = isNonPositiveInteger(b);
  if (aTerm || bTerm) {
    const m = Math.min(aTerm ? -a : Infinity, bTerm ? -b : Infinity);
    if (isNonPositiveInteger(c) && -c < m) return NaN;
    return hyp2f1Series(a, b, c, z, m + 2).sum;
  }
  if (isNonPositiveInteger(c)) return NaN;
  if (z > 1) return NaN;
  if (z === 1) {
    const d = c - a - b;
    return d > 0 ? gammaRatio(c, d, c - a, c - b) : Infinity;
  }
  // Closed forms that also serve as exact shortcuts: F(a,b;b;z) = (1-z)^(-a).
  if (c === b) return Math.pow(1 - z, -a);
  if (c === a) return Math.pow(1 - z, -b);
  if (z < 0) {
    const w = z / (z - 1);
    return Math.pow(1 - z, -a) * hyp2f1Unit(a, c - b, c, w);
  }
  return hyp2f1Unit(a, b, c, z);
}
