/**
 * Features on a hand-made history (values worked out by hand in the
 * comments). Tolerance: exact, or 1e-12 for fractions.
 */
import { describe, expect, it } from "vitest";
import { GiftSeasons, daysFromCivil, easterDay, mothersDay } from "../../app/intelligence/calendar";
import { customerFeatures, featureRecord } from "../../app/intelligence/features";
import type { BrowseFact, CartFact, OrderFact } from "../../app/intelligence/types";

const asOf = new Date("2024-03-01T00:00:00Z");
type Line = OrderFact["lines"][number];
let seq = 0;
function order(
  customerId: string,
  at: string,
  total: number,
  lines: Line[],
  extra: Partial<Pick<OrderFact, "discount" | "refunded" | "cancelled">> & { ship?: boolean; note?: boolean } = {},
): OrderFact {
  return {
    orderId: `o${++seq}`,
    customerId,
    placedAt: new Date(at),
    total,
    discount: extra.discount ?? 0,
    refunded: extra.refunded ?? 0,
    cancelled: extra.cancelled ?? false,
    lines,
    giftSignals: { differentShipping: extra.ship ?? false, giftNote: extra.note ?? false },
  };
}
const line = (category: string | null, quantity: number, unitPrice: number): Line => ({
  productId: null,
  category,
  quantity,
  unitPrice,
});

const orders: OrderFact[] = [
  // alice
  order("alice", "2024-01-01T10:00:00Z", 100, [line("mugs", 2, 20), line("tea", 3, 20)], { discount: 10, ship: true }), // Monday
  order("alice", "2024-02-10T10:00:00Z", 50, [line("tea", 1, 50)], { refunded: 10, note: true }), // Saturday, Valentine's season
  order("alice", "2024-02-20T15:00:00Z", 30, [line("mugs", 1, 30)], { cancelled: true }),
  order("alice", "2024-02-25T10:00:00Z", 30, [line(null, 1, 30)], { discount: 5 }), // Sunday
  order("alice", "2024-03-05T10:00:00Z", 1000, [line("mugs", 50, 20)]), // after as-of
  // bob
  order("bob", "2024-01-20T20:00:00Z", 20, [line("cards", 4, 5)]), // Saturday (listed out of order on purpose)
  order("bob", "2023-12-01T20:00:00Z", 20, [line("cards", 4, 5)]), // Friday, holiday season
  order("bob", "2023-12-03T20:00:00Z", 20, [line("cards", 4, 5)]), // Sunday
  order("bob", "2023-12-10T20:00:00Z", 20, [line("cards", 4, 5)]), // Sunday
  // dave: only after as-of
  order("dave", "2024-04-01T10:00:00Z", 70, [line("tea", 1, 70)]),
];
const ev = (customerId: string, at: string): BrowseFact => ({ customerId, occurredAt: new Date(at), kind: "product_viewed" });
const browse: BrowseFact[] = [
  ev("bob", "2024-02-15T00:00:00Z"),
  ev("bob", "2023-11-01T00:00:00Z"), // older than 90 days
  ev("bob", "2024-02-28T00:00:00Z"),
  ev("bob", "2024-03-02T00:00:00Z"), // after as-of
  ev("carol", "2024-01-01T00:00:00Z"), // carol never ordered
];
const cart = (customerId: string, at: string, converted: boolean): CartFact => ({ customerId, createdAt: new Date(at), converted });
const carts: CartFact[] = [
  cart("bob", "2024-01-01T00:00:00Z", true),
  cart("bob", "2024-01-05T00:00:00Z", false),
  cart("bob", "2024-02-01T00:00:00Z", false),
  cart("bob", "2024-03-10T00:00:00Z", true), // after as-of
];

const f = customerFeatures(orders, browse, carts, asOf);
const alice = featureRecord(f, f.customerIds.indexOf("alice"));
const bob = featureRecord(f, f.customerIds.indexOf("bob"));
const carol = featureRecord(f, f.customerIds.indexOf("carol"));
const close = (v: number, ref: number) => expect(Math.abs(v - ref)).toBeLessThan(1e-12);

