import { describe, expect, it } from "vitest";
import { OrderTableBuilder } from "../../app/intelligence/orderTable";
import { variantGroups } from "../../app/intelligence/recommend/catalog";
import { recommend, type RecommendInput } from "../../app/intelligence/recommend/recommend";
import { REASON_BROWSED, REASON_CO_PURCHASE, REASON_KINDS, REASON_REPLENISH, REASON_SEGMENT_LIFT, REASON_TRENDING } from "../../app/intelligence/recommend/reasons";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 10);
const AS_OF = T0 + 155 * DAY;

/**
 * A small store, every purchase placed by hand:
 * - 40 regulars (segment 0) buy MUG and TEA together every 30 days, days 0..150;
 * - 30 home buyers (segment 1) bought a SOFA once (with postage), a VASE and a
 *   LAMP, nobody ever buys a sofa twice; 4 regulars also bought a VASE;
 * - "due" bought MUG on days 60, 90 and 120 only: 35 days later it is due;
 * - "sofa" bought a SOFA and a MUG on day 100;
 * - "couple" and "pair" (segment 0) bought both colours of cushion 85049A /
 *   85049E, repeatedly;
 * - customers without purchases: "browser" viewed a LAMP, "newcomer" is in
 *   segment 1, "stranger" in no segment.
 */
function store() {
  const b = new OrderTableBuilder();
  const cat = (name: string) => b.category(name);
  const line = (code: string, category: string) => b.addLine(cat(category), 1, 5, b.product(code));
  const order = (customer: string, day: number, lines: [string, string][]) => {
    b.addOrder(b.customer(customer), T0 + day * DAY, 10, 0, 0, 0);
    for (const [code, category] of lines) line(code, category);
  };
  const segment = new Map<string, number>();
  for (let i = 0; i < 40; i++) {
    segment.set(`r${i}`, 0);
    for (let d = i % 5; d <= 150; d += 30) order(`r${i}`, d, [["MUG", "MUGS"], ["TEA", "TEA"]]);
    if (i < 4) order(`r${i}`, 40, [["VASE", "VASES"]]);
  }
  for (let i = 0; i < 30; i++) {
    segment.set(`h${i}`, 1);
    order(`h${i}`, 10 + i, [["SOFA", "FURNITURE"], ["POST", "POSTAGE"], ["VASE", "VASES"], ["LAMP", "LIGHTS"]]);
  }
  segment.set("due", 0);
  for (const d of [60, 90, 120]) order("due", d, [["MUG", "MUGS"]]);
  segment.set("sofa", 1);
  order("sofa", 100, [["SOFA", "FURNITURE"], ["MUG", "MUGS"]]);
  for (const name of ["couple", "pair"]) {
    segment.set(name, 0);
    for (const d of [20, 50, 80, 110, 140]) order(name, d, [["85049A", "CUSHIONS"], ["85049E", "CUSHIONS"]]);
  }
  const table = b.build();
  const ids = [...table.customerIds, "browser", "newcomer", "stranger"];
  segment.set("newcomer", 1);
  const segmentOf = Int32Array.from(ids, (id) => segment.get(id) ?? -1);
  const products = table.products ?? [];
  const at = (code: string) => products.indexOf(code);
  const browser = ids.indexOf("browser");
  const input: RecommendInput = {
    table,
    asOfMs: AS_OF,
    segmentOf,
    nSegments: 2,
    browsed: { customer: Int32Array.of(browser), product: Int32Array.of(at("LAMP")), timeMs: Float64Array.of(AS_OF - 2 * DAY) },
  };
  return { input, ids, products, at };
}

function listOf(r: ReturnType<typeof recommend>, ids: string[], id: string) {
  const c = ids.indexOf(id);
  const k = r.topK.k;
  const out: { product: number; reason: number; anchor: number; detail: number }[] = [];
  for (let i = c * k; i < c * k + k; i++) {
    if (r.topK.product[i] < 0) break;
    out.push({ product: r.topK.product[i], reason: r.topK.reason[i], anchor: r.topK.anchor[i], detail: r.topK.detail[i] });
  }
  return out;
}

