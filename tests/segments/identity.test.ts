/**
 * Stable ids: re-segmenting slightly changed data keeps the ids of segments
 * that hold mostly the same customers; moves, births and dissolutions are
 * recorded.
 */
import { describe, expect, it } from "vitest";
import { analyzeSegments } from "../../app/intelligence/segments/analyzeSegments";
import { matchSegments, segmentMoves } from "../../app/intelligence/segments/identity";
import { resolveSegmentSettings } from "../../app/intelligence/segments/settings";
import { retailCustomers, retailInputs } from "./retailStore";

describe("matchSegments", () => {
  it("keeps ids on mutual majority, births and dissolves the rest", () => {
    // GIVEN a previous run: A = {1,2,3,4}, B = {5,6,7,8}, C = {9,10}
    const segmentOf = new Map<string, string>();
    for (const c of ["1", "2", "3", "4"]) segmentOf.set(c, "A");
    for (const c of ["5", "6", "7", "8"]) segmentOf.set(c, "B");
    for (const c of ["9", "10"]) segmentOf.set(c, "C");
    // WHEN the new run has {1,2,3,5}, {6,7,8,4,11}, {9,12,13,14} (customer 10 left; 11-14 arrived)
    const keys = ["1", "2", "3", "5", "6", "7", "8", "4", "11", "9", "12", "13", "14"];
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
    const match = matchSegments(keys, labels, 3, { segmentOf, segmentIds: ["A", "B", "C"] });
    // THEN segment 0 is A (3 of its 4 were in A, 3 of A's 4 are in it), 1 is B, 2 is born (1 of 4 from C), C dissolves
    expect(match.inherited).toEqual(["A", "B", null]);
    expect(match.dissolved).toEqual(["C"]);
    expect(match.jaccard[0]).toBeCloseTo(3 / 5, 12);
    const ids = ["A", "B", "N"];
    const moves = segmentMoves(keys, (row) => ids[labels[row]], segmentOf);
    expect(moves).toEqual([
      { customerKey: "5", from: "B", to: "A" },
      { customerKey: "4", from: "A", to: "B" },
      { customerKey: "11", from: null, to: "B" },
      { customerKey: "9", from: "C", to: "N" },
      { customerKey: "12", from: null, to: "N" },
      { customerKey: "13", from: null, to: "N" },
      { customerKey: "14", from: null, to: "N" },
      { customerKey: "10", from: "C", to: null },
    ]);
  });
});

describe("segments of the online-retail store before and after a small change", () => {
  const settings = resolveSegmentSettings({ minSize: 40, maxSize: 100 });
  const all = retailCustomers();
  const before = retailInputs(all);
  const first = analyzeSegments({ ...before, settings });
  // The change: 1% of the customers (every 100th) are gone and 1% have one order fewer.
  const perturbed = all
    .filter((_, i) => i % 100 !== 0)
    .map((c, i) => (i % 100 === 50 && c.orders.length > 1 ? { ...c, orders: c.orders.slice(0, -1) } : c));
  const after = retailInputs(perturbed);
  // Where each of today's customers was in the first run (-1: not there).
  const rowBefore = new Map(before.features.customerIds.map((id, i) => [id, i]));
  const previous = { macro: new Int32Array(after.features.customerIds.length), micro: new Int32Array(after.features.customerIds.length) };
  after.features.customerIds.forEach((id, i) => {
    const r = rowBefore.get(id);
    previous.macro[i] = r === undefined ? -1 : first.segmentation.macro[r];
    previous.micro[i] = r === undefined ? -1 : first.segmentation.micro[r];
  });
  const second = analyzeSegments({ ...after, settings }, { previous });
  const cold = analyzeSegments({ ...after, settings });

  it("starts from the previous run and still holds the bounds", () => {
    expect(second.segmentation.stats.warmStart.macro).toBe(true);
    expect(second.segmentation.stats.warmStart.microMacros).toBe(second.segmentation.macroCount);
    expect(second.segmentation.stats.withinBounds).toBe(true);
    expect(cold.segmentation.stats.warmStart.macro).toBe(false);
  });

  it("keeps most segment ids and records every customer's move", () => {
    const ids = first.micro.map((_, s) => `seg_${s}`);
    const segmentOf = new Map<string, string>();
    before.features.customerIds.forEach((id, i) => segmentOf.set(id, ids[first.segmentation.micro[i]]));
    const match = matchSegments(after.features.customerIds, second.segmentation.micro, second.segmentation.microCount, { segmentOf, segmentIds: ids });
    const kept = match.inherited.filter((x) => x !== null).length;
    expect(kept / second.segmentation.microCount).toBeGreaterThan(0.9);
    const newIds = match.inherited.map((id, s) => id ?? `new_${s}`);
    const moves = segmentMoves(after.features.customerIds, (row) => newIds[second.segmentation.micro[row]], segmentOf);
    // every gone customer is a move to null; nobody appears twice; a kept customer moved iff its id changed
    const gone = all.filter((_, i) => i % 100 === 0).map((c) => c.id);
    expect(moves.filter((m) => m.to === null).map((m) => m.customerKey).sort()).toEqual([...gone].sort());
    expect(new Set(moves.map((m) => m.customerKey)).size).toBe(moves.length);
    let changed = 0;
    after.features.customerIds.forEach((id, row) => {
      if (segmentOf.get(id) !== newIds[second.segmentation.micro[row]]) changed++;
    });
    expect(moves.length).toBe(changed + gone.length);
    // most customers stay where they were
    expect(changed / after.features.customerIds.length).toBeLessThan(0.5);
    expect(match.dissolved.length).toBe(ids.length - kept);
  });
});
