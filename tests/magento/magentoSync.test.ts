import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMagentoTarget, saveMagentoConnection } from "../../app/magento/connection.ts";
import { MagentoClient, MagentoError, type MagentoAuth } from "../../app/magento/magentoClient.ts";
import { syncMagento } from "../../app/magento/syncMagento.ts";
import * as magento from "../../app/magento/translate.ts";
import type { Db } from "../../app/db.server.ts";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb.ts";
import { BEARER, magentoOrderFixture, OAUTH, startFakeMagento, type Json } from "./fakeMagento.ts";

// The store: Adobe's tutorial order (../shared/fixtures/magento/order.json)
// placed six times by its customer, for its product, each from its own quote.
// Customers, products and carts are built from the order's own values in the
// shapes of Magento's CustomerInterface, ProductInterface and CartInterface.
const fixture = magentoOrderFixture();
const item = (fixture.items as Json[])[0];
const billing = fixture.billing_address as Json;

function orderCopy(k: number, updatedAt: string): Json {
  const o = structuredClone(fixture);
  o.entity_id = 100 + k;
  o.increment_id = String(100000100 + k);
  o.quote_id = 200 + k;
  o.created_at = updatedAt;
  o.updated_at = updatedAt;
  o.items = (o.items as Json[]).map((i) => ({ ...i, item_id: 1000 + k, order_id: 100 + k }));
  return o;
}

function storeData() {
  // Four orders share one second: with pages of two, a page ends inside that second.
  const orders = [orderCopy(0, "2017-08-21 22:22:20"), ...[1, 2, 3, 4].map((k) => orderCopy(k, "2017-08-22 10:00:00")), orderCopy(5, "2017-08-23 09:30:00")];
  const customers: Json[] = [{
    id: fixture.customer_id, group_id: fixture.customer_group_id, default_billing: String(billing.entity_id), created_at: "2017-08-01 08:00:00", updated_at: "2017-08-01 08:00:00",
    email: fixture.customer_email, firstname: fixture.customer_firstname, lastname: fixture.customer_lastname, store_id: 1, website_id: 1,
    addresses: [{ id: billing.entity_id, customer_id: fixture.customer_id, region: { region_code: billing.region_code, region: billing.region, region_id: billing.region_id }, region_id: billing.region_id, country_id: billing.country_id, street: billing.street, telephone: billing.telephone, postcode: billing.postcode, city: billing.city, firstname: billing.firstname, lastname: billing.lastname, default_billing: true }],
    extension_attributes: { is_subscribed: true },
  }];
  const products: Json[] = [{
    id: item.product_id, sku: item.sku, name: item.name, attribute_set_id: 9, price: item.price, status: 1, visibility: 1, type_id: item.product_type,
    created_at: "2017-07-01 00:00:00", updated_at: "2017-07-01 00:00:00",
    custom_attributes: [{ attribute_code: "url_key", value: "radiant-tee-m-orange" }, { attribute_code: "image", value: "/w/s/ws12-orange_main_1.jpg" }],
  }];
  const carts: Json[] = orders.map((o) => ({
    id: o.quote_id, created_at: o.created_at, updated_at: o.updated_at, is_active: false, items_count: 1, items_qty: item.qty_ordered,
    items: [{ item_id: 5000 + Number(o.entity_id), sku: item.sku, qty: item.qty_ordered, name: item.name, price: item.price, product_type: item.product_type, quote_id: String(o.quote_id) }],
    customer: { id: fixture.customer_id, email: fixture.customer_email, firstname: fixture.customer_firstname, lastname: fixture.customer_lastname },
  }));
  return { orders, customers, products, carts };
}

