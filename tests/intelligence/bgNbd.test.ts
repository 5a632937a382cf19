/**
 * BG/NBD against the published CDNOW numbers (FHL 2005, BTYD vignette,
 * lifetimes' tests). Tolerances are stated per test.
 */
import { describe, expect, it } from "vitest";
import {
  bgNbdLogLikelihood,
  bgNbdModel,
  expectedPurchases,
  expectedPurchasesUnconditional,
  fitBgNbd,
  pAlive,
  probNoPurchases,
  probPurchases,
} from "../../app/intelligence/bgNbd";
import { loadSummary } from "./cdnowData";

const within = (v: number, ref: number, rel: number) => Math.abs(v - ref) <= rel * Math.abs(ref);

describe("BG/NBD fit on cdnow_customers_summary.csv", () => {
  const rows = loadSummary();
  const data = { x: rows.map((r) => r.x), tx: rows.map((r) => r.tx), T: rows.map((r) => r.T) };
  const fit = fitBgNbd(data);

  it("reproduces r, alpha, a, b within 0.5% and the log-likelihood within 0.1", () => {
    expect(fit.converged).toBe(true);
    expect(within(fit.params.r, 0.2426, 0.005)).toBe(true);
    expect(within(fit.params.alpha, 4.4135, 0.005)).toBe(true);
    expect(within(fit.params.a, 0.793, 0.005)).toBe(true);
    expect(within(fit.params.b, 2.4262, 0.005)).toBe(true);
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.1);
  });

  it("matches lifetimes' estimates 0.242593, 4.413532, 0.792886, 2.425752 to 1e-4 relative", () => {
    expect(within(fit.params.r, 0.242593, 1e-4)).toBe(true);
    expect(within(fit.params.alpha, 4.413532, 1e-4)).toBe(true);
    expect(within(fit.params.a, 0.792886, 1e-4)).toBe(true);
    expect(within(fit.params.b, 2.425752, 1e-4)).toBe(true);
  });

  it("grouped rows with weights, and the warm start, give the same optimum (LL 1e-6, params 1e-4 relative)", () => {
    const key = (i: number) => `${data.x[i]}|${data.tx[i]}|${data.T[i]}`;
    const groups = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) groups.set(key(i), (groups.get(key(i)) ?? 0) + 1);
    const g = { x: [] as number[], tx: [] as number[], T: [] as number[], weight: [] as number[] };
    for (const [k, w] of groups) {
      const [x, tx, T] = k.split("|").map(Number);
      g.x.push(x);
      g.tx.push(tx);
      g.T.push(T);
      g.weight.push(w);
    }
    const gf = fitBgNbd(g);
    expect(Math.abs(gf.logLikelihood - fit.logLikelihood)).toBeLessThan(1e-6);
    expect(within(bgNbdLogLikelihood(fit.params, g), fit.logLikelihood, 1e-12)).toBe(true);

    // The warm start (subsample first, then polish on all rows) reaches the same optimum.
    const warm = fitBgNbd(g, { warmStartRows: 200 });
    expect(warm.warmStartEvaluations).toBeGreaterThan(0);
    expect(warm.converged).toBe(true);
    expect(Math.abs(warm.logLikelihood - fit.logLikelihood)).toBeLessThan(1e-6);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(within(warm.params[k], fit.params[k], 1e-4)).toBe(true);
  });
});

describe("BG/NBD predictions (published reference values)", () => {
  // BTYD vignette estimates; Hardie's spreadsheet and BTYD use these.
  const btyd = { r: 0.2426, alpha: 4.4135, a: 0.793, b: 2.4262 };
  // lifetimes' tests use the rounded values 0.243, 4.414, 0.793, 2.426.
  const rounded = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it("conditional expectation for x=2, t_x=30.43, T=38.86 over 39 weeks is 1.226 (±0.001)", () => {
    expect(Math.abs(expectedPurchases(btyd, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(1e-3);
    expect(Math.abs(bgNbdModel(rounded).expectedPurchases(39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(1e-3);
  });

  it("E[X(t)] at t = 1, 3, 32, 78 weeks: 0.0532, 0.1506, 1.0437, 1.8576 (±0.0005, BTYD's 4-digit rounding)", () => {
    const ref: [number, number][] = [
      [1, 0.0532],
      [3, 0.1506],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, v] of ref) expect(Math.abs(expectedPurchasesUnconditional(btyd, t) - v)).toBeLessThan(5e-4);
  });

  it("P(X(0,39] = 0) = 0.5737864 and P(X(0,2] = 10) = 1.07869e-7 (lifetimes' test values, 1e-6 relative)", () => {
    expect(within(probNoPurchases(rounded, 39), 0.5737864, 1e-6)).toBe(true);
    expect(within(probPurchases(rounded, 2, 10), 1.07869e-7, 1e-5)).toBe(true);
  });

  it("P(X(t)=n) sums to 1 over n and its mean is E[X(t)] (1e-9)", () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = probPurchases(rounded, 32, n);
      total += p;
      mean += n * p;
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-9);
    expect(Math.abs(mean - expectedPurchasesUnconditional(rounded, 32))).toBeLessThan(1e-6);
  });

  it("P(alive): 1 with no repeat purchase, lifetimes' value for x=2, t_x=30.43, T=38.86", () => {
    expect(pAlive(btyd, 0, 0, 38.86)).toBe(1);
    // 1 / (1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x)), computed by hand.
    const ref = 1 / (1 + (0.793 / (2.4262 + 1)) * Math.pow((4.4135 + 38.86) / (4.4135 + 30.43), 2.2426));
    expect(Math.abs(pAlive(btyd, 2, 30.43, 38.86) - ref)).toBeLessThan(1e-14);
  });

  it("conditional expectation of a brand-new customer equals the unconditional one (1e-12)", () => {
    for (const t of [1, 10, 52, 156]) {
      expect(Math.abs(expectedPurchases(btyd, t, 0, 0, 0) - expectedPurchasesUnconditional(btyd, t))).toBeLessThan(1e-12);
    }
  });

  it("stays finite and monotone for heavy buyers and long horizons", () => {
    let prev = 0;
    for (const t of [1, 4, 13, 52, 156, 520]) {
      const v = expectedPurchases(btyd, t, 300, 38, 39);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
  });
});
