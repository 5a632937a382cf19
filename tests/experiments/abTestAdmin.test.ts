// The campaign page's A/B result and attribution, and the Attribution page,
// served by the built app in demo mode over HTTP.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveTemplate } from "../../app/activation/templates.ts";
import { parseCampaignForm } from "../../app/admin/campaigns.server.ts";
import { DEMO_TEMPLATE } from "../../app/activation/demoTemplate.ts";
import { trackingToken } from "../../app/activation/trackingToken.ts";
import { createDb, type Db } from "../../app/db.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { startServer, type RunningServer } from "../../server.ts";
import { defaultTarget, randomShopDomain } from "../helpers/testDb.ts";
import { attributeShopOrders } from "../../app/attribution/attributeOrders.server.ts";

let db: Db;
let server: RunningServer;
let campaignId: string;
const day = (d: number) => new Date(Date.now() - (30 - d) * 86_400_000);

beforeAll(async () => {
  const target = defaultTarget();
  db = createDb(target);
  const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify", name: "Tea shop", currency: "GBP" });
  await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: 2525, fromAddress: "news@tea.test" } });
  const saved = await saveTemplate(db, shop.id, "demo", DEMO_TEMPLATE);
  if (!saved.ok) throw new Error("template");
  // GIVEN a campaign whose whole audience was tested (no one waits): A 2 clicks of 40, B 20 of 40
  const campaign = await db.campaign.create({ data: { shopId: shop.id, templateId: saved.templateId, name: "Tea A/B", segmentIds: "[]", status: "sent", sentAt: day(1), testShare: 1, testMetric: "click", testMinSample: 10, testDays: 7, testStatus: "testing" } });
  campaignId = campaign.id;
  const a = await db.campaignVariant.create({ data: { campaignId, label: "A" } });
  const b = await db.campaignVariant.create({ data: { campaignId, label: "B", subject: "Our autumn teas are in" } });
  for (let i = 0; i < 80; i++) {
    const customer = await db.customer.create({ data: { shopId: shop.id, externalId: `c${i}`, email: `c${i}@example.com`, acceptsMarketing: true } });
    const inB = i % 2 === 1;
    const clicked = inB ? i < 40 : i < 4;
    await db.campaignRecipient.create({ data: { campaignId, customerId: customer.id, segmentId: "s1", control: false, variantId: inB ? b.id : a.id, token: trackingToken(shop.urlSecret, campaignId, customer.id), status: "sent", sentAt: day(1), openedAt: clicked ? day(1) : null, clickedAt: clicked ? day(1) : null } });
    // B's first buyer orders two days later: credited by the window
    if (i === 1) await db.order.create({ data: { shopId: shop.id, externalId: "o1", customerId: customer.id, processedAt: day(3), totalPrice: 42.5, subtotalPrice: 42.5, currency: "GBP" } });
  }
  // ... and a program with one send that brought an order through its link
  const program = await db.program.create({ data: { shopId: shop.id, kind: "post_purchase", name: "Thank-you", templateId: saved.templateId } });
  const buyer = await db.customer.create({ data: { shopId: shop.id, externalId: "p1", email: "p1@example.com" } });
  await db.programSend.create({ data: { shopId: shop.id, programId: program.id, customerId: buyer.id, triggerKey: "order:1", control: false, token: "programSendToken000001", status: "sent", dueAt: day(2), sentAt: day(2) } });
  await db.order.create({ data: { shopId: shop.id, externalId: "o2", customerId: buyer.id, processedAt: day(4), totalPrice: 19, subtotalPrice: 19, currency: "GBP", landingSite: "/?pearl_t=programSendToken000001" } });

  // ... credited as an analysis would (pages only read)
  await attributeShopOrders(db, shop.id);

  Object.assign(process.env, { NODE_ENV: "production", DATABASE_URL: target.url, SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "http://127.0.0.1", PEARL_DEMO: "1", PEARL_DEMO_SHOP: shop.domain });
  delete process.env.REDIS_URL;
  server = await startServer(0);
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");