describe("Magento payloads -> canonical records", () => {
  it("translates the tutorial order like a Shopify order: ids, money, buyer, addresses, lines, UTC dates", () => {
    const rec = magento.order(fixture);
    expect(rec).toMatchObject({
      externalId: "3",
      name: "000000003",
      email: "jdoe@example.com",
      currency: "USD",
      subtotalPrice: 160,
      totalPrice: 165,
      totalDiscounts: 0,
      totalTax: 0,
      financialStatus: "pending",
      fulfillmentStatus: null,
      cancelledAt: null,
      cartToken: "4",
      sourceName: "magento",
      processedAt: new Date("2017-08-21T22:22:19Z"),
      sourceUpdatedAt: new Date("2017-08-21T22:22:20Z"),
      billing: { name: "Jane Doe", address1: "123 Oak Ave", city: "Purchase", zip: "10577", province: "NY", country: "US" },
      shipping: { name: "Jane Doe", address1: "123 Oak Ave", city: "Purchase", zip: "10577", province: "NY", country: "US" },
    });
    expect(rec.customer).toMatchObject({ externalId: "3", email: "jdoe@example.com", firstName: "Jane", lastName: "Doe" });
    expect(rec.lines).toEqual([{ externalId: "3", productExternalId: "1553", variantExternalId: "1553", sku: "WS12-M-Orange", title: "Radiant Tee-M-Orange", variantTitle: null, vendor: null, quantity: 1, price: 22, totalDiscount: 0, giftCard: false, giftWrap: false }]);
  });

  it("refuses an order without its entity_id", () => {
    const { entity_id: _, ...withoutId } = fixture;
    expect(() => magento.order(withoutId)).toThrow(magento.MagentoTranslationError);
  });
});