describe("recommendations on a hand-made store", () => {
  const { input, ids, products, at } = store();
  const r = recommend(input, { catalog: { group: variantGroups(products) }, topK: { k: 5 } });

  it("learns the typical repurchase interval from repeat buyers", () => {
    expect(r.stats.intervalDays[at("MUG")]).toBeCloseTo(30, 0);
    expect(r.stats.rebuyRate[at("SOFA")]).toBeLessThan(0.05);
  });

  it("puts a due item first, saying when it is usually bought again", () => {
    const list = listOf(r, ids, "due");
    expect(list[0]).toMatchObject({ product: at("MUG"), reason: REASON_REPLENISH });
    expect(list[0].detail).toBeGreaterThan(25);
    expect(list[0].detail).toBeLessThan(35);
    // and what the other mug buyers buy with it, with the mug as the reason
    const tea = list.find((x) => x.product === at("TEA"));
    expect(tea).toMatchObject({ reason: REASON_CO_PURCHASE, anchor: at("MUG") });
  });

  it("never recommends postage, nor a sofa to someone who has one", () => {
    for (let i = 0; i < r.topK.product.length; i++) expect(r.topK.product[i]).not.toBe(at("POST"));
    expect(listOf(r, ids, "sofa").map((x) => x.product)).not.toContain(at("SOFA"));
    expect(r.history.buyers[at("POST")]).toBe(0);
  });

  it("suggests one variant of a product, but keeps each of a customer's own regular purchases", () => {
    const cushions = (list: number[]) => list.filter((p) => p === at("85049A") || p === at("85049E"));
    const feed = Array.from(r.feeds.product.subarray(r.feeds.start[0], r.feeds.start[1]));
    expect(cushions(feed)).toHaveLength(1);
    expect(cushions(listOf(r, ids, "couple").map((x) => x.product))).toHaveLength(2);
  });

  it("gives each segment what it buys more than the store, with its lift", () => {
    const homes = r.feeds.start[1];
    const feed = Array.from(r.feeds.product.subarray(homes, r.feeds.start[2]));
    expect(feed).toContain(at("LAMP"));
    const vase = homes + feed.indexOf(at("VASE"));
    expect(feed.indexOf(at("VASE"))).toBeGreaterThanOrEqual(0);
    expect(r.feeds.reason[vase]).toBe(REASON_SEGMENT_LIFT);
    expect(r.feeds.lift[vase]).toBeGreaterThan(1.5);
    const regulars = Array.from(r.feeds.product.subarray(r.feeds.start[0], r.feeds.start[1]));
    expect(regulars.slice(0, 2).sort()).toEqual([at("MUG"), at("TEA")].sort());
  });

  it("starts cold customers from what they browsed, else their segment, else the store", () => {
    const browsed = listOf(r, ids, "browser");
    expect(browsed[0]).toMatchObject({ product: at("LAMP"), reason: REASON_BROWSED });
    const newcomer = listOf(r, ids, "newcomer").map((x) => x.product);
    const segmentFeed = Array.from(r.feeds.product.subarray(r.feeds.start[1], r.feeds.start[2]));
    expect(newcomer[0]).toBe(segmentFeed[0]);
    const stranger = listOf(r, ids, "stranger");
    expect(stranger.length).toBeGreaterThan(0);
    expect(stranger.every((x) => x.reason === REASON_TRENDING)).toBe(true);
    expect(stranger[0].product).toBe(r.feeds.trending[0]);
  });

  it("leaves out what the store does not sell now", () => {
    const available = new Uint8Array(products.length).fill(1);
    available[at("TEA")] = 0;
    const without = recommend(input, { catalog: { available, group: variantGroups(products) }, topK: { k: 5 } });
    expect(Array.from(without.topK.product)).not.toContain(at("TEA"));
    expect(Array.from(without.feeds.product)).not.toContain(at("TEA"));
    expect(without.neighbors.start.length).toBe(products.length + 1);
  });

  it("names every reason it gives", () => {
    for (const code of r.topK.reason) if (code) expect(REASON_KINDS[code]).toBeDefined();
  });
});