describe("the A/B test and attribution in the admin", () => {
  it("the campaign page shows each variant's figures, p-value and the decision, and attribution per variant", async () => {
    const page = text(await (await fetch(`${server.url}/app/campaigns/${campaignId}`)).text());
    expect(page).toContain("A/B test");
    // A: 40 recipients, 2 clicks; B: 40, 20 clicks. 20/40 vs 2/40: z = 4.507, p = 6.57e-6 (pooled z-test; scipy 2 * norm.sf(4.507))
    expect(page).toMatch(/A \(template's subject\) 40 2 2 0 5\.00%/);
    expect(page).toMatch(/B Our autumn teas are in 40 20 20 1 50\.00% - leading/);
    expect(page).toMatch(/6\.57e-6 \(z-test\) significantly worse/);
    expect(page).toContain("Ready to decide: B beats every other variant at alpha 0.05 per comparison");
    // attribution: B's order of £42.50, credited by the window
    expect(page).toMatch(/B 40 1 2\.50% 1 £42\.50 0 \/ 0 \/ 1/);
  });

  it("checking the test from the page decides it", async () => {
    const res = await fetch(`${server.url}/app/campaigns/${campaignId}`, { method: "POST", body: new URLSearchParams({ intent: "decide" }) });
    expect(res.status).toBe(200);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { variants: true } });
    expect(campaign.testStatus).toBe("decided");
    expect(campaign.winnerVariantId).toBe(campaign.variants.find((v) => v.label === "B")!.id);
    expect(text(await (await fetch(`${server.url}/app/campaigns/${campaignId}`)).text())).toMatch(/B Our autumn teas are in 40 20 20 1 50\.00% - winner/);
  });

  it("the Attribution page lists conversion and revenue per campaign and per program", async () => {
    const res = await fetch(`${server.url}/app/attribution`);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toMatch(/Tea A\/B 80 1 1\.25% 1 £42\.50 0 \/ 0 \/ 1/);
    expect(page).toMatch(/Thank-you \(post_purchase\) 1 1 100\.00% 1 £19\.00 1 \/ 0 \/ 0/);
  });

  it("credits new orders when asked, not when the page is opened", async () => {
    // GIVEN the program's customer orders again through the email's link
    const buyer = await db.customer.findFirstOrThrow({ where: { externalId: "p1" } });
    await db.order.create({ data: { shopId: buyer.shopId, externalId: "o3", customerId: buyer.id, processedAt: day(5), totalPrice: 10, subtotalPrice: 10, currency: "GBP", landingSite: "/?pearl_t=programSendToken000001" } });
    // WHEN the page is opened THEN the order is not credited yet
    expect(text(await (await fetch(`${server.url}/app/attribution`)).text())).toMatch(/Thank-you \(post_purchase\) 1 1 100\.00% 1 £19\.00/);
    // WHEN the merchant asks for it THEN it is
    const credited = await fetch(`${server.url}/app/attribution`, { method: "POST", body: new URLSearchParams({}) });
    expect(credited.status).toBe(200);
    expect(text(await (await fetch(`${server.url}/app/attribution`)).text())).toMatch(/Thank-you \(post_purchase\) 1 1 100\.00% 2 £29\.00 2 \/ 0 \/ 0/);
  });
});

describe("the new-campaign form's A/B test", () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries({ name: "Sale", templateId: "t1", segmentId: "s1", holdoutPercent: "10", attributionDays: "14", ...fields })) f.append(k, v);
    return f;
  };
  it("reads a variant B subject, the test share and the metric; no subject, no test", () => {
    expect(parseCampaignForm(form({ variantSubject: " Last days ", testPercent: "25", testMetric: "order" }))).toMatchObject({ ok: true, input: { test: { subject: "Last days", testPercent: 25, metric: "order" } } });
    const plain = parseCampaignForm(form({ variantSubject: "", testPercent: "25" }));
    expect(plain.ok && plain.input.test).toBeUndefined();
  });
  it.each([["testPercent", "0"], ["testPercent", "150"], ["testMetric", "open"]])("refuses %s = %s", (field, value) => {
    expect(parseCampaignForm(form({ variantSubject: "B", testPercent: "20", testMetric: "click", [field]: value }))).toMatchObject({ ok: false });
  });
});