describe.each(databaseTargets())("Magento sync on %s", (_name, target) => {
  let db: Db;
  let fake: Awaited<ReturnType<typeof startFakeMagento>>;
  let data: ReturnType<typeof storeData>;
  const noWait = async () => {};

  beforeAll(async () => {
    db = openDb(target);
    data = storeData();
    fake = await startFakeMagento(data, { failFirst: { "/orders": [429, 503] } });
  });
  afterAll(async () => {
    await fake.close();
    await db.$disconnect();
  });

  async function connected(auth: MagentoAuth) {
    const shop = await saveMagentoConnection(db, randomShopDomain().replace("myshopify.com", "magento.test"), { baseUrl: `${fake.baseUrl}/`, auth });
    const loaded = await loadMagentoTarget(db, shop.id);
    return { shop, client: new MagentoClient(loaded!, { sleep: noWait }) };
  }

  it("polls every entity page by page into the store, through retries, with the same writers as Shopify", async () => {
    const { shop, client } = await connected({ kind: "bearer", token: BEARER });
    // WHEN
    const result = await syncMagento({ db, shopId: shop.id, client, pageSize: 2, mediaBaseUrl: `${fake.baseUrl}/media` });
    // THEN every record once; the 429 and the 503 were waited out
    expect(client.retries).toBe(2);
    expect(result.orders.records).toBe(6);
    expect(await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ platform: "magento" });
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(6);
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.product.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.cart.count({ where: { shopId: shop.id } })).toBe(6);
    const order = await db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: "105" } }, include: { lines: true, customer: true } });
    expect(Number(order.totalPrice)).toBe(165);
    expect(order.lines.map((l) => [l.sku, l.productExternalId, l.quantity])).toEqual([["WS12-M-Orange", "1553", 1]]);
    // the customer is the synced one (fuller than the order's copy), carts are linked to their orders
    expect(order.customer).toMatchObject({ externalId: "3", email: "jdoe@example.com", acceptsMarketing: true, city: "Purchase", province: "NY" });
    const cart = await db.cart.findUniqueOrThrow({ where: { shopId_token: { shopId: shop.id, token: "205" } } });
    expect(cart.orderId).toBe(order.id);
    const product = await db.product.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(product).toMatchObject({ externalId: "1553", title: "Radiant Tee-M-Orange", handle: "radiant-tee-m-orange", imageUrl: `${fake.baseUrl}/media/catalog/product/w/s/ws12-orange_main_1.jpg` });
    // the searchCriteria Magento was sent: updated_at >= the cursor, oldest first, the id as tie-break
    const orderCalls = fake.log.requests.filter((r) => r.path === "/orders" && r.auth === "bearer");
    const lastCall = orderCalls[orderCalls.length - 1].query;
    expect(lastCall.get("searchCriteria[filter_groups][0][filters][0][field]")).toBe("updated_at");
    expect(lastCall.get("searchCriteria[filter_groups][0][filters][0][condition_type]")).toBe("gteq");
    expect(lastCall.get("searchCriteria[sortOrders][0][field]")).toBe("updated_at");
    expect(lastCall.get("searchCriteria[sortOrders][1][field]")).toBe("entity_id");
    expect(await db.syncCursor.findUniqueOrThrow({ where: { shopId_source_entity: { shopId: shop.id, source: "magento", entity: "orders" } } })).toMatchObject({ updatedAt: "2017-08-23 09:30:00", records: 6 });

    // WHEN an order changes in Magento and a new one is placed, the next poll asks from the cursor and gets only those
    data.orders[2] = { ...data.orders[2], state: "complete", status: "complete", updated_at: "2017-08-24 12:00:00" };
    data.orders.push(orderCopy(6, "2017-08-24 12:00:01"));
    const before = fake.log.requests.length;
    const again = await syncMagento({ db, shopId: shop.id, client, entities: ["orders"], pageSize: 2 });
    expect(again.orders.records).toBe(2);
    expect(fake.log.requests[before].query.get("searchCriteria[filter_groups][0][filters][0][value]")).toBe("2017-08-23 09:30:00");
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(7);
    expect(await db.order.findUniqueOrThrow({ where: { shopId_externalId: { shopId: shop.id, externalId: "102" } } })).toMatchObject({ financialStatus: "paid", fulfillmentStatus: "fulfilled" });
    // AND a poll with nothing new writes nothing
    expect((await syncMagento({ db, shopId: shop.id, client, entities: ["orders"], pageSize: 2 })).orders.records).toBe(0);
  });

  it.each(["HMAC-SHA256", "HMAC-SHA1"] as const)("signs requests with OAuth 1.0a %s", async (signatureMethod) => {
    const { shop, client } = await connected({ kind: "oauth1", ...OAUTH, signatureMethod });
    await syncMagento({ db, shopId: shop.id, client, entities: ["customers", "products"] });
    expect(fake.log.requests.filter((r) => r.auth === `oauth1 ${signatureMethod}`).length).toBeGreaterThanOrEqual(2);
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it.each([
    ["a wrong Bearer token", { kind: "bearer", token: "wrong" } as MagentoAuth],
    ["a wrong OAuth token secret", { kind: "oauth1", ...OAUTH, tokenSecret: "wrong", signatureMethod: "HMAC-SHA256" } as MagentoAuth],
  ])("names %s as a credentials problem", async (_label, auth) => {
    const { shop, client } = await connected(auth);
    const error = await syncMagento({ db, shopId: shop.id, client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagentoError);
    expect(error).toMatchObject({ kind: "credentials", status: 401 });
    expect((error as Error).message).toMatch(/refused the credentials .*Magento_Sales::actions_view/);
  });

  it("names wrong URLs: no REST API there (404), or no such host", async () => {
    const wrongPath = new MagentoClient({ baseUrl: `${fake.baseUrl}/shop`, storeCode: null, auth: { kind: "bearer", token: BEARER } });
    await expect(wrongPath.get("/orders")).rejects.toMatchObject({ kind: "url", message: expect.stringMatching(/No Magento REST API at .*\/shop\/rest\/V1\/orders \(404\)/) });
    const noHost = new MagentoClient({ baseUrl: "http://magento.invalid", storeCode: null, auth: { kind: "bearer", token: BEARER } }, { sleep: noWait });
    await expect(noHost.get("/orders")).rejects.toMatchObject({ kind: "url", message: expect.stringMatching(/Cannot find the host/) });
  });
});
