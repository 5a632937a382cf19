/** The db-facing chooser and outcome resolution on a real store (SQLite, or PostgreSQL under DATABASE_URL). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseProgram, createProgramChooser } from "../../app/bandit/chooseProgram.ts";
import { resolveBanditOutcomes } from "../../app/bandit/resolveOutcomes.ts";
import type { Db } from "../../app/db.server.ts";
import { mulberry32, parseContextJson, type BanditContext } from "../../app/intelligence/bandit/index.ts";
import { defaultTarget, openDb, randomShopDomain } from "../helpers/testDb.ts";

const DAY = 86_400_000;

interface Store {
  shopId: string;
  programs: { winBack: string; crossSell: string; replenishment: string };
  customers: string[];
}

async function makeStore(db: Db, customers: number): Promise<Store> {
  const shop = await db.shop.create({ data: { domain: randomShopDomain() } });
  const template = await db.emailTemplate.create({ data: { shopId: shop.id, name: "t", subject: "s", mjml: "<mjml><mj-body></mj-body></mjml>" } });
  const program = async (kind: string) => (await db.program.create({ data: { shopId: shop.id, kind, name: kind, templateId: template.id } })).id;
  const programs = { winBack: await program("win_back"), crossSell: await program("cross_sell"), replenishment: await program("replenishment") };
  await db.customer.createMany({ data: Array.from({ length: customers }, (_, i) => ({ shopId: shop.id, externalId: `c${i}` })) });
  const rows = await db.customer.findMany({ where: { shopId: shop.id }, select: { id: true, externalId: true } });
  const byExternal = new Map(rows.map((r) => [r.externalId, r.id]));
  return { shopId: shop.id, programs, customers: Array.from({ length: customers }, (_, i) => byExternal.get(`c${i}`)!) };
}

const order = (db: Db, shopId: string, customerId: string, externalId: string, at: Date, cancelled = false) =>
  db.order.create({
    data: { shopId, customerId, externalId, currency: "GBP", subtotalPrice: 10, totalPrice: 10, processedAt: at, cancelledAt: cancelled ? at : null },
  });

describe("chooseProgram and resolveBanditOutcomes on a real store", () => {
  let db: Db;
  beforeAll(() => {
    db = openDb(defaultTarget());
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("logs one decision per candidate and rewards it from the customer's real orders once the window closes", async () => {
    // GIVEN 30 customers who qualify for two or three programs
    const store = await makeStore(db, 30);
    const { winBack, crossSell, replenishment } = store.programs;
    const now = new Date("2026-03-02T08:00:00Z");
    const contexts: BanditContext[] = [
      { segmentId: "s1", tier: "A", stage: "lapsed" },
      { segmentId: null, tier: null, stage: "new" },
      { segmentId: "s2", tier: "C", stage: "active" },
    ];
    const candidates = store.customers.map((customerId, i) => ({
      customerId,
      context: contexts[i % 3],
      programIds: i % 2 === 0 ? [winBack, crossSell] : [winBack, crossSell, replenishment],
    }));

    // WHEN the chooser picks
    const choices = await chooseProgram(db, store.shopId, candidates, now);

    // THEN every candidate has one of its own programs, and the log says so
    expect(choices.size).toBe(30);
    const logged = await db.banditDecision.findMany({ where: { shopId: store.shopId } });
    expect(logged.length).toBe(30);
    const byId = new Map(logged.map((d) => [d.id, d]));
    for (const candidate of candidates) {
      const choice = choices.get(candidate.customerId)!;
      expect(candidate.programIds).toContain(choice.programId);
      const row = byId.get(choice.decisionId!)!;
      expect(row.customerId).toBe(candidate.customerId);
      expect(row.chosen).toBe(choice.programId);
      expect(JSON.parse(row.arms)).toEqual(candidate.programIds);
      expect(parseContextJson(row.context)).toEqual(candidate.context);
      expect(row.sample).toBeGreaterThan(0);
      expect(row.sample).toBeLessThan(1);
      expect(row.decidedAt.getTime()).toBe(now.getTime());
      expect(row.reward).toBeNull();
    }

    // AND the outcomes come from orders in (decidedAt, decidedAt + 14 days]
    const [c0, c1, c2, c3, c4, c5] = store.customers;
    await order(db, store.shopId, c0, "in-window", new Date(now.getTime() + 3 * DAY));
    await order(db, store.shopId, c1, "before", new Date(now.getTime() - DAY));
    await order(db, store.shopId, c2, "last-moment", new Date(now.getTime() + 14 * DAY));
    await order(db, store.shopId, c3, "too-late", new Date(now.getTime() + 14 * DAY + 60_000));
    await order(db, store.shopId, c4, "cancelled", new Date(now.getTime() + 2 * DAY), true);
    await order(db, store.shopId, c5, "same-instant", now);

    // before the window has closed nothing is resolved
    expect(await resolveBanditOutcomes(db, store.shopId, new Date(now.getTime() + 10 * DAY), 14)).toEqual({ resolved: 0, rewarded: 0 });
    const resolvedAt = new Date(now.getTime() + 14 * DAY);
    expect(await resolveBanditOutcomes(db, store.shopId, resolvedAt, 14)).toEqual({ resolved: 30, rewarded: 2 });
    const after = await db.banditDecision.findMany({ where: { shopId: store.shopId } });
    for (const d of after) {
      expect(d.resolvedAt?.getTime()).toBe(resolvedAt.getTime());
      expect(d.reward).toBe(d.customerId === c0 || d.customerId === c2 ? 1 : 0);
    }
    // resolved decisions are not resolved again
    expect(await resolveBanditOutcomes(db, store.shopId, new Date(now.getTime() + 30 * DAY), 14)).toEqual({ resolved: 0, rewarded: 0 });
  });

  it("learns from its own resolved log which program works in which context", async () => {
    // GIVEN 80 customers, half lapsed and half active; lapsed ones come back after a win-back,
    // active ones after a cross-sell (90%), anyone else rarely (10%)
    const store = await makeStore(db, 80);
    const { winBack, crossSell, replenishment } = store.programs;
    const arms = [winBack, crossSell, replenishment];
    const contextOf = (i: number): BanditContext => ({ segmentId: null, tier: "B", stage: i < 40 ? "lapsed" : "active" });
    const best = (i: number) => (i < 40 ? winBack : crossSell);
    const chooser = createProgramChooser({ random: (_shop, now) => mulberry32(now.getTime() / DAY) });
    const outcome = mulberry32(99);
    const start = new Date("2026-01-05T08:00:00Z").getTime();

    let last = new Map<string, { programId: string }>();
    for (let week = 0; week < 8; week++) {
      const now = new Date(start + week * 7 * DAY);
      // the last week's outcomes are known by now (a 7-day window)
      await resolveBanditOutcomes(db, store.shopId, now, 7);
      const candidates = store.customers.map((customerId, i) => ({ customerId, context: contextOf(i), programIds: arms }));
      last = await chooser(db, store.shopId, candidates, now);
      // WHEN customers react to what they were sent, with real orders
      const orders = store.customers.flatMap((customerId, i) => {
        const p = last.get(customerId)!.programId === best(i) ? 0.9 : 0.1;
        return outcome() < p ? [{ shopId: store.shopId, customerId, externalId: `w${week}-${i}`, currency: "GBP", subtotalPrice: 10, totalPrice: 10, processedAt: new Date(now.getTime() + 2 * DAY) }] : [];
      });
      await db.order.createMany({ data: orders });
    }

    // THEN by the eighth week most of each context gets its own best program
    const share = (from: number, to: number) => store.customers.slice(from, to).filter((c, k) => last.get(c)!.programId === best(from + k)).length / (to - from);
    expect(share(0, 40)).toBeGreaterThan(0.75);
    expect(share(40, 80)).toBeGreaterThan(0.75);
    expect(await db.banditDecision.count({ where: { shopId: store.shopId, reward: { not: null } } })).toBe(7 * 80);
  });

  it("names bad candidates before drawing or writing anything", async () => {
    const store = await makeStore(db, 2);
    const other = await makeStore(db, 1);
    const now = new Date("2026-03-02T08:00:00Z");
    const context = { segmentId: null, tier: null, stage: "active" };
    const ok = { customerId: store.customers[0], context, programIds: [store.programs.winBack] };
    await expect(chooseProgram(db, store.shopId, [ok, { ...ok }], now)).rejects.toThrow(/candidate twice/);
    await expect(chooseProgram(db, store.shopId, [{ ...ok, programIds: [] }], now)).rejects.toThrow(/no programs/);
    await expect(chooseProgram(db, store.shopId, [{ ...ok, customerId: other.customers[0] }], now)).rejects.toThrow(/not customers of shop/);
    await expect(chooseProgram(db, store.shopId, [{ ...ok, programIds: [other.programs.winBack] }], now)).rejects.toThrow(/not programs of shop/);
    await expect(resolveBanditOutcomes(db, store.shopId, now, 0)).rejects.toThrow(/windowDays/);
    expect(await db.banditDecision.count({ where: { shopId: store.shopId } })).toBe(0);
  });
});
