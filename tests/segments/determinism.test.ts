/** Same data and seed: the same segments, label for label. */
import { describe, expect, it } from "vitest";
import { analyzeSegments } from "../../app/intelligence/segments/analyzeSegments";
import { resolveSegmentSettings } from "../../app/intelligence/segments/settings";
import { retailInputs } from "./retailStore";

describe("segmentation is deterministic for a seed", () => {
  const inputs = retailInputs();
  const settings = resolveSegmentSettings({ minSize: 40, maxSize: 100, seed: 7 });

  it("gives identical macro and micro labels and names on a second run", () => {
    const a = analyzeSegments({ ...inputs, settings });
    const b = analyzeSegments({ ...inputs, settings });
    expect(Array.from(b.segmentation.macro)).toEqual(Array.from(a.segmentation.macro));
    expect(Array.from(b.segmentation.micro)).toEqual(Array.from(a.segmentation.micro));
    expect(b.micro.map((p) => p.name)).toEqual(a.micro.map((p) => p.name));
    expect(b.segmentation.stats.wcss).toBe(a.segmentation.stats.wcss);
  });

  it("depends on the seed (another seed, another partition, bounds still hold)", () => {
    const a = analyzeSegments({ ...inputs, settings });
    const c = analyzeSegments({ ...inputs, settings: { ...settings, seed: 8 } });
    expect(Array.from(c.segmentation.micro)).not.toEqual(Array.from(a.segmentation.micro));
    expect(c.segmentation.stats.withinBounds).toBe(true);
  });
});
