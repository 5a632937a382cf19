/**
 * The benchmark's data loader and resampler (bench/lib), on the real
 * Online Retail extract. Exact counts (the file is fixed).
 */
import { describe, expect, it } from "vitest";
import { loadOnlineRetail, splitCsvLine } from "../../bench/lib/onlineRetail";
import { mulberry32 } from "../../app/intelligence/bandit/random.ts";
import { resampleToOrderTable } from "../../bench/lib/resample";

describe("online-retail loader", () => {
  it("splits quoted CSV fields", () => {
    expect(splitCsvLine('a,"b, c",d')).toEqual(["a", "b, c", "d"]);
    expect(splitCsvLine('"say ""hi""",,x')).toEqual(['say "hi"', "", "x"]);
    expect(splitCsvLine("1,2,")).toEqual(["1", "2", ""]);
  });

  const data = loadOnlineRetail();

  it("groups lines into orders per customer, skipping guests and non-products", () => {
    expect(data.stats.rows).toBe(320_705);
    expect(data.stats.guestRows).toBe(88_652);
    expect(data.customers.length).toBe(3_314);
    expect(data.stats.orders).toBe(11_342);
    expect(data.stats.lines).toBe(225_558);
    expect(new Date(data.startMs).toISOString().slice(0, 10)).toBe("2010-12-01");
    expect(new Date(data.endMs).toISOString().slice(0, 10)).toBe("2011-08-31");
    for (const c of data.customers.slice(0, 200)) {
      for (let i = 1; i < c.orders.length; i++) expect(c.orders[i].timeMs).toBeGreaterThanOrEqual(c.orders[i - 1].timeMs);
      for (const o of c.orders) {
        expect(o.refunded).toBeLessThanOrEqual(o.total);
        const sum = o.lineQuantity.reduce((s, q, j) => s + q * o.lineUnitPrice[j], 0);
        expect(Math.abs(sum - o.total)).toBeLessThan(0.01);
      }
    }
  });

  it("resamples reproducibly, with fresh ids and whole-week shifts inside the data span", () => {
    const opts = { customers: 2000, seed: 42, startMs: data.startMs, endMs: data.endMs };
    const a = resampleToOrderTable(data.customers, opts);
    const b = resampleToOrderTable(data.customers, opts);
    expect(a.customerIds.length).toBe(2000);
    expect(a.customerIds[1999]).toBe("r1999");
    expect(Array.from(a.orderTime)).toEqual(Array.from(b.orderTime));
    expect(a.lineCategory.length).toBe(a.orderLineStart[a.orderCustomer.length]);
    for (const t of a.orderTime) {
      expect(t).toBeGreaterThanOrEqual(data.startMs);
      expect(t).toBeLessThanOrEqual(data.endMs);
    }
    // Shifts are whole weeks: times keep their weekday and time of day.
    const baseTimes = new Set<number>();
    for (const c of data.customers) for (const o of c.orders) baseTimes.add(o.timeMs % (7 * 86_400_000));
    for (const t of a.orderTime) expect(baseTimes.has(t % (7 * 86_400_000))).toBe(true);
  });

  it("mulberry32 is deterministic and uniform-ish", () => {
    const r1 = mulberry32(1);
    const r2 = mulberry32(1);
    let mean = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = r1();
      expect(v).toBe(r2());
      mean += v / 10_000;
    }
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });
});
