import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedWebhookRequest } from "../../app/demo/signWebhook.ts";
import { WEBHOOK_TOPICS, type WebhookTopic } from "../../app/ingest/webhookTopics.ts";
import { inboxSettled, startTestApp, TEST_SECRET, type TestApp } from "../helpers/appServer.ts";
import { shopifyFixture, withFields } from "../helpers/fixtures.ts";
import { deletePayload, productPayload, refundPayload, shopRedactPayload, uninstalledPayload } from "../helpers/payloads.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.close();
});

function post(topic: string, body: string, options: { shop?: string; webhookId?: string; secret?: string; route?: string; headers?: Record<string, string | null> } = {}) {
  const { url, init } = signedWebhookRequest({
    url: `${app.url}/webhooks/${options.route ?? topic}`,
    topic,
    shop: options.shop ?? app.shop.domain,
    webhookId: options.webhookId ?? randomUUID(),
    body,
    secret: options.secret ?? TEST_SECRET,
    apiVersion: "2026-07",
    triggeredAt: new Date().toISOString(),
  });
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return fetch(url, { ...init, headers });
}

const inboxCount = () => app.db.webhookInbox.count();

describe("every subscribed topic", () => {
  // GIVEN Shopify's sample payload of each topic, signed with the app secret
  const samples: Record<WebhookTopic, () => string> = {
    "orders/create": () => shopifyFixture("orders-create"),
    "orders/updated": () => withFields(shopifyFixture("orders-create"), { updated_at: "2022-01-02T10:00:00-05:00", financial_status: "paid", cancelled_at: null }),
    "orders/cancelled": () => withFields(shopifyFixture("orders-create"), { updated_at: "2022-01-05T10:00:00-05:00" }),
    "refunds/create": () => refundPayload(509562969),
    "carts/create": () => shopifyFixture("carts-update"),
    "carts/update": () => withFields(shopifyFixture("carts-update"), { updated_at: "2022-01-01T01:00:00.000Z" }),
    "checkouts/create": () => shopifyFixture("checkouts-create"),
    "checkouts/update": () => withFields(shopifyFixture("checkouts-create"), { updated_at: "2022-01-01T00:10:00-05:00" }),
    "customers/create": () => shopifyFixture("customers-create"),
    "customers/update": () => withFields(shopifyFixture("customers-create"), { updated_at: "2022-01-01T10:00:00-05:00", note: "Prefers dark chocolate" }),
    "customers/delete": () => deletePayload("999000111"),
    "products/create": () => productPayload(632910392, "2021-12-01T10:00:00-05:00"),
    "products/update": () => productPayload(632910392, "2021-12-02T10:00:00-05:00", { title: "Aviator sunglasses II" }),
    "products/delete": () => deletePayload("123456789"),
    "bulk_operations/finish": () => shopifyFixture("bulk_operations-finish"),
    "customers/data_request": () => shopifyFixture("customers-data_request"),
    "customers/redact": () => shopifyFixture("customers-redact"),
    "app/uninstalled": () => uninstalledPayload(app.shop.domain),
    "shop/redact": () => shopRedactPayload(app.shop.domain),
  };

  it.each(WEBHOOK_TOPICS.filter((t) => t !== "shop/redact" && t !== "app/uninstalled"))("%s is acknowledged and stored in the inbox", async (topic) => {
    // WHEN it is delivered to its route
    const before = await inboxCount();
    const res = await post(topic, samples[topic]());
    // THEN 200, and exactly one inbox entry
    expect(res.status).toBe(200);
    expect(await inboxCount()).toBe(before + 1);
  });

  it("translates every delivery into the store", async () => {
    await inboxSettled(app.db);
    const shopId = app.shop.id;
    const failed = await app.db.webhookInbox.findMany({ where: { failedAt: { not: null } }, select: { topic: true, lastError: true } });
    expect(failed).toEqual([]);

    const order = await app.db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "820982911946154508" } }, include: { lines: true, refunds: { include: { lines: true } } } });
    // the later orders/cancelled (updated 2022-01-05) is the version kept
    expect(order.sourceUpdatedAt?.toISOString()).toBe("2022-01-05T15:00:00.000Z");
    expect(order.lines).toHaveLength(5);
    expect(Number(order.totalPrice)).toBeCloseTo(404.95);
    expect(order.shipsElsewhere).toBe(false); // the sample ships to its billing address
    expect(order.refunds).toHaveLength(1);
    expect(Number(order.refunds[0].amount)).toBeCloseTo(89.99);
    const buyer = await app.db.customer.findUniqueOrThrow({ where: { id: order.customerId! } });
    expect(buyer.externalId).toBe("115310627314723954");

    const cart = await app.db.cart.findUniqueOrThrow({ where: { shopId_token: { shopId, token: "exampleCartId" } }, include: { lines: true } });
    expect(cart.sourceUpdatedAt?.toISOString()).toBe("2022-01-01T01:00:00.000Z");
    expect(cart.lines).toEqual([expect.objectContaining({ quantity: 3, variantExternalId: "704912205188288575" })]);

    const checkout = await app.db.checkout.findUniqueOrThrow({ where: { shopId_token: { shopId, token: "123123123" } }, include: { lines: true } });
    expect(checkout.cartToken).toBe("eeafa272cebfd4b22385bc4b645e762c");
    expect(checkout.lines.length).toBeGreaterThan(0);

    const bob = await app.db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "706405506930370084" } } });
    expect(bob).toMatchObject({ email: "bob@biller.com", note: "Prefers dark chocolate", city: "Ottawa" });
    expect((await app.db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "999000111" } } })).deletedAt).not.toBeNull();

    const product = await app.db.product.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "632910392" } }, include: { variants: true } });
    expect(product.title).toBe("Aviator sunglasses II");
    expect(product.variants.map((v) => Number(v.price)).sort()).toEqual([84.99, 89.99]);
    expect((await app.db.product.findUniqueOrThrow({ where: { shopId_externalId: { shopId, externalId: "123456789" } } })).deletedAt).not.toBeNull();

    // customers/data_request produced an export; customers/redact of the same customer,
    // delivered after it, erased it again (both are checked in tests/compliance).
    const processed = await app.db.webhookInbox.findMany({ where: { topic: { in: ["customers/data_request", "customers/redact"] } }, select: { processedAt: true, failedAt: true } });
    expect(processed).toHaveLength(2);
    expect(processed.every((e) => e.processedAt && !e.failedAt)).toBe(true);
    expect(await app.db.dataExport.count({ where: { shopId } })).toBe(0);
  });

  it("app/uninstalled removes the shop's sessions and shop/redact removes the shop", async () => {
    const domain = app.shop.domain;
    await app.db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "x", accessToken: "shpat_x" } });
    expect((await post("app/uninstalled", samples["app/uninstalled"]())).status).toBe(200);
    await inboxSettled(app.db);
    expect(await app.db.session.count({ where: { shop: domain } })).toBe(0);
    expect((await app.db.shop.findUniqueOrThrow({ where: { domain } })).uninstalledAt).not.toBeNull();

    expect((await post("shop/redact", samples["shop/redact"]())).status).toBe(200);
    await inboxSettled(app.db);
    expect(await app.db.shop.count({ where: { domain } })).toBe(0);
    expect(await app.db.order.count()).toBe(0);
    expect(await app.db.webhookInbox.count({ where: { shopDomain: domain } })).toBe(0);
  });
});

