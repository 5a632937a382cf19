/** Gamma-Gamma on CDNOW's 946 repeat buyers (FHL 2005b): p, q, v within 1%. */
import { describe, expect, it } from "vitest";
import {
  expectedAverageValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  populationMeanValue,
} from "../../app/intelligence/gammaGamma";
import { loadSummaryWithSpend } from "./cdnowData";

const within = (v: number, ref: number, rel: number) => Math.abs(v - ref) <= rel * Math.abs(ref);

describe("Gamma-Gamma", () => {
  const rows = loadSummaryWithSpend().filter((r) => r.x > 0);
  const data = { x: rows.map((r) => r.x), m: rows.map((r) => r.zbar) };
  const fit = fitGammaGamma(data);

  it("fits on the 946 repeat buyers: p = 6.25, q = 3.74, v = 15.44 within 1%", () => {
    expect(rows.length).toBe(946);
    expect(fit.converged).toBe(true);
    expect(within(fit.params.p, 6.25, 0.01)).toBe(true);
    expect(within(fit.params.q, 3.74, 0.01)).toBe(true);
    expect(within(fit.params.v, 15.44, 0.01)).toBe(true);
  });

  it("the warm start (subsample, then all rows) reaches the same optimum (LL 1e-6, params 1e-4 relative)", () => {
    const warm = fitGammaGamma(data, { warmStartRows: 100 });
    expect(warm.warmStartEvaluations).toBeGreaterThan(0);
    expect(Math.abs(warm.logLikelihood - fit.logLikelihood)).toBeLessThan(1e-6);
    for (const k of ["p", "q", "v"] as const) expect(within(warm.params[k], fit.params[k], 1e-4)).toBe(true);
  });

  it("population mean spend is 35.17 (±0.01), the published value", () => {
    expect(Math.abs(populationMeanValue(fit.params) - 35.17)).toBeLessThan(0.01);
  });

  it("is a maximum: nudging any parameter by 1% lowers the likelihood", () => {
    const best = gammaGammaLogLikelihood(fit.params, data);
    expect(Math.abs(best - fit.logLikelihood)).toBeLessThan(1e-6);
    for (const k of ["p", "q", "v"] as const) {
      for (const f of [0.99, 1.01]) {
        expect(gammaGammaLogLikelihood({ ...fit.params, [k]: fit.params[k] * f }, data)).toBeLessThan(best);
      }
    }
  });

  it("conditional expected value: credibility mix of population mean and own mean (exact formula, 1e-12)", () => {
    const g = { p: 6.25, q: 3.74, v: 15.44 };
    const pop = (g.p * g.v) / (g.q - 1);
    expect(expectedAverageValue(g, 0, 0)).toBeCloseTo(pop, 12);
    const x = 2;
    const m = 22.35;
    const w = (g.p * x) / (g.p * x + g.q - 1);
    expect(Math.abs(expectedAverageValue(g, x, m) - ((1 - w) * pop + w * m))).toBeLessThan(1e-12);
  });
});
