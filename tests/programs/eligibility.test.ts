import { describe, expect, it } from "vitest";
import type { CustomerHistory } from "../../app/programs/history.ts";
import { parseProgramConfig, PROGRAM_KIND_NAMES, programKind, type ProgramKindName } from "../../app/programs/programKinds.ts";
import { basket, daysAgo, history, hoursAgo, line, NOW, order, score, store } from "./histories.ts";

interface Case {
  name: string;
  history: CustomerHistory;
  rule?: Record<string, unknown>;
  timing?: Record<string, unknown>;
  /** null: not eligible; otherwise what the trigger must show. */
  expected: null | { keyPrefix: string; items?: string[]; firedAt?: Date; dueAt?: Date };
}

function evaluate(kind: ProgramKindName, c: Case) {
  const config = parseProgramConfig(kind, c.rule ? JSON.stringify(c.rule) : null, c.timing ? JSON.stringify(c.timing) : null);
  if (!config.ok) throw new Error(config.error);
  return programKind(kind).eligibility(c.history, config.value, NOW);
}

const mugAndTea = [line("mug"), line("tea", "Tea")];
const single = order(daysAgo(33), [line("mug")]);
const repeatCustomer = [order(daysAgo(100)), order(daysAgo(70)), order(daysAgo(40))];

