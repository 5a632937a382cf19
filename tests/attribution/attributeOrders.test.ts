import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributeShopOrders } from "../../app/attribution/attributeOrders.server.ts";
import { trackingToken } from "../../app/activation/trackingToken.ts";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import type { Db } from "../../app/db.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { defaultTarget, openDb, randomShopDomain } from "../helpers/testDb.ts";

const run = promisify(execFile);
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 10, d, h));

let target: DatabaseTarget;
let db: Db;
let shop: { id: string; domain: string; urlSecret: string };
let campaignId: string;
let programId: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function order(externalId: string, customer: string | null, processedAt: Date, totalPrice: number, extra: { landingSite?: string; cancelledAt?: Date } = {}) {
  return db.order.create({ data: { shopId: shop.id, externalId, customerId: customer ? ids[customer] : null, processedAt, totalPrice, subtotalPrice: totalPrice, currency: "GBP", ...extra } });
}

beforeAll(async () => {
  target = defaultTarget();
  db = openDb(target);
  shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify", currency: "GBP" });
  for (const name of ["alice", "bob", "carol", "erin", "frank"]) ids[name] = (await db.customer.create({ data: { shopId: shop.id, externalId: name, email: `${name}@example.com` } })).id;
  const template = await db.emailTemplate.create({ data: { shopId: shop.id, name: "spring", subject: "Spring", mjml: "<mjml><mj-body></mj-body></mjml>" } });
  // GIVEN a 14-day campaign sent on day 1 with an A/B split, Erin in its control group
  const campaign = await db.campaign.create({ data: { shopId: shop.id, templateId: template.id, name: "Spring", segmentIds: "[]", holdoutShare: 0.1, attributionDays: 14, status: "sent", sentAt: day(1), testShare: 1, testMetric: "order" } });
  campaignId = campaign.id;
  const a = await db.campaignVariant.create({ data: { campaignId, label: "A" } });
  const b = await db.campaignVariant.create({ data: { campaignId, label: "B", subject: "Other" } });
  const rows = [["alice", a.id, false], ["bob", b.id, false], ["carol", b.id, false], ["erin", null, true]] as const;
  for (const [name, variantId, control] of rows) {
    tokens[name] = trackingToken(shop.urlSecret, campaignId, ids[name]);
    await db.campaignRecipient.create({ data: { campaignId, customerId: ids[name], segmentId: "s1", control, variantId, token: tokens[name], status: control ? "held" : "sent", sentAt: control ? null : day(1) } });
  }
  // ... and a 7-day win-back program that wrote to Alice on day 5 and held Frank out
  const program = await db.program.create({ data: { shopId: shop.id, kind: "win_back", name: "Win-back", templateId: template.id, attributionDays: 7 } });
  programId = program.id;
  await db.programSend.create({ data: { shopId: shop.id, programId, customerId: ids.alice, triggerKey: "lapse:5", control: false, token: "programTokenAlice00001", status: "sent", dueAt: day(5), sentAt: day(5) } });
  await db.programSend.create({ data: { shopId: shop.id, programId, customerId: ids.frank, triggerKey: "lapse:5", control: true, token: "programTokenFrank00001", status: "held", dueAt: day(5) } });

  await order("before-any-send", "alice", day(1, 11), 10);
  await order("alice-by-token", "alice", day(6), 40, { landingSite: `/products/teapot?utm_source=pearl&utm_campaign=${campaignId}&pearl_t=${tokens.alice}` });
  await order("alice-in-both-windows", "alice", day(7), 25);
  await order("bob-by-utm", "bob", day(3), 30, { landingSite: `/?utm_source=pearl&utm_medium=email&utm_campaign=${campaignId}` });
  await order("carol-after-window", "carol", day(15, 13), 50);
  await order("carol-cancelled", "carol", day(2), 70, { cancelledAt: day(3) });
  await order("erin-control", "erin", day(2), 60, { landingSite: `/?utm_source=pearl&utm_campaign=${campaignId}` });
  await order("frank-program-control", "frank", day(6), 15);
  await order("guest-forwarded", null, day(4), 20, { landingSite: `/?pearl_t=${tokens.bob}` });
});
afterAll(() => db?.$disconnect());

