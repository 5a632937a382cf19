import { describe, expect, it } from "vitest";
import { checkSchedule, nextAnalysisAt, parseSchedule } from "../../app/admin/analysisSchedule.ts";
import { backfillProgress } from "../../app/admin/settings.server.ts";

const at = (iso: string) => new Date(iso);

describe("analysis schedule", () => {
  it.each([
    // [schedule, last run started, now, next due]
    [{ everyDays: 1, hourUtc: 3 }, null, "2026-12-01T08:30:00Z", "2026-12-02T03:00:00.000Z"],
    [{ everyDays: 1, hourUtc: 9 }, null, "2026-12-01T08:30:00Z", "2026-12-01T09:00:00.000Z"],
    [{ everyDays: 1, hourUtc: 3 }, "2026-12-01T03:00:05Z", "2026-12-01T08:30:00Z", "2026-12-02T03:00:00.000Z"],
    [{ everyDays: 7, hourUtc: 4 }, "2026-12-01T04:10:00Z", "2026-12-02T00:00:00Z", "2026-12-08T04:00:00.000Z"],
    // Overdue (the last run is long past): due at the next hour mark from now.
    [{ everyDays: 7, hourUtc: 4 }, "2026-10-01T04:00:00Z", "2026-12-01T05:00:00Z", "2026-12-02T04:00:00.000Z"],
  ])("%j after %s at %s: %s", (schedule, last, now, expected) => {
    expect(nextAnalysisAt(schedule, last ? at(last) : null, at(now)).toISOString()).toBe(expected);
  });

  it("reads only well-formed schedules", () => {
    expect(parseSchedule('{"everyDays":3,"hourUtc":2}')).toEqual({ everyDays: 3, hourUtc: 2 });
    for (const bad of [null, "", "{", '{"everyDays":0,"hourUtc":2}', '{"everyDays":1,"hourUtc":24}']) expect(parseSchedule(bad)).toBeNull();
    expect(checkSchedule({ everyDays: 1.5, hourUtc: 1 }).ok).toBe(false);
  });
});

describe("backfill progress", () => {
  it("is bytes applied of the file, else records of the objects, else unknown", () => {
    expect(backfillProgress({ status: "applying", fileSize: 1000n, bytesApplied: 250n, objectCount: 10, recordsApplied: 9 })).toBe(0.25);
    expect(backfillProgress({ status: "applying", fileSize: null, bytesApplied: 0n, objectCount: 10, recordsApplied: 4 })).toBe(0.4);
    expect(backfillProgress({ status: "running", fileSize: null, bytesApplied: 0n, objectCount: 0, recordsApplied: 0 })).toBeNull();
    expect(backfillProgress({ status: "applied", fileSize: null, bytesApplied: 0n, objectCount: 0, recordsApplied: 0 })).toBe(1);
  });
});