const cases: Record<ProgramKindName, Case[]> = {
  post_purchase: [
    { name: "an order an hour ago: thanks, due 2 h after it, naming both products", history: history({ orders: [order(hoursAgo(1), mugAndTea)] }), expected: { keyPrefix: "order:", items: ["mug", "tea"], firedAt: hoursAgo(1), dueAt: new Date(hoursAgo(1).getTime() + 2 * 3_600_000) } },
    { name: "the same product twice in an order is one item", history: history({ orders: [order(hoursAgo(3), [line("mug"), line("mug")])] }), expected: { keyPrefix: "order:", items: ["mug"] } },
    { name: "an order 5 days ago is past withinDays (2)", history: history({ orders: [order(daysAgo(5))] }), expected: null },
    { name: "a cancelled order is no purchase", history: history({ orders: [order(hoursAgo(3), mugAndTea, true)] }), expected: null },
    { name: "no orders", history: history(), expected: null },
  ],
  first_to_repeat: [
    { name: "one order 31 days ago, the shop's gap 30 days: due now", history: history({ orders: [order(daysAgo(31))] }), timing: { sendHour: null }, expected: { keyPrefix: "second:", items: ["mug"], firedAt: daysAgo(1) } },
    { name: "one order 10 days ago: not yet", history: history({ orders: [order(daysAgo(10))] }), expected: null },
    { name: "two orders: not a one-time buyer", history: history({ orders: [order(daysAgo(60)), order(daysAgo(31))] }), expected: null },
    { name: "two invoices the same morning are one purchase", history: history({ orders: [order(daysAgo(31)), order(new Date(daysAgo(31).getTime() + 3_600_000))] }), timing: { sendHour: null }, expected: { keyPrefix: "second:" } },
    { name: "model gap: 365 days / 12 expected purchases = 30.4 days", history: history({ orders: [single], score: score(0.9, { expectedPurchases: 12 }) }), rule: { gapSource: "model" }, timing: { sendHour: null }, expected: { keyPrefix: "second:", firedAt: new Date(single.placedAt.getTime() + (365 / 12) * 86_400_000) } },
    { name: "model gap of 730 days is clamped to maxGapDays 365: not yet", history: history({ orders: [single], score: score(0.9, { expectedPurchases: 0.5 }) }), rule: { gapSource: "model" }, expected: null },
    { name: "a shop without repeat buyers has no gap", history: history({ orders: [order(daysAgo(31))], store: store({ secondPurchaseGapDays: null }) }), expected: null },
  ],
  cross_sell: [
    {
      name: "14 days after a mug order: the teapot and the spoon, strongest first, the owned tea left out",
      history: history({
        orders: [order(daysAgo(60), [line("tea")]), order(daysAgo(15), [line("mug")])],
        store: store({ complements: new Map([["mug", [{ productId: "tea", title: "Tea", price: 4, similarity: 0.9 }, { productId: "teapot", title: "Teapot", price: 24, similarity: 0.4 }, { productId: "spoon", title: "Spoon", price: 2, similarity: 0.1 }, { productId: "weak", title: "Weak", price: 1, similarity: 0.01 }]]]) }),
      }),
      timing: { sendHour: null },
      expected: { keyPrefix: "cross:", items: ["teapot", "spoon"], firedAt: daysAgo(1) },
    },
    { name: "5 days after the order: too early", history: history({ orders: [order(daysAgo(5), [line("mug")])], store: store({ complements: new Map([["mug", [{ productId: "teapot", title: "Teapot", price: 24, similarity: 0.4 }]]]) }) }), expected: null },
    { name: "no complements known: nothing to say", history: history({ orders: [order(daysAgo(15), [line("mug")])] }), expected: null },
  ],
  replenishment: [
    { name: "coffee every 30 days, last 29 days ago: due (2 days early)", history: history({ orders: [order(daysAgo(89), [line("coffee")]), order(daysAgo(59), [line("coffee")]), order(daysAgo(29), [line("coffee"), line("mug")])] }), timing: { sendHour: null }, expected: { keyPrefix: "refill:coffee:", items: ["coffee"], firedAt: daysAgo(1) } },
    { name: "coffee every 30 days, last 10 days ago: not yet", history: history({ orders: [order(daysAgo(70), [line("coffee")]), order(daysAgo(40), [line("coffee")]), order(daysAgo(10), [line("coffee")])] }), expected: null },
    { name: "bought twice (too few for their own interval), the shop's median gap 20 days over 8 rebuys: due", history: history({ orders: [order(daysAgo(45), [line("filter")]), order(daysAgo(19), [line("filter")])], store: store({ repurchaseGaps: new Map([["filter", { medianDays: 20, observations: 8 }]]) }) }), timing: { sendHour: null }, expected: { keyPrefix: "refill:filter:", items: ["filter"], firedAt: daysAgo(1) } },
    { name: "the shop's gap from 2 rebuys is not trusted (minShopObservations 5)", history: history({ orders: [order(daysAgo(45), [line("filter")]), order(daysAgo(19), [line("filter")])], store: store({ repurchaseGaps: new Map([["filter", { medianDays: 20, observations: 2 }]]) }) }), expected: null },
    { name: "by default a product bought once is never due", history: history({ orders: [order(daysAgo(19), [line("filter")])], store: store({ repurchaseGaps: new Map([["filter", { medianDays: 20, observations: 8 }]]) }) }), expected: null },
    { name: "useShopGap: a product bought once is due at the shop's gap", history: history({ orders: [order(daysAgo(19), [line("filter")])], store: store({ repurchaseGaps: new Map([["filter", { medianDays: 20, observations: 8 }]]) }) }), rule: { useShopGap: true }, timing: { sendHour: null }, expected: { keyPrefix: "refill:filter:", items: ["filter"] } },
  ],
  on_the_brink: [
    { name: "a repeat buyer whose P(alive) fell from 0.8 to 0.3", history: history({ orders: repeatCustomer, score: score(0.3, { previousPAlive: 0.8 }) }), timing: { sendHour: null }, expected: { keyPrefix: "brink:", items: ["mug"], firedAt: daysAgo(1) } },
    { name: "P(alive) 0.3 but already below in the analysis before: not a new drop", history: history({ orders: repeatCustomer, score: score(0.3, { previousPAlive: 0.4 }) }), expected: null },
    { name: "P(alive) 0.7: still alive", history: history({ orders: repeatCustomer, score: score(0.7) }), expected: null },
    { name: "one order only: never active", history: history({ orders: [single], score: score(0.3) }), expected: null },
    { name: "no analysis yet", history: history({ orders: repeatCustomer }), expected: null },
  ],
  win_back: [
    { name: "orders every 30 days, last 100 days ago: lapsed past 3 x 30 = 90", history: history({ orders: [order(daysAgo(160)), order(daysAgo(130)), order(daysAgo(100))] }), timing: { sendHour: null }, expected: { keyPrefix: "lapse:", items: ["mug"], firedAt: daysAgo(10) } },
    { name: "last order 80 days ago: within 3 x 30", history: history({ orders: [order(daysAgo(140)), order(daysAgo(110)), order(daysAgo(80))] }), expected: null },
    { name: "orders 5 days apart, last 61 days ago: minLapseDays 60 applies, not 3 x 5", history: history({ orders: [order(daysAgo(66)), order(daysAgo(61))] }), timing: { sendHour: null }, expected: { keyPrefix: "lapse:", firedAt: daysAgo(1) } },
    { name: "lapsed long ago (past withinDays 30)", history: history({ orders: [order(daysAgo(300)), order(daysAgo(270)), order(daysAgo(240))] }), expected: null },
    { name: "one order: no rhythm of their own", history: history({ orders: [order(daysAgo(200))] }), expected: null },
  ],
  abandoned_cart: [
    { name: "a cart left 5 hours ago with two items", history: history({ carts: [basket("k1", hoursAgo(5), mugAndTea)] }), expected: { keyPrefix: "cart:k1", items: ["mug", "tea"], firedAt: hoursAgo(1), dueAt: hoursAgo(1) } },
    { name: "a cart left 2 hours ago: not abandoned yet (4 h)", history: history({ carts: [basket("k1", hoursAgo(2))] }), expected: null },
    { name: "a converted cart", history: history({ carts: [basket("k1", hoursAgo(5), undefined, { converted: true })] }), expected: null },
    { name: "an order after the cart, though not linked to it", history: history({ carts: [basket("k1", hoursAgo(8))], orders: [order(hoursAgo(6))] }), expected: null },
    { name: "a checkout was started from it: the checkout program's", history: history({ carts: [basket("k1", hoursAgo(5), undefined, { checkoutStarted: true })] }), expected: null },
    { name: "an empty cart", history: history({ carts: [basket("k1", hoursAgo(5), [])] }), expected: null },
    { name: "worth less than minValue", history: history({ carts: [basket("k1", hoursAgo(5), [line("pin", "Pin", 1)])] }), rule: { minValue: 10 }, expected: null },
  ],
  abandoned_checkout: [
    { name: "a checkout left 2 hours ago", history: history({ checkouts: [basket("ch1", hoursAgo(2), mugAndTea)] }), expected: { keyPrefix: "checkout:ch1", items: ["mug", "tea"], firedAt: hoursAgo(1) } },
    { name: "a completed checkout", history: history({ checkouts: [basket("ch1", hoursAgo(2), undefined, { converted: true })] }), expected: null },
    { name: "only the latest checkout counts: an older one was given up for it", history: history({ checkouts: [basket("old", hoursAgo(30)), basket("new", hoursAgo(0.5))] }), expected: null },
    { name: "left 5 days ago: past withinDays 3", history: history({ checkouts: [basket("ch1", daysAgo(5))] }), expected: null },
  ],
};

