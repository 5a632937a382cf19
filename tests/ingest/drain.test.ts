import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { drainInbox } from "../../app/ingest/drainInbox.server.ts";
import { InboxWriter } from "../../app/ingest/inboxWriter.server.ts";
import { openSqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { shopifyFixture, withFields } from "../helpers/fixtures.ts";
import { refundPayload } from "../helpers/payloads.ts";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb.ts";

describe.each(databaseTargets())("the inbox drain on %s", (_name, target) => {
  let db: Db;
  let shop: { id: string; domain: string };
  let inbox: InboxWriter;

  beforeAll(async () => {
    db = openDb(target);
    inbox = new InboxWriter(openSqlExecutor(target));
  });
  afterAll(() => db.$disconnect());

  const deliver = (topic: string, payload: string, webhookId = randomUUID()) =>
    inbox.write({ webhookId, shopDomain: shop.domain, topic, apiVersion: "2026-07", eventId: null, triggeredAt: new Date(), payload });
  const orderId = "820982911946154508";
  const storedOrder = () => db.order.findUnique({ where: { shopId_externalId: { shopId: shop.id, externalId: orderId } }, include: { lines: true } });

  beforeAll(async () => {
    shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
  });

  it("an older updated_at never overwrites a newer one, whatever the arrival order", async () => {
    // GIVEN the newer version arrives first
    await deliver("orders/updated", withFields(shopifyFixture("orders-create"), { updated_at: "2022-01-02T00:00:00Z", financial_status: "paid", name: "#NEW" }));
    await deliver("orders/create", withFields(shopifyFixture("orders-create"), { updated_at: "2022-01-01T00:00:00Z", financial_status: "pending", name: "#OLD" }));
    // WHEN the drain runs
    const result = await drainInbox(db);
    // THEN the newer one stays
    expect(result).toMatchObject({ processed: 2, failed: 0 });
    expect(await storedOrder()).toMatchObject({ name: "#NEW", financialStatus: "paid" });
  });

  it("keeps where the buyer landed and came from, for attribution", async () => {
    // GIVEN an order whose buyer came from a Pearl email link
    const landing = "/products/aviator?utm_source=pearl&utm_medium=email&utm_campaign=c1&pearl_t=abcdefghijklmnopqrstuv";
    await deliver("orders/updated", withFields(shopifyFixture("orders-create"), { updated_at: "2022-01-03T00:00:00Z", landing_site: landing, referring_site: "https://mail.example.com/" }));
    // WHEN the drain runs
    expect(await drainInbox(db)).toMatchObject({ processed: 1, failed: 0 });
    // THEN both are stored as sent
    expect(await storedOrder()).toMatchObject({ landingSite: landing, referringSite: "https://mail.example.com/" });
  });

  it("text no store can hold (lone surrogates, NUL) is cleaned, not a reason to lose the delivery", async () => {
    // GIVEN a customer whose name holds a lone surrogate and whose note holds NULs (JSON escapes, valid JSON)
    const body = withFields(shopifyFixture("customers-create"), { id: 5150, admin_graphql_api_id: "gid://shopify/Customer/5150", first_name: "Zo\ud800e", note: "gift\u0000 for mum 🎁", email: "odd.unicode@example.com" });
    await deliver("customers/create", body);
    // WHEN the drain runs
    expect(await drainInbox(db)).toMatchObject({ processed: 1, failed: 0, retried: 0 });
    // THEN the customer is stored with what can be kept
    const stored = await db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: "5150" } } });
    expect(stored).toMatchObject({ firstName: "Zo\ufffde", note: "gift for mum 🎁" });
  });

  it("the same delivery applied twice changes nothing", async () => {
    const body = withFields(shopifyFixture("orders-create"), { updated_at: "2022-01-02T00:00:00Z", name: "#NEW" });
    await deliver("orders/updated", body);
    await deliver("orders/updated", body);
    await drainInbox(db);
    const order = await storedOrder();
    expect(order?.lines).toHaveLength(5);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("a refund that arrives before its order waits and is applied once the order is there", async () => {
    const refundOrder = "777000777";
    const webhookId = randomUUID();
    await deliver("refunds/create", refundPayload(4242, refundOrder), webhookId);
    const first = await drainInbox(db);
    expect(first).toMatchObject({ processed: 0, retried: 1 });
    const waiting = await db.webhookInbox.findUniqueOrThrow({ where: { webhookId } });
    expect(waiting.lastError).toMatch(/not stored yet/);
    expect(waiting.nextAttemptAt).not.toBeNull();

    await deliver("orders/create", withFields(shopifyFixture("orders-create"), { id: Number(refundOrder), admin_graphql_api_id: `gid://shopify/Order/${refundOrder}` }));
    await drainInbox(db);
    // the retry comes due
    await db.webhookInbox.update({ where: { webhookId }, data: { nextAttemptAt: new Date(0) } });
    await drainInbox(db);
    const refund = await db.refund.findUnique({ where: { shopId_externalId: { shopId: shop.id, externalId: "4242" } }, include: { order: true } });
    expect(refund?.order.externalId).toBe(refundOrder);
  });

  it("entries left claimed by a crashed worker are drained once the claim lapses", async () => {
    const webhookId = randomUUID();
    await deliver("customers/create", shopifyFixture("customers-create"), webhookId);
    // GIVEN a worker claimed it and died
    await db.webhookInbox.update({ where: { webhookId }, data: { claimedBy: "dead-worker", claimedUntil: new Date(Date.now() + 60_000) } });
    expect((await drainInbox(db)).processed).toBe(0);
    // WHEN its lease runs out
    await db.webhookInbox.update({ where: { webhookId }, data: { claimedUntil: new Date(Date.now() - 1) } });
    // THEN the next drain takes it over
    expect((await drainInbox(db)).processed).toBe(1);
    expect((await db.webhookInbox.findUniqueOrThrow({ where: { webhookId } })).processedAt).not.toBeNull();
  });

  it("concurrent drains apply each entry exactly once", async () => {
    const ids = Array.from({ length: 60 }, () => randomUUID());
    await Promise.all(ids.map((id, i) =>
      deliver("customers/create", JSON.stringify({ id: 5_000_000 + i, email: `c${i}@example.com`, updated_at: "2022-01-01T00:00:00Z" }), id)));
    const results = await Promise.all([drainInbox(db, { batchSize: 7 }), drainInbox(db, { batchSize: 11 }), drainInbox(db, { batchSize: 13 })]);
    expect(results.reduce((n, r) => n + r.processed, 0)).toBe(60);
    expect(await db.webhookInbox.count({ where: { webhookId: { in: ids }, processedAt: { not: null } } })).toBe(60);
    expect(await db.customer.count({ where: { shopId: shop.id, email: { startsWith: "c" } } })).toBe(60);
  });

  it("concurrent drains racing to create the same new customer retry quietly and apply everything", async () => {
    // GIVEN versions of one new customer, all due at once
    const ids = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(ids.map((id, i) =>
      deliver("customers/update", JSON.stringify({ id: 6_100_000, email: "race@example.com", first_name: `v${i}`, updated_at: `2022-01-01T00:00:${String(i).padStart(2, "0")}Z` }), id)));
    // WHEN four drains take them one at a time, then whatever the losers left for later
    await Promise.all([1, 2, 3, 4].map(() => drainInbox(db, { batchSize: 1 })));
    for (let round = 0; round < 20 && (await db.webhookInbox.count({ where: { webhookId: { in: ids }, processedAt: null } })) > 0; round++) {
      await db.webhookInbox.updateMany({ where: { webhookId: { in: ids }, processedAt: null }, data: { nextAttemptAt: null } });
      await drainInbox(db);
    }
    // THEN every entry is applied, one customer exists, and it is the newest version (no console.error on the way)
    expect(await db.webhookInbox.count({ where: { webhookId: { in: ids }, processedAt: { not: null } } })).toBe(12);
    const customers = await db.customer.findMany({ where: { shopId: shop.id, externalId: "6100000" } });
    expect(customers.map((c) => c.firstName)).toEqual(["v11"]);
  });

  it("a payload that cannot be translated is set aside with its error, not retried forever", async () => {
    const webhookId = randomUUID();
    await deliver("orders/create", JSON.stringify({ note: "no id" }), webhookId);
    await drainInbox(db);
    const entry = await db.webhookInbox.findUniqueOrThrow({ where: { webhookId } });
    expect(entry.failedAt).not.toBeNull();
    expect(entry.lastError).toBe("payload has no order id");
  });

  it("a corrupted entry is set aside at once", async () => {
    const webhookId = randomUUID();
    await db.webhookInbox.create({ data: { webhookId, shopDomain: shop.domain, topic: "orders/create", payload: "{not json" } });
    await drainInbox(db);
    expect(await db.webhookInbox.findUniqueOrThrow({ where: { webhookId } })).toMatchObject({ attempts: 1, lastError: "payload is not valid JSON" });
  });
});
