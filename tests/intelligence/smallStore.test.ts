/**
 * Small stores: predictions from the first customer, with priors and
 * lowConfidence. Checks are exact (no NaN, flags) or by formula (1e-12).
 */
import { describe, expect, it } from "vitest";
import { type ClvReport, clvReport } from "../../app/intelligence/clvReport";
import { rfmSummary } from "../../app/intelligence/rfmSummary";
import {
  PRIOR_BGNBD_WEEKS,
  PRIOR_GAMMA_GAMMA,
  PRIOR_PSEUDO_CUSTOMERS,
  fitModels,
  priorBgNbd,
  priorGammaGamma,
} from "../../app/intelligence/smallStore";

const asOf = new Date("2024-06-30T23:59:59Z");
const day = (d: string) => new Date(`${d}T12:00:00Z`);

function allFinite(r: ClvReport): void {
  const m = r.model;
  for (const v of [m.bgnbd.r, m.bgnbd.alpha, m.bgnbd.a, m.bgnbd.b, m.bgnbd.logLikelihood, m.gammaGamma.p, m.gammaGamma.q, m.gammaGamma.v]) {
    expect(Number.isFinite(v)).toBe(true);
  }
  for (const c of r.customers) {
    for (const v of [c.frequency, c.recency, c.T, c.expectedPurchases, c.pAlive, c.clv30, c.clv365, c.clv1095]) {
      expect(Number.isFinite(v), `${c.id}`).toBe(true);
    }
    expect("ABCDEFG").toContain(c.tier);
  }
}

describe("small stores", () => {
  it("no transactions: empty report, low confidence", () => {
    const r = clvReport([], { asOf, horizonDays: 90, timeUnit: "week" });
    expect(r.customers).toEqual([]);
    expect(r.model.lowConfidence).toBe(true);
    allFinite(r);
  });

  it("1 customer with one order", () => {
    const r = clvReport([{ customerId: "c1", placedAt: day("2024-06-01"), amount: 40 }], {
      asOf,
      horizonDays: 90,
      timeUnit: "week",
    });
    expect(r.model.lowConfidence).toBe(true);
    expect(r.customers.length).toBe(1);
    allFinite(r);
    const c = r.customers[0];
    expect(c.pAlive).toBe(1);
    expect(c.expectedPurchases).toBeGreaterThan(0);
    expect(c.clv365).toBeGreaterThan(0);
    // Gamma-Gamma prior rescaled to the observed mean spend (40): p v/(q-1) = 40.
    const g = r.model.gammaGamma;
    expect(Math.abs((g.p * g.v) / (g.q - 1) - 40)).toBeLessThan(1e-9);
    expect(g.p).toBe(PRIOR_GAMMA_GAMMA.p);
  });

  it("5 customers, some repeat buyers, some same-day repeats", () => {
    const tx = [
      { customerId: "a", placedAt: day("2024-01-05"), amount: 20 },
      { customerId: "a", placedAt: day("2024-03-05"), amount: 30 },
      { customerId: "a", placedAt: day("2024-03-05"), amount: 10 },
      { customerId: "b", placedAt: day("2024-02-10"), amount: 55 },
      { customerId: "c", placedAt: day("2024-04-01"), amount: 12 },
      { customerId: "c", placedAt: day("2024-05-01"), amount: 18 },
      { customerId: "c", placedAt: day("2024-06-01"), amount: 25 },
      { customerId: "d", placedAt: day("2024-06-29"), amount: 0 },
      { customerId: "e", placedAt: day("2024-06-30"), amount: 80 },
      { customerId: "e", placedAt: day("2024-07-15"), amount: 80 }, // after as-of
    ];
    for (const timeUnit of ["week", "day"] as const) {
      const r = clvReport(tx, { asOf, horizonDays: 365, timeUnit });
      expect(r.model.lowConfidence).toBe(true);
      expect(r.customers.map((c) => c.id)).toEqual(["a", "b", "c", "d", "e"]);
      allFinite(r);
      expect(r.customers[0].frequency).toBe(1);
      expect(r.customers[2].frequency).toBe(2);
      expect(r.customers[4].T).toBe(0);
    }
  });

  it("many customers but no repeat buyers: priors, no NaN", () => {
    const tx = Array.from({ length: 200 }, (_, i) => ({
      customerId: `u${i}`,
      placedAt: new Date(Date.UTC(2024, 0, 1 + (i % 170))),
      amount: 10 + (i % 7),
    }));
    const r = clvReport(tx, { asOf, horizonDays: 30, timeUnit: "week" });
    expect(r.model.lowConfidence).toBe(true);
    expect(r.customers.length).toBe(200);
    allFinite(r);
    for (const c of r.customers) {
      expect(c.frequency).toBe(0);
      expect(c.pAlive).toBe(1);
    }
  });

  it("the BG/NBD prior: CDNOW shape, alpha from the pooled rate shrunk with 30 pseudo-customers (1e-12)", () => {
    const x = [0, 2, 1];
    const T = [10, 20, 30];
    const p = priorBgNbd(x, T, 7);
    const k = PRIOR_PSEUDO_CUSTOMERS;
    const rate = (3 + PRIOR_BGNBD_WEEKS.r * k) / (60 + PRIOR_BGNBD_WEEKS.alpha * k);
    expect(p.r).toBe(PRIOR_BGNBD_WEEKS.r);
    expect(p.a).toBe(PRIOR_BGNBD_WEEKS.a);
    expect(p.b).toBe(PRIOR_BGNBD_WEEKS.b);
    expect(Math.abs(p.alpha - PRIOR_BGNBD_WEEKS.r / rate)).toBeLessThan(1e-12);
    // With no data it is CDNOW's alpha, in days when the unit is a day.
    expect(Math.abs(priorBgNbd([], [], 7).alpha - PRIOR_BGNBD_WEEKS.alpha)).toBeLessThan(1e-12);
    expect(Math.abs(priorBgNbd([], [], 1).alpha - PRIOR_BGNBD_WEEKS.alpha * 7)).toBeLessThan(1e-9);
    expect(priorGammaGamma(0).v).toBeGreaterThan(0);
  });

  it("a store with enough customers and repeat buyers is fitted (not low confidence)", () => {
    // 60 customers, deterministic pattern: every 3rd buys again every 30 days.
    const tx: { customerId: string; placedAt: Date; amount: number }[] = [];
    for (let i = 0; i < 60; i++) {
      const start = Date.UTC(2023, 0, 1) + (i % 50) * 86_400_000 * 3;
      tx.push({ customerId: `c${i}`, placedAt: new Date(start), amount: 20 + (i % 11) });
      const repeats = i % 3 === 0 ? 1 + (i % 7) : 0;
      for (let j = 1; j <= repeats; j++) {
        tx.push({ customerId: `c${i}`, placedAt: new Date(start + j * 30 * 86_400_000 + i * 3_600_000), amount: 15 + ((i * j) % 13) });
      }
    }
    const summary = rfmSummary(tx, asOf, "week");
    const fit = fitModels(summary);
    expect(fit.reasons).toEqual([]);
    expect(fit.lowConfidence).toBe(false);
  });
});