describe("bad deliveries store nothing", () => {
  let other: TestApp;
  beforeAll(async () => {
    other = app;
    const { installShop } = await import("../../app/store/installShop.ts");
    other = { ...app, shop: await installShop(app.db, { domain: `bad-${randomUUID().slice(0, 6)}.myshopify.com`, platform: "shopify" }) };
  });

  const order = () => shopifyFixture("orders-create");

  it.each([
    ["a forged signature", { secret: "not-the-secret" }, 401],
    ["no signature", { headers: { "x-shopify-hmac-sha256": null } }, 401],
    ["an empty signature", { headers: { "x-shopify-hmac-sha256": "" } }, 401],
    ["no webhook id", { headers: { "x-shopify-webhook-id": null } }, 400],
    ["no shop domain", { headers: { "x-shopify-shop-domain": null } }, 400],
    ["a topic sent to another topic's route", { route: "products/create" }, 400],
    ["a shop that is not installed", { shop: "nobody.myshopify.com" }, 404],
    ["a domain that is not a shop", { shop: "evil.example.com" }, 400],
  ] as const)("%s -> %i", async (_name, options, status) => {
    const before = await inboxCount();
    const res = await post("orders/create", order(), { shop: other.shop.domain, ...options });
    expect(res.status).toBe(status);
    expect(await inboxCount()).toBe(before);
  });

  it("malformed JSON, correctly signed -> 400", async () => {
    const before = await inboxCount();
    const res = await post("orders/create", order().slice(0, 200), { shop: other.shop.domain });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "body is not valid JSON" });
    expect(await inboxCount()).toBe(before);
  });

  it("a JSON array instead of an object -> 400", async () => {
    expect((await post("orders/create", "[1,2,3]", { shop: other.shop.domain })).status).toBe(400);
  });

  it("an oversized body -> 413, without reading it all", async () => {
    const before = await inboxCount();
    const huge = JSON.stringify({ id: 1, note: "x".repeat(3 * 1024 * 1024) });
    const res = await post("orders/create", huge, { shop: other.shop.domain });
    expect(res.status).toBe(413);
    expect(await inboxCount()).toBe(before);
  });

  it("GET -> 405", async () => {
    expect((await fetch(`${app.url}/webhooks/orders/create`)).status).toBe(405);
  });

  it("a repeated delivery (same webhook id) stores nothing new", async () => {
    const webhookId = randomUUID();
    const body = shopifyFixture("customers-create");
    const first = await post("customers/create", body, { shop: other.shop.domain, webhookId });
    const before = await inboxCount();
    const again = await Promise.all([1, 2, 3].map(() => post("customers/create", body, { shop: other.shop.domain, webhookId })));
    expect([first.status, ...again.map((r) => r.status)]).toEqual([200, 200, 200, 200]);
    expect(await inboxCount()).toBe(before);
    expect(await app.db.webhookInbox.count({ where: { webhookId } })).toBe(1);
  });
});

describe("the Remix route, for deployments without the fast path", () => {
  it("answers as the fast path does: 401 forged, 200 and stored when signed", async () => {
    const { action } = await import("../../app/routes/webhooks.customers.create.tsx");
    const { installShop } = await import("../../app/store/installShop.ts");
    const shop = await installShop(app.db, { domain: `route-${randomUUID().slice(0, 6)}.myshopify.com`, platform: "shopify" });
    const call = (secret: string, webhookId: string) => {
      const { url, init } = signedWebhookRequest({ url: `${app.url}/webhooks/customers/create`, topic: "customers/create", shop: shop.domain, webhookId, body: shopifyFixture("customers-create"), secret, apiVersion: "2026-07" });
      return action({ request: new Request(url, init), params: {}, context: {} });
    };
    expect((await call("forged", randomUUID())).status).toBe(401);
    const webhookId = randomUUID();
    expect((await call(TEST_SECRET, webhookId)).status).toBe(200);
    expect(await app.db.webhookInbox.count({ where: { webhookId } })).toBe(1);
  });
});