describe.each(PROGRAM_KIND_NAMES)("%s eligibility", (kind) => {
  it.each(cases[kind].map((c) => [c.name, c] as const))("%s", (_, c) => {
    const trigger = evaluate(kind, c);
    if (c.expected === null) {
      expect(trigger).toBeNull();
      return;
    }
    expect(trigger).not.toBeNull();
    expect(trigger!.triggerKey.startsWith(c.expected.keyPrefix)).toBe(true);
    if (c.expected.items) expect(trigger!.items.map((i) => i.productId)).toEqual(c.expected.items);
    if (c.expected.firedAt) expect(Math.abs(trigger!.firedAt.getTime() - c.expected.firedAt.getTime())).toBeLessThan(1000);
    if (c.expected.dueAt) expect(trigger!.dueAt.toISOString()).toBe(c.expected.dueAt.toISOString());
    expect(trigger!.dueAt.getTime()).toBeGreaterThanOrEqual(trigger!.firedAt.getTime());
  });
});

describe("program settings", () => {
  it("defaults when nothing is stored, and stored keys override them", () => {
    const stored = parseProgramConfig("win_back", '{"gapMultiple": 4}', '{"sendHour": 9}');
    expect(stored).toMatchObject({ ok: true, value: { rule: { gapMultiple: 4, minOrders: 2 }, timing: { delayHours: 0, sendHour: 9 } } });
    expect(parseProgramConfig("win_back", null, null)).toMatchObject({ ok: true, value: { rule: programKind("win_back").defaultRule } });
  });

  it.each([
    ["win_back", '{"gapMultiple": "three"}', null, /win_back rule: gapMultiple: .*number/i],
    ["win_back", '{"gapMultipel": 3}', null, /win_back rule: .*gapMultipel/],
    ["on_the_brink", '{"pAliveBelow": 1.5}', null, /on_the_brink rule: pAliveBelow/],
    ["first_to_repeat", '{"minGapDays": 400, "maxGapDays": 100}', null, /minGapDays must not exceed maxGapDays/],
    ["post_purchase", null, '{"sendHour": 24}', /post_purchase timing: sendHour/],
    ["post_purchase", "[1,2]", null, /expected a JSON object/],
    ["post_purchase", "{oops", null, /not JSON/],
    ["birthday", null, null, /unknown program kind "birthday"/],
  ])("%s %s %s is refused with a clear error", (kind, rule, timing, message) => {
    const parsed = parseProgramConfig(kind, rule, timing);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});
