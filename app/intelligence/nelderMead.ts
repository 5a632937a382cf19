/**
 * Nelder-Mead simplex minimiser (Nelder & Mead 1965; the step rules and the
 * stopping test follow Lagarias et al. 1998 and scipy.optimize's
 * `minimize(method="Nelder-Mead")`, which is what the `lifetimes` library
 * uses to fit BG/NBD and Gamma-Gamma).
 *
 * Why our own ~100 lines instead of a package: the likelihoods here have 3-4
 * parameters, are cheap and smooth, and we need to know whether the
 * optimiser really converged (the small-store fallback depends on it).
 * The npm candidates (`fmin` 0.0.x, last released years ago, untyped;
 * `optimization-js`, little used) do not report convergence and would add
 * an unmaintained dependency for a routine this small.
 *
 * Robustness: a simplex can collapse early on a curved valley, so after
 * convergence we restart from the best point with a fresh simplex and stop
 * only when a restart no longer improves the objective (a standard remedy,
 * e.g. Numerical Recipes §10.5).
 *
 * Flat ridges: when the optimum lies "at infinity" along a direction where
 * the objective barely changes (BG/NBD with a, b -> ∞), the simplex never
 * shrinks in x and the usual test never fires. We also stop, as converged
 * with `stalled: true`, when the best value has not improved by more than
 * `stallTolerance` (relative) during `stallEvaluations` evaluations.
 */

export interface NelderMeadOptions {
  /** Initial simplex edge per coordinate (default 0.5). */
  step?: number | readonly number[];
  /** Stop when all vertices are within this of the best, per coordinate. */
  xTolerance?: number;
  /** ...and all function values are within this of the best. */
  fTolerance?: number;
  maxEvaluations?: number;
  /** Number of restarts after convergence (default 3). */
  restarts?: number;
  /** Relative improvement below which progress counts as stalled (default 1e-10). */
  stallTolerance?: number;
  /** Evaluations without such progress before stopping (default 200 per dimension). */
  stallEvaluations?: number;
}

export interface NelderMeadResult {
  x: number[];
  fx: number;
  evaluations: number;
  converged: boolean;
  /** Stopped on the stall rule (flat objective) rather than a small simplex. */
  stalled: boolean;
}

const RHO = 1; // reflection
const CHI = 2; // expansion
const PSI = 0.5; // contraction
const SIGMA = 0.5; // shrink

export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const xTol = options.xTolerance ?? 1e-8;
  const fTol = options.fTolerance ?? 1e-12;
  const maxEval = options.maxEvaluations ?? 200 * n * 10;
  const restarts = options.restarts ?? 3;
  const steps = Array.from({ length: n }, (_, i) => {
    const s = options.step;
    return typeof s === "number" ? s : s ? s[i] : 0.5;
  });

  let evaluations = 0;
  // Non-finite values (a parameter set where the likelihood overflows) are
  // treated as +Infinity so the simplex simply moves away from them.
  const evalF = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  let best: Float64Array = Float64Array.from(x0);
  let bestF = evalF(best);
  let converged = false;
  let stalled = false;
  const stall = {
    tolerance: options.stallTolerance ?? 1e-10,
    window: options.stallEvaluations ?? 200 * n,
    evaluations: () => evaluations,
  };

  for (let attempt = 0; attempt <= restarts; attempt++) {
    const run = simplexRun(evalF, best, bestF, steps, xTol, fTol, () => evaluations >= maxEval, stall);
    const improvement = bestF - run.fx;
    const prevFinite = Number.isFinite(bestF);
    if (run.fx <= bestF) {
      best = run.x;
      bestF = run.fx;
    }
    converged = run.converged;
    stalled = run.stalled;
    if (!run.converged || run.stalled) break; // budget exhausted, or a flat objective
    // Converged and the restart did not improve: done.
    if (attempt > 0 && prevFinite && improvement <= fTol * (1 + Math.abs(bestF))) break;
  }
  return { x: Array.from(best), fx: bestF, evaluations, converged: converged && Number.isFinite(bestF), stalled };
}

