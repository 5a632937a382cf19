/**
 * Size bounds on the real online-retail customers: every micro-segment of
 * every macro-segment within [min, max], for the default bounds and for
 * tighter ones that make many micro-segments per macro-segment.
 */
import { describe, expect, it } from "vitest";
import { analyzeSegments } from "../../app/intelligence/segments/analyzeSegments";
import { resolveSegmentSettings } from "../../app/intelligence/segments/settings";
import { leafCount } from "../../app/intelligence/segments/sizeBounded";
import { retailInputs } from "./retailStore";

const inputs = retailInputs();

describe.each([
  [200, 500],
  [40, 100],
  [25, 49],
])("micro-segments of the 3,314 online-retail customers within [%i, %i]", (minSize, maxSize) => {
  const settings = resolveSegmentSettings({ minSize, maxSize });
  const result = analyzeSegments({ ...inputs, settings }, { compareUnconstrained: true });
  const seg = result.segmentation;

  it("puts every customer in exactly one micro-segment, every size within the bounds", () => {
    expect(seg.micro.length).toBe(3314);
    const counted = new Int32Array(seg.microCount);
    for (const s of seg.micro) counted[s]++;
    expect(Array.from(counted)).toEqual(Array.from(seg.microSizes));
    for (const size of seg.microSizes) {
      expect(size).toBeGreaterThanOrEqual(minSize);
      expect(size).toBeLessThanOrEqual(maxSize);
    }
    expect(seg.stats.withinBounds).toBe(true);
    expect(seg.undersized).toBe(false);
  });

  it("nests micro-segments in macro-segments of at least the minimum size", () => {
    expect(seg.macroCount).toBeGreaterThanOrEqual(1);
    expect(seg.macroCount).toBeLessThanOrEqual(12);
    for (let i = 0; i < seg.micro.length; i++) expect(seg.microParent[seg.micro[i]]).toBe(seg.macro[i]);
    for (const size of seg.macroSizes) expect(size).toBeGreaterThanOrEqual(minSize);
    // micro-segments per macro as the count rule says
    const perMacro = new Int32Array(seg.macroCount);
    for (const p of seg.microParent) perMacro[p]++;
    seg.macroSizes.forEach((size, c) => expect(perMacro[c]).toBe(leafCount(size, minSize, maxSize)));
  });

  it("costs little against unconstrained k-means with the same k and start", () => {
    const { wcss, unconstrainedWcss, bisectionWcss } = seg.stats;
    expect(unconstrainedWcss).not.toBeNull();
    expect(wcss).toBeLessThanOrEqual(bisectionWcss);
    expect(wcss / unconstrainedWcss!).toBeLessThan(1.1);
  });
});

describe("settings", () => {
  it("refuses bounds that cannot always be met", () => {
    // 450 customers cannot be cut into parts of 300-400.
    expect(() => resolveSegmentSettings({ minSize: 300, maxSize: 400 })).toThrow(/at least 2 x minSize - 1/);
    expect(() => resolveSegmentSettings({ groupWeights: { product: 0, price: 0, moment: 0, value: 0 } })).toThrow(/positive/);
  });

  it("cuts every count >= min into feasible parts", () => {
    for (let n = 200; n <= 5000; n += 7) {
      const L = leafCount(n, 200, 500);
      expect(L * 200).toBeLessThanOrEqual(n);
      expect(L * 500).toBeGreaterThanOrEqual(n);
    }
  });
});
