import { describe, expect, it } from "vitest";
import { customerMetrics, MetricsAccumulator } from "../../app/intelligence/recommend/metrics";

// Worked by hand, k = 3:
//   A: list 5 3 9 | 1, bought {3, 1, 7}: one hit (3) at rank 2.
//      recall 1/3, hit 1, DCG = 1/log2(3) = 0.63093, IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.13093, nDCG = 0.29608
//   B: list 7 1 2, bought {1}: one hit at rank 2.
//      recall 1, hit 1, DCG = 0.63093, IDCG = 1, nDCG = 0.63093
//   C: an empty (padded) list, bought {4}: all 0.
//   Means: recall (1/3 + 1 + 0) / 3 = 0.44444, hit rate 2/3, nDCG (0.29608 + 0.63093) / 3 = 0.30900
describe("ranking metrics at k", () => {
  it("match the hand-worked example per customer", () => {
    const a = customerMetrics([5, 3, 9, 1], new Set([3, 1, 7]), 3);
    expect(a.recallAtK).toBeCloseTo(1 / 3, 10);
    expect(a.hitRateAtK).toBe(1);
    expect(a.ndcgAtK).toBeCloseTo(0.29608, 5);
    const b = customerMetrics([7, 1, 2], new Set([1]), 3);
    expect(b).toEqual({ recallAtK: 1, hitRateAtK: 1, ndcgAtK: expect.closeTo(0.63093, 5) });
    expect(customerMetrics([-1, -1, -1], new Set([4]), 3)).toEqual({ recallAtK: 0, hitRateAtK: 0, ndcgAtK: 0 });
  });

  it("average over customers, each counting once", () => {
    const acc = new MetricsAccumulator();
    acc.add(customerMetrics([5, 3, 9, 1], new Set([3, 1, 7]), 3));
    acc.add(customerMetrics([7, 1, 2], new Set([1]), 3));
    acc.add(customerMetrics([-1, -1, -1], new Set([4]), 3));
    expect(acc.count).toBe(3);
    const m = acc.mean();
    expect(m.recallAtK).toBeCloseTo(0.44444, 5);
    expect(m.hitRateAtK).toBeCloseTo(2 / 3, 10);
    expect(m.ndcgAtK).toBeCloseTo(0.309, 5);
  });

  it("give a perfect list nDCG 1 and ignore what lies beyond k", () => {
    expect(customerMetrics([2, 1, 8, 3], new Set([1, 2]), 2)).toEqual({ recallAtK: 1, hitRateAtK: 1, ndcgAtK: 1 });
    expect(customerMetrics([8, 9, 1], new Set([1]), 2)).toEqual({ recallAtK: 0, hitRateAtK: 0, ndcgAtK: 0 });
  });
});
