import { describe, expect, it } from "vitest";
import { decideTest, type VariantCount } from "../../app/experiments/decideTest.ts";
import { assignVariants } from "../../app/experiments/variantSplit.ts";

const rules = { alpha: 0.05, minSample: 100, maxDays: 7 };
const v = (label: string, successes: number, recipients: number): VariantCount => ({ id: `id-${label}`, label, successes, recipients });

describe("deciding an A/B test", () => {
  it("declares no winner before every variant has the minimum sample, however large the gap", () => {
    const d = decideTest([v("A", 0, 99), v("B", 60, 99)], rules, 1);
    expect(d).toMatchObject({ status: "testing", winnerVariantId: null, sendVariantId: null, leaderId: "id-B" });
    expect(d.variants.every((x) => x.comparison === null)).toBe(true);
  });

  it("declares the leader the winner once its difference is significant", () => {
    // 120/1000 vs 90/1000: z = 2.188, p = 0.0287 < 0.05 (scipy, see proportionTests.test.ts)
    const d = decideTest([v("A", 90, 1000), v("B", 120, 1000)], rules, 2);
    expect(d).toMatchObject({ status: "decided", winnerVariantId: "id-B", sendVariantId: "id-B", alphaPerComparison: 0.05 });
    const a = d.variants.find((x) => x.label === "A")!;
    expect(a.comparison?.method).toBe("z");
    expect(a.comparison?.pValue).toBeCloseTo(0.028650240398448473, 12);
    expect(a.significant).toBe(true);
  });

  it("keeps testing while the difference is not significant, and is inconclusive after the longest duration (the rest gets A)", () => {
    // 45/500 vs 30/500: p = 0.0717
    const counts = [v("A", 30, 500), v("B", 45, 500)];
    expect(decideTest(counts, rules, 6.9)).toMatchObject({ status: "testing", leaderId: "id-B" });
    expect(decideTest(counts, rules, 7)).toMatchObject({ status: "inconclusive", winnerVariantId: null, sendVariantId: "id-A" });
  });

  it("with three variants each comparison must pass alpha / 2 (Bonferroni)", () => {
    // The leader B against A: p = 0.0287, significant at 0.05 but not at 0.025
    const d = decideTest([v("A", 90, 1000), v("B", 120, 1000), v("C", 60, 1000)], rules, 1);
    expect(d.alphaPerComparison).toBe(0.025);
    expect(d.status).toBe("testing");
    expect(d.variants.find((x) => x.label === "C")!.significant).toBe(true);
    expect(d.variants.find((x) => x.label === "A")!.significant).toBe(false);
    // 200/2000 vs 150/2000 (p = 0.0051) passes 0.025
    expect(decideTest([v("A", 150, 2000), v("B", 200, 2000), v("C", 100, 2000)], rules, 1)).toMatchObject({ status: "decided", winnerVariantId: "id-B" });
  });

  it("A can win too, and a tie never crowns a challenger", () => {
    expect(decideTest([v("A", 120, 1000), v("B", 90, 1000)], rules, 1)).toMatchObject({ status: "decided", winnerVariantId: "id-A" });
    expect(decideTest([v("A", 50, 500), v("B", 50, 500)], rules, 1)).toMatchObject({ status: "testing", leaderId: "id-A" });
  });

  it("uses Fisher's exact test for small counts", () => {
    // 0/30 vs 4/30: Fisher p = 0.1124
    const d = decideTest([v("A", 0, 30), v("B", 4, 30)], { ...rules, minSample: 30 }, 1);
    expect(d.variants.find((x) => x.label === "A")!.comparison).toMatchObject({ method: "fisher" });
    expect(d.status).toBe("testing");
  });
});

describe("the test split", () => {
  const ids = Array.from({ length: 1001 }, (_, i) => `customer-${i}`);

  it("puts round(share x n) members in the test, dealt evenly between variants, the same every time", () => {
    const split = assignVariants("campaign-1", ids, 0.2, 3);
    expect(split.size).toBe(200);
    const sizes = [0, 1, 2].map((k) => [...split.values()].filter((x) => x === k).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(assignVariants("campaign-1", [...ids].reverse(), 0.2, 3)).toEqual(split);
    // another campaign draws other members
    const other = assignVariants("campaign-2", ids, 0.2, 3);
    expect([...other.keys()].filter((id) => split.has(id)).length).toBeLessThan(100);
  });

  it("refuses a share outside (0, 1] and fewer than two variants", () => {
    expect(() => assignVariants("c", ids, 0, 2)).toThrow(RangeError);
    expect(() => assignVariants("c", ids, 1.5, 2)).toThrow(RangeError);
    expect(() => assignVariants("c", ids, 0.5, 1)).toThrow(RangeError);
  });
});
