/**
 * RFM summary: reproduces the published CDNOW calibration summary from the raw
 * transactions. Tolerance: frequency exact; recency and T equal after rounding
 * to 2 decimals (the file's precision); zbar within half a cent plus 1e-9
 * (the file rounds x.xx5 either way).
 */
import { describe, expect, it } from "vitest";
import { groupTriples, rfmSummary } from "../../app/intelligence/rfmSummary";
import { CALIBRATION_END, loadSummaryWithSpend, loadTransactions } from "./cdnowData";

const round2 = (v: number) => Math.round(v * 100) / 100;

describe("rfmSummary on CDNOW", () => {
  const tx = loadTransactions();
  const summary = rfmSummary(tx, CALIBRATION_END, "week");
  const reference = loadSummaryWithSpend();

  it("has the 2,357 customers, keyed by sample_id", () => {
    expect(summary.customerIds.length).toBe(2357);
    expect(reference.length).toBe(2357);
  });

  it("matches cdnow_customers_summary_with_transactions.csv for every customer", () => {
    const index = new Map(summary.customerIds.map((id, i) => [id, i]));
    let checked = 0;
    for (const ref of reference) {
      const i = index.get(ref.id);
      expect(i, `customer ${ref.id}`).toBeDefined();
      if (i === undefined) continue;
      expect(summary.frequency[i]).toBe(ref.x);
      expect(round2(summary.recency[i])).toBe(ref.tx);
      expect(round2(summary.T[i])).toBe(ref.T);
      expect(Math.abs(summary.monetaryValue[i] - ref.zbar)).toBeLessThanOrEqual(0.005 + 1e-9);
      checked++;
    }
    expect(checked).toBe(2357);
  });

  it("uses whole days to the as-of day: first purchase 1997-01-01 gives T = 272/7 weeks", () => {
    const i = summary.customerIds.indexOf("1");
    expect(summary.ageDays[i]).toBe(272);
    expect(summary.T[i]).toBe(272 / 7);
    expect(round2(summary.T[i])).toBe(38.86);
  });

  it("groups identical (x, t_x, T) triples without losing customers", () => {
    const g = groupTriples(summary);
    let total = 0;
    for (const w of g.weight) total += w;
    expect(total).toBe(2357);
    expect(g.x.length).toBeLessThan(2357);
    for (let i = 0; i < summary.frequency.length; i++) {
      const r = g.rowOf[i];
      expect(g.x[r]).toBe(summary.frequency[i]);
      expect(g.T[r]).toBe(summary.T[i]);
      expect(g.tx[r]).toBe(summary.recency[i]);
    }
  });
});

describe("rfmSummary conventions (hand-made)", () => {
  const d = (s: string) => new Date(s);
  const tx = [
    { customerId: "a", placedAt: d("2024-01-01T10:00:00Z"), amount: 10 },
    { customerId: "a", placedAt: d("2024-01-01T18:00:00Z"), amount: 5 }, // same day as the first: merged
    { customerId: "a", placedAt: d("2024-01-08T09:00:00Z"), amount: 20 },
    { customerId: "a", placedAt: d("2024-01-08T21:00:00Z"), amount: 4 }, // same day: one transaction of 24
    { customerId: "a", placedAt: d("2024-01-15T12:00:00Z"), amount: 30 },
    { customerId: "a", placedAt: d("2024-02-01T12:00:00Z"), amount: 99 }, // after as-of: ignored
    { customerId: "b", placedAt: d("2024-01-20T00:00:00Z"), amount: 7 },
    { customerId: "c", placedAt: d("2024-02-02T00:00:00Z"), amount: 7 }, // only after as-of: not a customer yet
  ];
  const s = rfmSummary(tx, d("2024-01-29T23:59:59Z"), "day");

  it("counts repeat purchase days and sums same-day purchases (exact)", () => {
    expect(s.customerIds).toEqual(["a", "b"]);
    expect(s.frequency[0]).toBe(2);
    expect(s.recency[0]).toBe(14);
    expect(s.T[0]).toBe(28);
    expect(s.monetaryValue[0]).toBe((24 + 30) / 2);
    expect(s.totalValue[0]).toBe(69);
    expect(s.frequency[1]).toBe(0);
    expect(s.recency[1]).toBe(0);
    expect(s.T[1]).toBe(9);
    expect(s.monetaryValue[1]).toBe(0);
  });

  it("weeks are days / 7", () => {
    const w = rfmSummary(tx, d("2024-01-29T23:59:59Z"), "week");
    expect(w.recency[0]).toBe(2);
    expect(w.T[0]).toBe(4);
  });
});
