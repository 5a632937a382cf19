import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCdnow, type CdnowResult } from "../../app/imports/cdnow.ts";
import { CDNOW_FILE, CDNOW_SUMMARY_FILE } from "./sharedData.ts";

// Independent reading: split on whitespace.
const rawRows = readFileSync(CDNOW_FILE, "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "")
  .map((line) => line.split(/\s+/));

let result: CdnowResult;

beforeAll(async () => {
  result = await parseCdnow(CDNOW_FILE);
});

describe("CDNOW sample", () => {
  it("has one order per row, one line per order, no guests and no products", () => {
    expect(rawRows.length).toBe(6_919);
    expect(result.orders.length).toBe(rawRows.length);
    expect(result.counts).toMatchObject({ rows: 6_919, orders: 6_919, guestOrders: 0, products: 0, lines: 6_919 });
    expect(result.orders.every((o) => o.customer !== null && o.lines.length === 1)).toBe(true);
    expect(result.orders.every((o) => o.lines[0].productExternalId === null && o.currency === "USD")).toBe(true);
  });

  it("has the 2,357 customers of the summary file, ids without leading zeros", () => {
    const summaryIds = readFileSync(CDNOW_SUMMARY_FILE, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[0]);
    expect(result.customers.length).toBe(2_357);
    expect(result.counts.customers).toBe(2_357);
    expect(new Set(result.customers.map((c) => c.externalId))).toEqual(new Set(summaryIds));
    expect(new Set(rawRows.map((r) => String(Number(r[1]))))).toEqual(new Set(summaryIds));
  });

  it("keeps every dollar and CD", () => {
    const dollars = rawRows.reduce((sum, r) => sum + Number(r[4]), 0);
    const cds = rawRows.reduce((sum, r) => sum + Number(r[3]), 0);
    const total = result.orders.reduce((sum, o) => sum + o.totalPrice, 0);
    expect(total).toBeCloseTo(dollars, 2);
    expect(result.counts.dollars).toBeCloseTo(dollars, 2);
    expect(result.orders.reduce((n, o) => n + o.lines[0].quantity, 0)).toBe(cds);
    expect(result.counts.cds).toBe(cds);
  });

  it("spot-checks customer 1", () => {
    const orders = result.orders.filter((o) => o.customer?.externalId === "1");
    expect(orders.map((o) => [o.externalId, o.processedAt.toISOString(), o.totalPrice, o.lines[0].quantity, o.lines[0].price])).toEqual([
      ["1-1", "1997-01-01T00:00:00.000Z", 29.33, 2, 14.665],
      ["1-2", "1997-01-18T00:00:00.000Z", 29.73, 2, 14.865],
      ["1-3", "1997-08-02T00:00:00.000Z", 14.96, 1, 14.96],
      ["1-4", "1997-12-12T00:00:00.000Z", 26.48, 2, 13.24],
    ]);
    expect(orders[0].lines[0].title).toBe("CD purchase");
    expect(result.customers[0]).toMatchObject({ externalId: "1", email: null, address: null });
    expect(result.customers[0].sourceCreatedAt?.toISOString()).toBe("1997-01-01T00:00:00.000Z");
  });

  it("reads the last row and a gzip copy alike", async () => {
    const last = result.orders[result.orders.length - 1];
    expect(last).toMatchObject({ externalId: "2357-6919", totalPrice: 25.74 });
    const zipped = await parseCdnow(gzipSync(readFileSync(CDNOW_FILE)));
    expect(zipped.counts).toEqual(result.counts);
  });
});
