/** Tiers and revenue concentration on hand-worked examples (exact). */
import { describe, expect, it } from "vitest";
import { assignTiers, revenueConcentration } from "../../app/intelligence/tiers";

describe("assignTiers", () => {
  it("10 distinct positive values: 1 A, 1 B, 1 C, 2 D, 2 E, 2 F, 1 G", () => {
    const values = [3, 50, 20, 10, 5, 4, 2, 1, 6, 8];
    // Ranked: 50 A, 20 B, 10 C, 8 D, 6 D, 5 E, 4 E, 3 F, 2 F, 1 G.
    expect(assignTiers(values)).toEqual(["F", "A", "B", "C", "E", "E", "F", "G", "D", "D"]);
  });

  it("zero, negative and non-finite values are G; ties share the better tier", () => {
    const values = [0, 100, 100, -5, NaN, 7, 7, 7, 1, 2];
    // Ranks: 100,100 -> rank 0 (A); 7,7,7 -> rank 2 (C); 2 -> rank 5 (E); 1 -> rank 6 (E); 0, -5, NaN -> G.
    expect(assignTiers(values)).toEqual(["G", "A", "A", "G", "G", "C", "C", "C", "E", "E"]);
  });

  it("percentages hold on a large population (exact counts for 1000 distinct values)", () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    const counts: Record<string, number> = {};
    for (const t of assignTiers(values)) counts[t] = (counts[t] ?? 0) + 1;
    expect(counts).toEqual({ A: 50, B: 100, C: 150, D: 200, E: 200, F: 200, G: 100 });
  });
});

describe("revenueConcentration", () => {
  const values = [5, 50, 0, 3, 20, 10, 5, 4, 2, 1]; // total 100

  it("share of customers holding 70% of revenue: 2 of 10 = 0.2 (50 + 20)", () => {
    const r = revenueConcentration(values);
    expect(r.total).toBe(100);
    expect(r.customers).toBe(10);
    expect(r.customerShareHolding70).toBe(0.2);
  });

  it("the curve has every customer count from 0 to n with exact cumulative shares", () => {
    const r = revenueConcentration(values);
    expect(r.points.map((p) => p.customerShare)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(r.points.map((p) => Math.round(p.valueShare * 1e12) / 1e12)).toEqual([
      0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.94, 0.97, 0.99, 1, 1,
    ]);
  });

  it("gini of the example: 1 - 2*area, = 0.63 by hand", () => {
    // Ascending y: 0,1,2,3,4,5,5,10,20,50; Σ i*y_i (i from 1) = 0+2+6+12+20+30+35+80+180+500 = 865.
    // G = 2*865/(10*100) - 11/10 = 1.73 - 1.1 = 0.63
    const r = revenueConcentration(values);
    expect(Math.abs((r.gini ?? NaN) - 0.63)).toBeLessThan(1e-12);
  });

  it("equal values: 70% of customers hold 70%; no revenue: null", () => {
    expect(revenueConcentration(new Array(10).fill(3)).customerShareHolding70).toBe(0.7);
    const zero = revenueConcentration([0, 0, 0]);
    expect(zero.customerShareHolding70).toBeNull();
    expect(zero.gini).toBeNull();
  });

  it("down-samples the curve to maxPoints for big inputs", () => {
    const big = Array.from({ length: 10_000 }, (_, i) => i % 100);
    const r = revenueConcentration(big, 11);
    expect(r.points.length).toBe(11);
    expect(r.points[0]).toEqual({ customerShare: 0, valueShare: 0 });
    expect(r.points[10].customerShare).toBe(1);
    expect(Math.abs(r.points[10].valueShare - 1)).toBeLessThan(1e-12);
  });
});
