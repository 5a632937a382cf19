import { describe, expect, it, vi } from "vitest";
import { rowId } from "../../app/imports/rowId.ts";

// Bulk-written primary keys sort by creation: B-trees append instead of
// touching random pages, and no id is given out twice.
describe("row ids", () => {
  it("grow strictly, within a millisecond and across them", () => {
    const ids = Array.from({ length: 5_000 }, () => rowId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    expect(ids.every((id) => /^[0-9a-z]{26}$/.test(id))).toBe(true);
  });

  it("keep growing when the clock steps back", () => {
    // GIVEN ids made at some time, then a clock set back by a second
    const now = Date.now() + 60_000;
    const clock = vi.spyOn(Date, "now").mockReturnValue(now);
    const before = Array.from({ length: 3 }, () => rowId());
    clock.mockReturnValue(now - 1_000);
    // WHEN more are made, THEN none repeats an earlier one and order holds
    const after = Array.from({ length: 3 }, () => rowId());
    clock.mockRestore();
    const all = [...before, ...after];
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((id, i) => i === 0 || id > all[i - 1])).toBe(true);
  });
});
