/**
 * Attribution and A/B benchmark: `npm run bench:attribution [-- --customers 20000 --orders 50000]`.
 *
 * Store: a fresh SQLite database with one shop, `--customers` customers, a
 * campaign sent to all of them (10% control, a 20% A/B test of two variants,
 * the rest sent the winner a day later) and `--orders` orders spread over the
 * 30 days after the send: 10% landing with a recipient's pearl_t, 10% with the
 * campaign's UTM only, the rest plain. Timed:
 *   full pass         attributeShopOrders over every order (the first run)
 *   incremental pass  the same after 1,000 new orders (the watermark at work)
 *   A/B report        abTestReport (figures per variant and the decision)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { trackingToken } from "../app/activation/trackingToken.ts";
import { attributeShopOrders } from "../app/attribution/attributeOrders.server.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { createDb } from "../app/db.server.ts";
import { abTestReport } from "../app/experiments/abTest.server.ts";
import { installShop } from "../app/store/installShop.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const CUSTOMERS = arg("customers", 20_000);
const ORDERS = arg("orders", 50_000);
const DAY = 86_400_000;

// A seeded generator (mulberry32), so every run builds the same store.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const dir = mkdtempSync(path.join(tmpdir(), "pearl-bench-attribution-"));
const target = { provider: "sqlite" as const, url: `file:${path.join(dir, "pearl.db")}` };
await migrateDatabase(target);
const db = createDb(target);
try {
  const shop = await installShop(db, { domain: "bench-attribution.myshopify.com", platform: "shopify", currency: "GBP" });
  const template = await db.emailTemplate.create({ data: { shopId: shop.id, name: "t", subject: "Hi", mjml: "<mjml><mj-body></mj-body></mjml>" } });
  const sentAt = new Date(Date.now() - 40 * DAY);
  const campaign = await db.campaign.create({ data: { shopId: shop.id, templateId: template.id, name: "Bench", segmentIds: "[]", status: "sent", sentAt, testShare: 0.2, testMetric: "order", testStatus: "decided", decidedAt: new Date(sentAt.getTime() + DAY / 2), attributionDays: 14 } });
  const variants = [await db.campaignVariant.create({ data: { campaignId: campaign.id, label: "A" } }), await db.campaignVariant.create({ data: { campaignId: campaign.id, label: "B", subject: "Other" } })];
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({ id: `cust-${i}`, shopId: shop.id, externalId: String(i), email: `c${i}@example.com` }));
  const recipients = customers.map((c, i) => {
    const control = i % 10 === 0;
    const inTest = !control && i % 5 === 1;
    return { campaignId: campaign.id, customerId: c.id, segmentId: "s", control, token: trackingToken(shop.urlSecret, campaign.id, c.id), status: control ? "held" : "sent", variantId: control ? null : inTest ? variants[i % 2].id : variants[1].id, sentAt: control ? null : new Date(sentAt.getTime() + (inTest ? 0 : DAY)) };
  });
  for (let i = 0; i < customers.length; i += 1000) await db.customer.createMany({ data: customers.slice(i, i + 1000) });
  for (let i = 0; i < recipients.length; i += 1000) await db.campaignRecipient.createMany({ data: recipients.slice(i, i + 1000) });
  const order = (n: number, at: number) => {
    const r = recipients[Math.floor(random() * recipients.length)];
    const kind = random();
    const price = Math.round(random() * 10_000) / 100;
    const landingSite = kind < 0.1 ? `/products/x?utm_source=pearl&utm_campaign=${campaign.id}&pearl_t=${r.token}` : kind < 0.2 ? `/?utm_source=pearl&utm_campaign=${campaign.id}` : null;
    return { shopId: shop.id, externalId: `o${n}`, customerId: r.customerId, processedAt: new Date(at), totalPrice: price, subtotalPrice: price, currency: "GBP", landingSite };
  };
  const orders = Array.from({ length: ORDERS }, (_, n) => order(n, sentAt.getTime() + random() * 30 * DAY));
  for (let i = 0; i < orders.length; i += 1000) await db.order.createMany({ data: orders.slice(i, i + 1000) });

  let t0 = performance.now();
  const full = await attributeShopOrders(db, shop.id);
  const fullMs = performance.now() - t0;
  // Past the 5-minute overlap, as the next scheduled run would be.
  await db.shop.update({ where: { id: shop.id }, data: { attributedThrough: new Date(Date.now() + 6 * 60_000) } });
  const later = Array.from({ length: 1000 }, (_, n) => order(ORDERS + n, Date.now() - random() * DAY));
  await db.order.createMany({ data: later.map((o) => ({ ...o, updatedAt: new Date(Date.now() + 7 * 60_000) })) });
  t0 = performance.now();
  const incremental = await attributeShopOrders(db, shop.id);
  const incrementalMs = performance.now() - t0;
  t0 = performance.now();
  const report = await abTestReport(db, campaign.id);
  const reportMs = performance.now() - t0;

  console.log(JSON.stringify({
    customers: CUSTOMERS, orders: ORDERS, load: loadavg().map((l) => Number(l.toFixed(2))),
    fullPass: { ms: Math.round(fullMs), ordersPerSecond: Math.round(full.examined / (fullMs / 1000)), ...full },
    incrementalPass: { ms: Math.round(incrementalMs), ...incremental },
    abTestReport: { ms: Math.round(reportMs), variants: report?.variants.map((v) => ({ label: v.label, recipients: v.recipients, orders: v.orders, restRecipients: v.restRecipients })) },
  }, null, 1));
} finally {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}
