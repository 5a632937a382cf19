import { describe, expect, it } from "vitest";
import { compareProportions, fisherExactTest, twoProportionZTest } from "../../app/experiments/proportionTests.ts";
import { normalUpperTail } from "../../app/experiments/normalTail.ts";

// Reference numbers computed with scipy 1.17.1 on the development machine:
//   z, p: z = (p1 - p2) / sqrt(p(1 - p)(1/n1 + 1/n2)) with the pooled p,
//         p = 2 * scipy.stats.norm.sf(|z|); the same p as
//         scipy.stats.chi2_contingency(table, correction=False).pvalue
//         (and R's prop.test(x, n, correct = FALSE)).
//   Fisher: scipy.stats.fisher_exact(table).pvalue (two-sided, as R's fisher.test).
describe("the two-proportion z-test", () => {
  it.each([
    // successes A, trials A, successes B, trials B, z, p
    [120, 1000, 90, 1000, 2.1882658846227234, 0.028650240398448473],
    [45, 500, 30, 500, 1.8009006755629924, 0.07171853650843411],
    [200, 2000, 150, 2000, 2.797818551962665, 0.005144900609716217],
    [13, 100, 5, 100, 1.976664844429603, 0.04807952713129993],
  ])("%i/%i vs %i/%i: z %f, p %f", (x1, n1, x2, n2, z, p) => {
    const result = twoProportionZTest({ successes: x1, trials: n1 }, { successes: x2, trials: n2 });
    expect(result.statistic).toBeCloseTo(z, 12);
    expect(result.pValue / p).toBeCloseTo(1, 9);
    // symmetric: the sign of z flips, p does not
    const swapped = twoProportionZTest({ successes: x2, trials: n2 }, { successes: x1, trials: n1 });
    expect(swapped.statistic).toBeCloseTo(-z, 12);
    expect(swapped.pValue).toBeCloseTo(result.pValue, 14);
  });

  it("no difference, or no data, is p = 1", () => {
    expect(twoProportionZTest({ successes: 0, trials: 50 }, { successes: 0, trials: 50 })).toEqual({ statistic: 0, pValue: 1 });
    expect(twoProportionZTest({ successes: 0, trials: 0 }, { successes: 2, trials: 9 }).pValue).toBe(1);
  });

  it("refuses counts that are not a proportion", () => {
    expect(() => twoProportionZTest({ successes: 5, trials: 4 }, { successes: 0, trials: 1 })).toThrow(RangeError);
    expect(() => twoProportionZTest({ successes: 1.5, trials: 4 }, { successes: 0, trials: 1 })).toThrow(RangeError);
  });
});

describe("Fisher's exact test", () => {
  it("reproduces Fisher's lady tasting tea (Fisher 1935; R's fisher.test(TeaTasting)): p = 0.4857", () => {
    // 4 cups with milk first, 4 with tea first; she named 3 of each right.
    expect(fisherExactTest({ successes: 3, trials: 4 }, { successes: 1, trials: 4 })).toBeCloseTo(0.48571428571428565, 12);
  });

  it.each([
    [1, 10, 11, 14, 0.0027594561852200836],
    [2, 50, 9, 50, 0.05112093374568651],
    [0, 30, 4, 30, 0.11239964317573597],
  ])("%i/%i vs %i/%i: p %f (scipy)", (x1, n1, x2, n2, p) => {
    expect(fisherExactTest({ successes: x1, trials: n1 }, { successes: x2, trials: n2}) / p).toBeCloseTo(1, 9);
  });
});

describe("choosing the test", () => {
  it("uses the z-test when every expected count is at least 5, Fisher's exact test otherwise", () => {
    expect(compareProportions({ successes: 120, trials: 1000 }, { successes: 90, trials: 1000 }).method).toBe("z");
    // 2/50 vs 9/50: expected successes 5.5 each, so z; 0/30 vs 4/30: expected 2, so Fisher
    expect(compareProportions({ successes: 2, trials: 50 }, { successes: 9, trials: 50 }).method).toBe("z");
    const small = compareProportions({ successes: 0, trials: 30 }, { successes: 4, trials: 30 });
    expect(small).toMatchObject({ method: "fisher", statistic: null });
    expect(small.pValue).toBeCloseTo(0.11239964317573597, 12);
  });
});

describe("the normal tail", () => {
  // scipy.stats.norm.sf([1, 1.96, 3, 5, 8, 10])
  it.each([
    [1, 0.15865525393145707], [1.96, 0.024997895148220435], [3, 0.0013498980316300933], [5, 2.866515718791933e-7], [8, 6.22096057427174e-16], [10, 7.61985302416047e-24],
  ])("P(Z > %f) = %f", (z, p) => {
    expect(normalUpperTail(z) / p).toBeCloseTo(1, 10);
    expect(normalUpperTail(-z)).toBeCloseTo(1 - p, 14);
  });
});
