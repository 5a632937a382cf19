/** lgamma & co. against mpmath values; tolerance 1e-13 relative (1e-14 absolute near 0). */
import { describe, expect, it } from "vitest";
import { betaln, gammaSign, lgamma, lgammaAbs, logSumExp2 } from "../../app/intelligence/specialFunctions";
import { nelderMead } from "../../app/intelligence/nelderMead";

describe("lgamma", () => {
  const ref: [number, number][] = [
    [0.5, 0.57236494292470008707],
    [1e-5, 11.512919692895825707],
    [0.2426, 1.3197854750907922372],
    [3.7, 1.4280723266653879219],
    [10, 12.801827480081469611],
    [100, 359.13420536957539878],
    [1234.5, 7550.5509010778948957],
  ];
  for (const [x, v] of ref) {
    it(`lgamma(${x})`, () => expect(Math.abs(lgamma(x) - v) / Math.max(1, Math.abs(v))).toBeLessThan(1e-13));
  }
  it("is exactly 0 at 1 and 2, and NaN/Infinity outside the domain", () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-1.5)).toBeNaN();
  });
  it("handles negative arguments with a sign", () => {
    const neg: [number, number, number][] = [
      [-0.5, 1.2655121234846453965, -1],
      [-1.5, 0.86004701537648101451, 1],
      [-2.3, 0.36956666345500744818, -1],
      [0.3, 1.0957979948180755217, 1],
    ];
    for (const [x, v, s] of neg) {
      expect(Math.abs(lgammaAbs(x) - v)).toBeLessThan(1e-13);
      expect(gammaSign(x)).toBe(s);
    }
    expect(lgammaAbs(-2)).toBe(Infinity);
  });
  it("betaln and logSumExp2", () => {
    // B(2, 3) = 1/12
    expect(Math.abs(betaln(2, 3) - Math.log(1 / 12))).toBeLessThan(1e-14);
    expect(Math.abs(logSumExp2(1000, 1000) - (1000 + Math.log(2)))).toBeLessThan(1e-12);
    expect(logSumExp2(-Infinity, 3)).toBe(3);
    expect(Math.abs(logSumExp2(-800, -801) - (-800 + Math.log1p(Math.exp(-1))))).toBeLessThan(1e-12);
  });
});

describe("nelderMead", () => {
  it("finds the Rosenbrock minimum (tolerance 1e-6) and reports convergence", () => {
    const res = nelderMead((p) => 100 * (p[1] - p[0] * p[0]) ** 2 + (1 - p[0]) ** 2, [-1.2, 1], {
      xTolerance: 1e-10,
      fTolerance: 1e-16,
    });
    expect(res.converged).toBe(true);
    expect(Math.abs(res.x[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(res.x[1] - 1)).toBeLessThan(1e-6);
  });
  it("reports non-convergence when the budget runs out", () => {
    const res = nelderMead((p) => (p[0] - 3) ** 2 + (p[1] + 1) ** 2, [0, 0], { maxEvaluations: 10 });
    expect(res.converged).toBe(false);
  });
});
