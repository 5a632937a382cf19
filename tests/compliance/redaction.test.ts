import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { drainInbox } from "../../app/ingest/drainInbox.server.ts";
import { InboxWriter } from "../../app/ingest/inboxWriter.server.ts";
import { openSqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { dumpDatabase } from "../helpers/dumpDatabase.ts";
import { shopifyFixture } from "../helpers/fixtures.ts";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb.ts";

// The customer of Shopify's customers/redact sample (id 191167, orders 299938,
// 280263, 220458), given a full identity first. The identity is unique to this
// run: the PostgreSQL database is shared with test files running alongside.
const tag = randomUUID().slice(0, 8);
const JOHN = {
  id: 191167,
  email: `john.${tag}@example.com`,
  first_name: `Johnathan${tag}`,
  last_name: `Redactable${tag}`,
  phone: `555-${tag}`,
  updated_at: "2022-01-01T00:00:00Z",
  default_address: { name: `Johnathan${tag} Redactable${tag}`, address1: `42 Wallaby Way ${tag}`, city: `Sydneyville${tag}`, zip: `S1-${tag}`, country_code: "AU" },
};
const SECRETS = [JOHN.email, JOHN.first_name, JOHN.last_name, JOHN.default_address.address1, JOHN.default_address.city, JOHN.default_address.zip, JOHN.phone, `Mrs Giftee${tag}`, `7 Present Lane ${tag}`];
const redactRequest = () => shopifyFixture("customers-redact").replace("john@example.com", JOHN.email);
const dataRequest = () => shopifyFixture("customers-data_request").replace("john@example.com", JOHN.email);

function johnsOrder(id: number) {
  return JSON.stringify({
    id,
    email: JOHN.email,
    name: `#${id}`,
    currency: "USD",
    total_price: "50.00",
    subtotal_price: "50.00",
    processed_at: "2022-01-10T10:00:00Z",
    updated_at: "2022-01-10T10:00:00Z",
    note: `Happy birthday Mrs Giftee${tag}`,
    customer: JOHN,
    billing_address: JOHN.default_address,
    shipping_address: { name: `Mrs Giftee${tag}`, address1: `7 Present Lane ${tag}`, city: "Elsewhere", zip: "E1", country_code: "AU" },
    line_items: [{ id: id + 1, product_id: 11, variant_id: 12, title: "Teapot", quantity: 1, price: "50.00" }],
  });
}

describe.each(databaseTargets())("customers/redact on %s", (_name, target) => {
  let db: Db;
  let shop: { id: string; domain: string };
  let inbox: InboxWriter;
  const deliver = (topic: string, payload: string) =>
    inbox.write({ webhookId: randomUUID(), shopDomain: shop.domain, topic, apiVersion: "2026-07", eventId: null, triggeredAt: new Date(), payload });

  beforeAll(async () => {
    db = openDb(target);
    inbox = new InboxWriter(openSqlExecutor(target));
    shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    // GIVEN John as a customer, three orders (one a gift), a checkout, browsing, and a data export
    await deliver("customers/create", JSON.stringify(JOHN));
    for (const id of [299938, 280263, 220458]) await deliver("orders/create", johnsOrder(id));
    await deliver("checkouts/create", JSON.stringify({ token: "tok-john", email: JOHN.email, customer: JOHN, created_at: "2022-01-09T00:00:00Z", line_items: [] }));
    await deliver("customers/data_request", dataRequest());
    await drainInbox(db);
    const john = await db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: "191167" } } });
    await db.browseEvent.create({
      data: { shopId: shop.id, eventId: randomUUID(), name: "page_viewed", clientId: "client-john", customerId: john.id, customerExternalId: "191167", occurredAt: new Date(), url: `https://shop.example/?email=${JOHN.email}` },
    });
  });
  afterAll(() => db.$disconnect());

  it("the store held John's identity before", async () => {
    const dump = await dumpDatabase(db, target);
    for (const secret of SECRETS) expect(dump).toContain(secret);
  });

  it("leaves nothing that names, reaches or locates him, and keeps the anonymous sales", async () => {
    // WHEN Shopify asks to redact him
    await deliver("customers/redact", redactRequest());
    await drainInbox(db);
    // THEN no table holds his e-mail, names, phone or addresses (his recipient's neither)
    const dump = await dumpDatabase(db, target);
    for (const secret of SECRETS) expect(dump, secret).not.toContain(secret);
    expect(await db.browseEvent.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await db.dataExport.count({ where: { shopId: shop.id } })).toBe(0);
    // while revenue and what was bought stay
    const orders = await db.order.findMany({ where: { shopId: shop.id }, include: { lines: true } });
    expect(orders).toHaveLength(3);
    expect(orders.every((o) => Number(o.totalPrice) === 50 && o.lines.length === 1 && o.shipsElsewhere)).toBe(true);
    const john = await db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: "191167" } } });
    expect(john.redactedAt).not.toBeNull();
  });

  it("a later update of the redacted customer does not bring his identity back", async () => {
    await deliver("customers/update", JSON.stringify({ ...JOHN, updated_at: "2030-01-01T00:00:00Z" }));
    await drainInbox(db);
    const john = await db.customer.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: "191167" } } });
    expect(john.email).toBeNull();
  });
});

describe.each(databaseTargets())("customers/data_request on %s", (_name, target) => {
  it("exports the customer's orders, checkouts and browsing as one document", async () => {
    const db = openDb(target);
    const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    const inbox = new InboxWriter(openSqlExecutor(target));
    const deliver = (topic: string, payload: string) =>
      inbox.write({ webhookId: randomUUID(), shopDomain: shop.domain, topic, apiVersion: "2026-07", eventId: null, triggeredAt: new Date(), payload });
    await deliver("customers/create", JSON.stringify(JOHN));
    await deliver("orders/create", johnsOrder(299938));
    await deliver("customers/data_request", dataRequest());
    await drainInbox(db);
    const exported = await db.dataExport.findUniqueOrThrow({ where: { shopId_requestId: { shopId: shop.id, requestId: "9999" } } });
    const doc = JSON.parse(exported.document);
    expect(doc.customer).toMatchObject({ email: JOHN.email, firstName: JOHN.first_name, city: JOHN.default_address.city });
    expect(doc.orders.map((o: { externalId: string }) => o.externalId)).toEqual(["299938"]);
    expect(doc.orders[0].lines[0]).toMatchObject({ title: "Teapot", quantity: 1 });
    await db.$disconnect();
  });
});
