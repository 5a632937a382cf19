/**
 * Profiles and names: figures checked against direct computation over the
 * members, on the real online-retail customers; names from hand-made
 * profiles; the store with fewer than 200 customers.
 */
import { describe, expect, it } from "vitest";
import { customerFeatures } from "../../app/intelligence/features";
import { orderTableFromFacts } from "../../app/intelligence/orderTable";
import type { OrderFact } from "../../app/intelligence/types";
import { analyzeSegments } from "../../app/intelligence/segments/analyzeSegments";
import { segmentName, uniqueSegmentNames } from "../../app/intelligence/segments/names";
import { preferredMonths, tableRows } from "../../app/intelligence/segments/preferredMonth";
import { type SegmentProfile, WEEKDAYS } from "../../app/intelligence/segments/profiles";
import { resolveSegmentSettings } from "../../app/intelligence/segments/settings";
import { TIERS, valueScores } from "../../app/intelligence/segments/valueScores";
import { retailInputs } from "./retailStore";

describe("profiles of the online-retail micro-segments", () => {
  const inputs = retailInputs();
  const result = analyzeSegments({ ...inputs, settings: resolveSegmentSettings() });
  const seg = result.segmentation;

  it("add up over the store", () => {
    expect(result.micro.reduce((s, p) => s + p.size, 0)).toBe(3314);
    expect(result.micro.reduce((s, p) => s + p.revenueShare, 0)).toBeCloseTo(1, 9);
    expect(result.macro.reduce((s, p) => s + p.revenueShare, 0)).toBeCloseTo(1, 9);
    for (const p of [...result.micro, ...result.macro]) {
      expect(Object.values(p.tierMix).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
      expect(Object.keys(p.tierMix)).toEqual([...TIERS]);
    }
  });

  it("match the members' own figures", () => {
    const s = 0;
    const rows = Array.from(seg.micro.keys()).filter((i) => seg.micro[i] === s);
    const p = result.micro[s];
    expect(p.size).toBe(rows.length);
    const mean = (a: ArrayLike<number>) => rows.reduce((t, i) => t + a[i], 0) / rows.length;
    expect(p.meanClv365).toBeCloseTo(mean(inputs.scores.clv365), 9);
    expect(p.meanChurn).toBeCloseTo(mean(inputs.scores.churn), 9);
    const days = new Array(7).fill(0);
    for (const i of rows) if (inputs.features.preferredWeekday[i] >= 0) days[inputs.features.preferredWeekday[i]]++;
    expect(p.bestSendDay).toBe(WEEKDAYS[days.indexOf(Math.max(...days))]);
    expect(p.topCategories.length).toBe(3);
    for (let j = 1; j < p.topCategories.length; j++) expect(p.topCategories[j].share).toBeLessThanOrEqual(p.topCategories[j - 1].share);
    // no product ids in this table: categories only
    expect(p.topProducts).toBeNull();
  });

  it("have unique, readable names", () => {
    const names = [...result.macro, ...result.micro].map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(Lapsing|New|Loyal|Active|Occasional) /);
  });
});

function profile(overrides: Partial<SegmentProfile>): SegmentProfile {
  return {
    size: 300, revenueShare: 0.01, meanClv30: 10, meanClv365: 100, meanClv1095: 250, meanChurn: 0.3, meanFrequency: 3,
    meanRecencyDays: 60, meanOrderValue: 40, tierMix: { A: 0.05, B: 0.1, C: 0.15, D: 0.2, E: 0.2, F: 0.2, G: 0.1 },
    topCategories: [{ category: "CANDLES", share: 0.2, lift: 1 }], topProducts: null, priceBand: "mid", meanPricePercentile: 0.4,
    discountShare: 0.02, giftShare: 0.05, giftSeasonShare: 0.2, bestSendDay: "Thursday", bestSendHour: 10, peakMonth: "March",
    peakMonthShare: 0.1, flags: [], ...overrides,
  };
}