function simplexRun(
  evalF: (x: Float64Array) => number,
  start: Float64Array,
  startF: number,
  steps: readonly number[],
  xTol: number,
  fTol: number,
  outOfBudget: () => boolean,
  stall: { tolerance: number; window: number; evaluations: () => number },
): { x: Float64Array; fx: number; converged: boolean; stalled: boolean } {
  const n = start.length;
  const sim: Float64Array[] = [Float64Array.from(start)];
  const fs: number[] = [startF];
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from(start);
    v[i] += steps[i];
    sim.push(v);
    fs.push(evalF(v));
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const xbar = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);

  const sortSimplex = () => {
    order.sort((i, j) => fs[i] - fs[j]);
    const s2 = order.map((i) => sim[i]);
    const f2 = order.map((i) => fs[i]);
    for (let i = 0; i <= n; i++) {
      sim[i] = s2[i];
      fs[i] = f2[i];
      order[i] = i;
    }
  };

  let refBest = Infinity;
  let refEval = stall.evaluations();
  for (;;) {
    sortSimplex();
    if (refBest - fs[0] > stall.tolerance * (1 + Math.abs(fs[0]))) {
      refBest = fs[0];
      refEval = stall.evaluations();
    } else if (Number.isFinite(fs[0]) && stall.evaluations() - refEval > stall.window) {
      return { x: sim[0], fx: fs[0], converged: true, stalled: true };
    }
    // Stopping test (scipy): simplex small in x and flat in f.
    let maxDx = 0;
    let maxDf = 0;
    for (let i = 1; i <= n; i++) {
      for (let k = 0; k < n; k++) maxDx = Math.max(maxDx, Math.abs(sim[i][k] - sim[0][k]));
      maxDf = Math.max(maxDf, Math.abs(fs[i] - fs[0]));
    }
    if (maxDx <= xTol && maxDf <= fTol) return { x: sim[0], fx: fs[0], converged: true, stalled: false };
    if (outOfBudget()) return { x: sim[0], fx: fs[0], converged: false, stalled: false };

    xbar.fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) xbar[k] += sim[i][k] / n;
    const worst = sim[n];
    for (let k = 0; k < n; k++) xr[k] = (1 + RHO) * xbar[k] - RHO * worst[k];
    const fr = evalF(xr);

    let doShrink = false;
    if (fr < fs[0]) {
      for (let k = 0; k < n; k++) xe[k] = (1 + RHO * CHI) * xbar[k] - RHO * CHI * worst[k];
      const fe = evalF(xe);
      if (fe < fr) {
        sim[n] = Float64Array.from(xe);
        fs[n] = fe;
      } else {
        sim[n] = Float64Array.from(xr);
        fs[n] = fr;
      }
    } else if (fr < fs[n - 1]) {
      sim[n] = Float64Array.from(xr);
      fs[n] = fr;
    } else if (fr < fs[n]) {
      // Outside contraction.
      for (let k = 0; k < n; k++) xc[k] = (1 + PSI * RHO) * xbar[k] - PSI * RHO * worst[k];
      const fc = evalF(xc);
      if (fc <= fr) {
        sim[n] = Float64Array.from(xc);
        fs[n] = fc;
      } else doShrink = true;
    } else {
      // Inside contraction.
      for (let k = 0; k < n; k++) xc[k] = (1 - PSI) * xbar[k] + PSI * worst[k];
      const fc = evalF(xc);
      if (fc < fs[n]) {
        sim[n] = Float64Array.from(xc);
        fs[n] = fc;
      } else doShrink = true;
    }
    if (doShrink) {
      for (let i = 1; i <= n; i++) {
        for (let k = 0; k < n; k++) sim[i][k] = sim[0][k] + SIGMA * (sim[i][k] - sim[0][k]);
        fs[i] = evalF(sim[i]);
      }
    }
  }
}
