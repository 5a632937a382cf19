/**
 * The full pipeline on CDNOW transactions: clvReport(transactions) must give
 * the published BG/NBD parameters and BTYD's holdout table.
 * Tolerances: parameters 0.5%, log-likelihood ±0.1, expected holdout means 2%,
 * actual holdout means ±0.0005 (published to 3 decimals), group sizes exact.
 */
import { describe, expect, it } from "vitest";
import { customerLifetimeValue } from "../../app/intelligence/clv";
import { clvReport } from "../../app/intelligence/clvReport";
import { rfmSummary } from "../../app/intelligence/rfmSummary";
import { fitModels } from "../../app/intelligence/smallStore";
import { CALIBRATION_END, HOLDOUT_END, loadTransactions } from "./cdnowData";

const within = (v: number, ref: number, rel: number) => Math.abs(v - ref) <= rel * Math.abs(ref);
const DAY = 86_400_000;

describe("clvReport on CDNOW_sample.txt (as-of 1997-09-30, weeks)", () => {
  const all = loadTransactions();
  const transactions = all.map((t) => ({ customerId: t.customerId, placedAt: t.placedAt, amount: t.amount }));
  // Holdout transactions are passed too: clvReport must ignore them.
  const report = clvReport(transactions, { asOf: CALIBRATION_END, horizonDays: 273, timeUnit: "week" });

  it("fits r, alpha, a, b within 0.5% of 0.2426, 4.4135, 0.7930, 2.4262 and LL -9582.43 ± 0.1", () => {
    const m = report.model.bgnbd;
    expect(report.model.lowConfidence).toBe(false);
    expect(within(m.r, 0.2426, 0.005)).toBe(true);
    expect(within(m.alpha, 4.4135, 0.005)).toBe(true);
    expect(within(m.a, 0.793, 0.005)).toBe(true);
    expect(within(m.b, 2.4262, 0.005)).toBe(true);
    expect(Math.abs(m.logLikelihood - -9582.43)).toBeLessThan(0.1);
  });

  it("fits Gamma-Gamma within 1% of p = 6.25, q = 3.74, v = 15.44", () => {
    const g = report.model.gammaGamma;
    expect(within(g.p, 6.25, 0.01)).toBe(true);
    expect(within(g.q, 3.74, 0.01)).toBe(true);
    expect(within(g.v, 15.44, 0.01)).toBe(true);
  });

  it("returns exactly the documented shape for all 2,357 customers", () => {
    expect(Object.keys(report).sort()).toEqual(["customers", "model"]);
    expect(Object.keys(report.model).sort()).toEqual(["bgnbd", "gammaGamma", "lowConfidence"]);
    expect(report.customers.length).toBe(2357);
    const c = report.customers.find((x) => x.id === "1");
    expect(c).toBeDefined();
    expect(Object.keys(c!).sort()).toEqual(
      ["T", "clv1095", "clv30", "clv365", "expectedPurchases", "frequency", "id", "pAlive", "recency", "tier"].sort(),
    );
    expect(c!.frequency).toBe(2);
    expect(Math.round(c!.recency * 100) / 100).toBe(30.43);
    expect(Math.round(c!.T * 100) / 100).toBe(38.86);
    // Published conditional expectation 1.226 over 39 weeks (±0.001).
    expect(Math.abs(c!.expectedPurchases - 1.226)).toBeLessThan(1e-3);
  });

  it("reproduces BTYD's holdout table by calibration frequency", () => {
    // Actual purchases in weeks 40-78, same-day purchases counted once.
    const holdoutDays = new Map<string, Set<number>>();
    for (const t of all) {
      const ms = t.placedAt.getTime();
      if (ms <= CALIBRATION_END.getTime() || ms > HOLDOUT_END.getTime()) continue;
      const set = holdoutDays.get(t.customerId) ?? new Set<number>();
      set.add(Math.floor(ms / DAY));
      holdoutDays.set(t.customerId, set);
    }
    const expected = new Array(8).fill(0);
    const actual = new Array(8).fill(0);
    const count = new Array(8).fill(0);
    for (const c of report.customers) {
      const g = Math.min(c.frequency, 7);
      expected[g] += c.expectedPurchases;
      actual[g] += holdoutDays.get(c.id)?.size ?? 0;
      count[g]++;
    }
    const btydExpected = [0.225, 0.523, 1.044, 1.52, 2.164, 2.654, 3.504, 6.157];
    const btydActual = [0.237, 0.697, 1.393, 1.56, 2.532, 2.947, 3.862, 6.359];
    expect(count).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    for (let g = 0; g < 8; g++) {
      expect(within(expected[g] / count[g], btydExpected[g], 0.02), `expected, x=${g}`).toBe(true);
      expect(Math.abs(actual[g] / count[g] - btydActual[g]), `actual, x=${g}`).toBeLessThanOrEqual(5e-4 + 1e-9);
    }
  });

  it("CLV: no NaN, ordered by horizon, equal to the per-customer reference computation (1e-9 relative)", () => {
    const summary = rfmSummary(transactions, CALIBRATION_END, "week");
    const fit = fitModels(summary);
    const byId = new Map(report.customers.map((c) => [c.id, c]));
    for (let i = 0; i < summary.customerIds.length; i += 37) {
      const c = byId.get(summary.customerIds[i])!;
      const args = [summary.frequency[i], summary.recency[i], summary.T[i], summary.monetaryValue[i]] as const;
      for (const [h, v] of [
        [30, c.clv30],
        [365, c.clv365],
        [1095, c.clv1095],
      ] as const) {
        const ref = customerLifetimeValue(fit.bgnbd, fit.gammaGamma, ...args, h, 7, 0.1);
        expect(Math.abs(v - ref)).toBeLessThanOrEqual(1e-9 * Math.abs(ref));
      }
    }
    for (const c of report.customers) {
      for (const v of [c.expectedPurchases, c.pAlive, c.clv30, c.clv365, c.clv1095]) expect(Number.isFinite(v)).toBe(true);
      expect(c.clv30).toBeLessThan(c.clv365);
      expect(c.clv365).toBeLessThan(c.clv1095);
      expect(c.pAlive).toBeGreaterThan(0);
      expect(c.pAlive).toBeLessThanOrEqual(1);
    }
  });

  it("tiers follow the cut points (A ≈ top 5% by one-year CLV)", () => {
    const counts: Record<string, number> = {};
    for (const c of report.customers) counts[c.tier] = (counts[c.tier] ?? 0) + 1;
    // Ties share a tier, so allow a few customers either way (±1% of 2,357).
    const n = 2357;
    const expectedShare: Record<string, number> = { A: 0.05, B: 0.1, C: 0.15, D: 0.2, E: 0.2, F: 0.2, G: 0.1 };
    for (const [tier, share] of Object.entries(expectedShare)) {
      expect(Math.abs((counts[tier] ?? 0) - share * n), tier).toBeLessThanOrEqual(0.01 * n);
    }
    const a = report.customers.filter((c) => c.tier === "A").map((c) => c.clv365);
    const b = report.customers.filter((c) => c.tier === "B").map((c) => c.clv365);
    expect(Math.min(...a)).toBeGreaterThan(Math.max(...b));
  });

  it("the day time unit gives the same model (params 1e-4, predictions 1e-3 relative: separate optimiser runs)", () => {
    const daily = clvReport(transactions, { asOf: CALIBRATION_END, horizonDays: 273, timeUnit: "day" });
    expect(within(daily.model.bgnbd.alpha / 7, report.model.bgnbd.alpha, 1e-4)).toBe(true);
    expect(within(daily.model.bgnbd.r, report.model.bgnbd.r, 1e-4)).toBe(true);
    for (let i = 0; i < report.customers.length; i += 101) {
      expect(within(daily.customers[i].expectedPurchases, report.customers[i].expectedPurchases, 1e-3)).toBe(true);
    }
  });
});