describe("attributing a shop's orders", () => {
  it("credits each order to one send by token, UTM or window, never a control member, and is idempotent", async () => {
    // WHEN attribution runs in small pages
    const first = await attributeShopOrders(db, shop.id, { pageSize: 3 });
    // THEN
    const rows = await db.orderAttribution.findMany({ where: { shopId: shop.id }, include: { order: { select: { externalId: true } } } });
    const byOrder = Object.fromEntries(rows.map((r) => [r.order.externalId, { source: r.source, sourceId: r.sourceId, method: r.method, variant: r.variantId, token: r.token, revenue: Number(r.revenue) }]));
    const variants = Object.fromEntries((await db.campaignVariant.findMany({ where: { campaignId } })).map((v) => [v.id, v.label]));
    expect(Object.keys(byOrder).sort()).toEqual(["alice-by-token", "alice-in-both-windows", "bob-by-utm", "guest-forwarded"]);
    expect(byOrder["alice-by-token"]).toMatchObject({ source: "campaign", sourceId: campaignId, method: "token", token: tokens.alice, revenue: 40 });
    expect(variants[byOrder["alice-by-token"].variant!]).toBe("A");
    // the later send (the program, day 5) wins when both windows hold the order
    expect(byOrder["alice-in-both-windows"]).toMatchObject({ source: "program", sourceId: programId, method: "window", variant: null, revenue: 25 });
    expect(byOrder["bob-by-utm"]).toMatchObject({ method: "utm", token: tokens.bob });
    expect(variants[byOrder["bob-by-utm"].variant!]).toBe("B");
    expect(byOrder["guest-forwarded"]).toMatchObject({ method: "token", token: tokens.bob });
    // (the order before the first send and the cancelled one are not read)
    expect(first).toEqual({ examined: 7, attributed: 4, byMethod: { token: 2, utm: 1, window: 1 } });

    // WHEN it runs again, nothing new is credited and nothing changes
    const again = await attributeShopOrders(db, shop.id);
    // (only the three unmatched orders are read again: stored within the 5-minute overlap of the last pass)
    expect(again).toMatchObject({ examined: 3, attributed: 0 });
    expect(await db.orderAttribution.count({ where: { shopId: shop.id } })).toBe(4);
    // ... and once the last pass is well past their storage, none is read at all
    await db.shop.update({ where: { id: shop.id }, data: { attributedThrough: new Date(Date.now() + 10 * 60_000) } });
    expect(await attributeShopOrders(db, shop.id)).toMatchObject({ examined: 0, attributed: 0 });
  });

  it("credits orders that arrived since, from the command line", async () => {
    await order("bob-later", "bob", day(10), 12);
    const { stdout } = await run(process.execPath, ["bin/pearl.js", "attribute", "--shop", shop.domain, "--json"], { env: { ...process.env, DATABASE_URL: target.url } });
    expect(JSON.parse(stdout)).toMatchObject({ attributed: 1, byMethod: { window: 1 } });
    const row = await db.orderAttribution.findFirstOrThrow({ where: { order: { externalId: "bob-later" } } });
    expect(row).toMatchObject({ source: "campaign", sourceId: campaignId, method: "window" });
  });

  it("two passes at once credit each order once, without an error", async () => {
    await order("bob-concurrent", "bob", day(11), 9);
    const [a, b] = await Promise.all([attributeShopOrders(db, shop.id), attributeShopOrders(db, shop.id)]);
    expect(a.attributed + b.attributed).toBeGreaterThanOrEqual(1);
    expect(await db.orderAttribution.count({ where: { order: { externalId: "bob-concurrent" } } })).toBe(1);
  });
});
