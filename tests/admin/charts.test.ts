import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { binLabel, lorenzCurve, niceMax, topShareOfRevenue, valueGrid } from "../../app/admin/charts/geometry.ts";
import { LorenzChart } from "../../app/admin/charts/LorenzChart.tsx";
import { TierChart } from "../../app/admin/charts/TierChart.tsx";
import { ValueHeatmap } from "../../app/admin/charts/ValueHeatmap.tsx";

describe("chart geometry", () => {
  it("draws equal spend as the diagonal (Gini 0) and one big spender as Gini (n-1)/n", () => {
    const equal = lorenzCurve([5, 5, 5, 5]);
    expect(equal.gini).toBeCloseTo(0, 12);
    expect(equal.points).toEqual([{ x: 0, y: 0 }, { x: 0.25, y: 0.25 }, { x: 0.5, y: 0.5 }, { x: 0.75, y: 0.75 }, { x: 1, y: 1 }]);
    const one = lorenzCurve([0, 0, 0, 100]);
    expect(one.gini).toBeCloseTo(0.75, 12);
    expect(one.points.map((p) => p.y)).toEqual([0, 0, 0, 0, 1]);
  });

  it("keeps at most maxPoints vertices, ending at (1,1), and the curve never decreases", () => {
    const values = Array.from({ length: 10_001 }, (_, i) => (i * 7919) % 1000);
    const { points, gini } = lorenzCurve(values, 50);
    expect(points.length).toBeLessThanOrEqual(51);
    expect(points[points.length - 1]).toEqual({ x: 1, y: 1 });
    for (let i = 1; i < points.length; i++) expect(points[i].y).toBeGreaterThanOrEqual(points[i - 1].y);
    // Uniform spend on 0..999: Gini of a uniform distribution on [0, m] is 1/3.
    expect(gini).toBeCloseTo(1 / 3, 2);
  });

  it("reads the top fifth's share of revenue", () => {
    expect(topShareOfRevenue([1, 1, 1, 1, 96], 0.2)).toBeCloseTo(0.96, 12);
    expect(topShareOfRevenue([], 0.2)).toBe(0);
  });

  it("averages predicted value per longevity x recency cell", () => {
    const grid = valueGrid([
      { longevityDays: 0, recencyDays: 3, value: 10 },
      { longevityDays: 10, recencyDays: 13.9, value: 30 },
      { longevityDays: 400, recencyDays: 200, value: 5 },
    ]);
    expect(grid.cells).toEqual([
      { col: 0, row: 0, count: 2, meanValue: 20 },
      { col: 5, row: 4, count: 1, meanValue: 5 },
    ]);
    expect(grid.maxMean).toBe(20);
    expect([0, 1, 5].map((i) => binLabel(grid.longevityEdges, i))).toEqual(["< 14 d", "14-30 d", "365 d +"]);
  });

  it("rounds axis maxima up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 3, 120, 501, 1000].map(niceMax)).toEqual([1, 5, 200, 1000, 1000]);
  });
});

describe("chart components (server-rendered SVG)", () => {
  it("draws one labelled bar per tier, taller for more customers", () => {
    const html = renderToStaticMarkup(createElement(TierChart, { tiers: [{ tier: "A", customers: 50, clv365: 9000 }, { tier: "B", customers: 200, clv365: 7000 }] }));
    expect(html).toContain('aria-label="Customers per value tier (A: 50, B: 200)"');
    const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(heights[1]).toBeCloseTo(heights[0] * 4, 6);
  });

  it("draws the Lorenz path through its points and states the concentration", () => {
    const { points, gini } = lorenzCurve([0, 0, 0, 100]);
    const html = renderToStaticMarkup(createElement(LorenzChart, { points, gini, topFifthShare: 1 }));
    const d = /data-series="lorenz"/.test(html) ? /<path d="([^"]+)" fill="none"/.exec(html)![1] : "";
    expect(d.split(" ")).toHaveLength(points.length);
    expect(html).toContain("Gini 0.75");
    expect(html).toContain("top 20%: 100% of revenue");
  });

  it("colours and labels each occupied cell of the value grid", () => {
    const grid = valueGrid([{ longevityDays: 0, recencyDays: 3, value: 12 }, { longevityDays: 100, recencyDays: 40, value: 120 }]);
    const html = renderToStaticMarkup(createElement(ValueHeatmap, { grid, currency: "GBP" }));
    expect(html.match(/data-cell=/g)).toHaveLength(2);
    expect(html).toContain("£120");
    expect(html).toContain("£12");
  });
});
