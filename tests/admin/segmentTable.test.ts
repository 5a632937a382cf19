import { describe, expect, it } from "vitest";
import { applySegmentQuery, parseSegmentQuery, segmentQueryParams, type SegmentRow } from "../../app/admin/segmentTable.ts";

const row = (id: string, name: string, level: "macro" | "micro", size: number, revenueShare: number, meanClv365: number, meanChurn: number): SegmentRow =>
  ({ id, name, level, parentId: level === "micro" ? "m1" : null, parentName: level === "micro" ? "Loyal gift buyers" : null, size, revenueShare, meanClv365, meanChurn });

const rows = [
  row("m1", "Loyal gift buyers", "macro", 900, 0.5, 800, 0.1),
  row("s1", "Christmas cards, low price", "micro", 250, 0.05, 120, 0.6),
  row("s2", "Bags, high price", "micro", 480, 0.3, 950, 0.2),
  row("s3", "Bags, mid price", "micro", 300, 0.15, 400, 0.4),
];
const ids = (params: string) => applySegmentQuery(rows, parseSegmentQuery(new URLSearchParams(params))).map((r) => r.id);

describe("segment table query", () => {
  it.each([
    ["", ["m1", "s2", "s3", "s1"]],
    ["sort=size&dir=asc", ["s1", "s3", "s2", "m1"]],
    ["sort=name&dir=asc", ["s2", "s3", "s1", "m1"]],
    ["sort=meanChurn", ["s1", "s3", "s2", "m1"]],
    ["level=micro&sort=meanClv365", ["s2", "s3", "s1"]],
    ["q=bags", ["s2", "s3"]],
    ["q=loyal", ["m1", "s2", "s3", "s1"]],
    ["minSize=300&maxSize=500", ["s2", "s3"]],
    ["minShare=10", ["m1", "s2", "s3"]],
    ["minClv=400&maxChurn=30", ["m1", "s2"]],
    ["sort=bogus&dir=sideways&minSize=abc", ["m1", "s2", "s3", "s1"]],
  ])("?%s keeps %j", (params, expected) => {
    expect(ids(params)).toEqual(expected);
  });

  it("writes a query back as the shortest search params", () => {
    const q = parseSegmentQuery(new URLSearchParams("q=bags&level=micro&minShare=5&sort=size&dir=asc"));
    expect(segmentQueryParams(q).toString()).toBe("q=bags&level=micro&minShare=5&sort=size&dir=asc");
    expect(segmentQueryParams(parseSegmentQuery(new URLSearchParams())).toString()).toBe("");
  });
});
