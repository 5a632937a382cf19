import { describe, expect, it } from "vitest";
import { lifecycleStage } from "../../app/programs/lifecycleStage.ts";
import { storeKnowledge } from "../../app/programs/storeKnowledge.ts";
import { daysAgo, line, NOW, order } from "./histories.ts";

describe("what the shop's history teaches the programs", () => {
  // GIVEN six customers: five buy mug + tea together and rebuy tea after 20, 30 or 40 days
  const customers = [10, 20, 30, 20, 40].map((gap, i) => ({
    customerId: `c${i}`,
    orders: [order(daysAgo(100), [line("mug"), line("tea")]), order(daysAgo(100 - gap), [line("tea")])],
  }));
  customers.push({ customerId: "solo", orders: [order(daysAgo(50), [line("lamp")])] });
  const k = storeKnowledge(customers, "Europe/London", NOW);

  it("the median first-to-second gap over customers with two orders", () => {
    expect(k.secondPurchaseGapDays).toBeCloseTo(20, 6);
    expect(k.timeZone).toBe("Europe/London");
  });

  it("each product's median repurchase gap and how many rebuys it rests on", () => {
    expect(k.repurchaseGaps.get("tea")).toEqual({ medianDays: 20, observations: 5 });
    expect(k.repurchaseGaps.has("mug")).toBe(false);
  });

  it("complements from co-purchase: the mug's is tea, the lone lamp has none", () => {
    expect(k.complements.get("mug")?.[0]).toMatchObject({ productId: "tea", title: "TEA", price: 5 });
    expect(k.complements.get("mug")![0].similarity).toBeGreaterThan(0);
    expect(k.complements.has("lamp")).toBe(false);
  });
});

describe("lifecycle stage, from the customer's own purchase rhythm", () => {
  it.each([
    [[], "prospect"],
    [[order(daysAgo(5))], "new"],
    [[order(daysAgo(50)), order(daysAgo(5))], "active"],
    // a 45-day rhythm, last order 100 days ago: within 3 gaps
    [[order(daysAgo(145)), order(daysAgo(100))], "lapsing"],
    [[order(daysAgo(500)), order(daysAgo(400))], "lapsed"],
  ] as const)("%# -> %s", (orders, stage) => {
    expect(lifecycleStage({ orders: [...orders] }, NOW)).toBe(stage);
  });
});