describe("customerFeatures", () => {
  it("includes customers active up to as-of only", () => {
    expect(f.customerIds).toEqual(["alice", "bob", "carol"]);
  });

  it("RFM, longevity and order value (alice)", () => {
    expect(alice.frequency).toBe(3); // the cancelled and the later order do not count
    expect(alice.cancelledOrders).toBe(1);
    close(alice.recencyDays, 4 + 14 / 24); // 25 Feb 10:00 -> 1 Mar 00:00
    close(alice.longevityDays, 59 + 14 / 24); // 1 Jan 10:00 -> 1 Mar 00:00 (leap year)
    expect(alice.monetary).toBe(170); // 100 + 50 + 30 - 10 refunded
    close(alice.averageOrderValue, 170 / 3);
    close(alice.interPurchaseMeanDays, 27.5); // gaps 40 and 15 days
    close(alice.interPurchaseMedianDays, 27.5);
  });

  it("refund, cancellation and discount shares (alice)", () => {
    close(alice.refundShare, 10 / 180);
    close(alice.cancellationShare, 1 / 4);
    close(alice.discountShare, 15 / 180);
    close(alice.discountedOrderShare, 2 / 3);
  });

  it("category affinity by spend, top first (alice); uncategorised and cancelled lines excluded", () => {
    expect(alice.categoryAffinity.map((a) => a.category)).toEqual(["tea", "mugs"]);
    close(alice.categoryAffinity[0].share, 110 / 150);
    close(alice.categoryAffinity[1].share, 40 / 150);
    expect(bob.categoryAffinity).toEqual([{ category: "cards", share: 1 }]);
  });

  it("mean unit price and price band (mid-rank percentile among customers)", () => {
    close(alice.meanUnitPrice, 180 / 7);
    expect(bob.meanUnitPrice).toBe(5);
    close(bob.pricePercentile, 0.25); // lowest of 2: (0 + 0.5)/2
    close(alice.pricePercentile, 0.75);
    expect(bob.priceBand).toBe("mid");
    expect(alice.priceBand).toBe("premium");
    expect(carol.priceBand).toBeNull();
  });

  it("gift signals and seasonality", () => {
    close(alice.giftShippingShare, 1 / 3);
    close(alice.giftNoteShare, 1 / 3);
    close(alice.seasonalShare, 1 / 3); // 10 Feb only; 1 Jan is after the holiday season
    close(bob.seasonalShare, 3 / 4); // 1, 3, 10 December
    expect(bob.giftShippingShare).toBe(0);
  });

  it("inter-purchase intervals with an odd number of gaps (bob: 2, 7, 41 days)", () => {
    expect(bob.frequency).toBe(4);
    close(bob.interPurchaseMeanDays, 50 / 3);
    expect(bob.interPurchaseMedianDays).toBe(7);
    close(bob.recencyDays, 40 + 4 / 24);
  });

  it("browsing intensity and cart abandonment", () => {
    close(bob.browseEventsPerWeek, 2 / (90 / 7)); // 15 and 28 Feb in the window
    close(carol.browseEventsPerWeek, 1 / (90 / 7));
    expect(alice.browseEventsPerWeek).toBeNaN(); // no browsing data at all
    close(bob.cartAbandonmentRate, 2 / 3);
    expect(alice.cartAbandonmentRate).toBeNaN();
  });

  it("preferred weekday and hour (ties to the earliest)", () => {
    expect(alice.preferredWeekday).toBe(0); // Mon, Sat, Sun once each -> Sunday (0)
    expect(alice.preferredHour).toBe(10);
    expect(bob.preferredWeekday).toBe(0); // two Sundays
    expect(bob.preferredHour).toBe(20);
    expect(carol.preferredWeekday).toBe(-1);
  });

  it("customers without orders have zero frequency and NaN order features", () => {
    expect(carol.frequency).toBe(0);
    expect(carol.monetary).toBe(0);
    expect(carol.recencyDays).toBeNaN();
    expect(carol.categoryAffinity).toEqual([]);
  });

  it("a store time-zone offset moves weekday and hour", () => {
    const g = customerFeatures(orders, [], [], asOf, { utcOffsetMinutes: 5 * 60 });
    const b = featureRecord(g, g.customerIds.indexOf("bob"));
    expect(b.preferredHour).toBe(1); // 20:00 UTC = 01:00 next day at UTC+5
    expect(b.preferredWeekday).toBe(1); // two Sundays become Mondays
  });
});

describe("category affinity top-K", () => {
  it("keeps the K largest shares, in order, with shares of the whole spend (1e-12)", () => {
    // 12 categories with spends 1..12 in a scrambled order; total 78.
    const spends = [7, 3, 12, 1, 9, 5, 11, 2, 8, 6, 10, 4];
    const lines = spends.map((v) => line(`c${v}`, 1, v));
    const o = [order("zed", "2024-01-10T10:00:00Z", 78, lines)];
    const all = featureRecord(customerFeatures(o, [], [], asOf, { affinityTopK: 0 }), 0);
    expect(all.categoryAffinity.map((a) => a.category)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((v) => `c${v}`),
    );
    const top3 = featureRecord(customerFeatures(o, [], [], asOf, { affinityTopK: 3 }), 0);
    expect(top3.categoryAffinity.map((a) => a.category)).toEqual(["c12", "c11", "c10"]);
    close(top3.categoryAffinity[0].share, 12 / 78);
    close(top3.categoryAffinity[2].share, 10 / 78);
    const byDefault = featureRecord(customerFeatures(o, [], [], asOf), 0);
    expect(byDefault.categoryAffinity.length).toBe(5);
  });

  it("ties are ordered by first appearance of the category in the store (category index)", () => {
    const o = [order("t", "2024-01-10T10:00:00Z", 4, [line("b", 1, 1), line("a", 1, 1), line("c", 2, 1)])];
    const r = featureRecord(customerFeatures(o, [], [], asOf), 0);
    expect(r.categoryAffinity.map((a) => a.category)).toEqual(["c", "b", "a"]);
  });
});

describe("calendar", () => {
  it("Easter, Mother's Day (US and UK rules) and gift seasons", () => {
    expect(easterDay(2024)).toBe(daysFromCivil(2024, 3, 31));
    expect(easterDay(2011)).toBe(daysFromCivil(2011, 4, 24));
    expect(mothersDay(2024)).toBe(daysFromCivil(2024, 5, 12));
    expect(mothersDay(2011, "uk-mothering-sunday")).toBe(daysFromCivil(2011, 4, 3));
    const s = new GiftSeasons();
    expect(s.contains(daysFromCivil(2024, 5, 12))).toBe(true);
    expect(s.contains(daysFromCivil(2024, 4, 29))).toBe(true); // 13 days before
    expect(s.contains(daysFromCivil(2024, 4, 28))).toBe(false);
    expect(s.contains(daysFromCivil(2024, 11, 19))).toBe(false);
    expect(s.contains(daysFromCivil(2024, 11, 20))).toBe(true);
    expect(s.contains(daysFromCivil(2025, 1, 1))).toBe(false);
    expect(s.contains(daysFromCivil(2025, 2, 14))).toBe(true);
    expect(s.contains(daysFromCivil(2025, 2, 15))).toBe(false);
  });
});