describe("segment names", () => {
  const store = profile({});
  it("say what sets a segment apart", () => {
    expect(segmentName(profile({ meanChurn: 0.6, giftShare: 0.4, peakMonth: "December", peakMonthShare: 0.4 }), store)).toBe("Lapsing gift buyers, mid-price, December");
    expect(segmentName(profile({ meanChurn: 0.1, meanFrequency: 6, tierMix: { A: 0.4, B: 0.3, G: 0.3 }, priceBand: "premium" }), store)).toBe("Loyal high-value customers, premium, Thursdays");
    expect(segmentName(profile({ topCategories: [{ category: "T-LIGHT HOLDER", share: 0.3, lift: 4 }], bestSendDay: "Sunday" }), store)).toBe("Occasional T-Light Holder buyers, mid-price, Sundays");
    expect(segmentName(profile({ discountShare: 0.2, priceBand: "low" }), store, "macro")).toBe("Occasional deal seekers, budget");
  });
  it("are made unique within a run", () => {
    const same = [profile({ bestSendHour: 9 }), profile({ bestSendHour: 18 }), profile({ bestSendHour: 18 })];
    const names = uniqueSegmentNames(same, store);
    expect(new Set(names).size).toBe(3);
    expect(names[0]).toBe("Occasional customers, mid-price, Thursdays, 09:00");
  });
});

describe("a store with fewer than 200 customers", () => {
  // 150 customers with one to three orders of two products each.
  const orders: OrderFact[] = [];
  for (let c = 0; c < 150; c++) {
    for (let k = 0; k <= c % 3; k++) {
      orders.push({
        orderId: `o${c}-${k}`, customerId: `c${c}`, placedAt: new Date(Date.UTC(2024, (c + k * 4) % 12, 1 + (c % 27), 9 + (c % 10))),
        total: 20 + c, discount: 0, refunded: 0, cancelled: false, giftSignals: { differentShipping: c % 5 === 0, giftNote: false },
        lines: [
          { productId: `p${c % 7}`, category: c % 2 ? "Candles" : "Mugs", quantity: 1, unitPrice: 10 + (c % 4) },
          { productId: `p${(c + 3) % 7}`, category: "Cards", quantity: 2, unitPrice: 5 },
        ],
      });
    }
  }
  const asOf = new Date(Date.UTC(2024, 11, 31, 23, 59, 59));
  const table = orderTableFromFacts(orders);
  const features = customerFeatures(orders, [], [], asOf);
  const result = analyzeSegments({
    features, scores: valueScores(table, features), months: preferredMonths(table, features), settings: resolveSegmentSettings(),
    orders: { table, rows: tableRows(table, features) },
  });

  it("gets one segment holding everyone, flagged, with top products", () => {
    expect(result.segmentation.undersized).toBe(true);
    expect(result.macro).toEqual([]);
    expect(result.micro).toHaveLength(1);
    const p = result.micro[0];
    expect(p.size).toBe(150);
    expect(p.flags).toEqual(["undersized"]);
    expect(p.name).toBe("All customers (too few to segment)");
    expect(p.giftShare).toBeCloseTo(30 / 150, 9); // every 5th customer ships elsewhere on every order
    expect(p.topProducts).not.toBeNull();
    expect(p.topProducts!.length).toBe(5);
    const shares = p.topProducts!.map((x) => x.spendShare);
    expect([...shares].sort((a, b) => b - a)).toEqual(shares);
  });
});

describe("a store without customers", () => {
  it("gets no segments", () => {
    const asOf = new Date(Date.UTC(2024, 0, 1));
    const table = orderTableFromFacts([]);
    const features = customerFeatures([], [], [], asOf);
    const result = analyzeSegments({ features, scores: valueScores(table, features), months: new Int8Array(0), settings: resolveSegmentSettings() });
    expect(result.micro).toEqual([]);
    expect(result.macro).toEqual([]);
    expect(result.segmentation.microCount).toBe(0);
  });
});
