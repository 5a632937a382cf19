import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shopifyId, stableToken, stableUuid } from "../../app/demo/ids.ts";
import { customerPersona, demoCountry, guestPersona, orderGiftPlan } from "../../app/demo/personas.ts";
import {
  basketLinesOf,
  cartPayload,
  checkoutPayload,
  customerPayload,
  money,
  orderPayload,
  productPayload,
  refundPayload,
} from "../../app/demo/shopifyPayloads.ts";
import * as translate from "../../app/ingest/shopify/translate.ts";
import type { CustomerRecord, OrderRecord, ProductRecord, RefundRecord } from "../../app/store/records.ts";
import { SHARED_DATA } from "../imports/sharedData.ts";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(SHARED_DATA, "..", "fixtures", "shopify", `${name}.json`), "utf8"));
const TZ = "Europe/London";

const customer: CustomerRecord = {
  externalId: "17850",
  email: null,
  firstName: null,
  lastName: null,
  phone: null,
  acceptsMarketing: false,
  tags: "",
  note: null,
  locale: null,
  address: { name: null, address1: null, city: null, zip: null, province: null, country: "United Kingdom" },
  sourceCreatedAt: new Date("2011-06-01T09:00:00Z"),
  sourceUpdatedAt: new Date("2011-06-01T09:00:00Z"),
};

const summerOrder: OrderRecord = {
  externalId: "555001",
  name: "555001",
  customer,
  email: null,
  currency: "GBP",
  subtotalPrice: 24.3,
  totalPrice: 24.3,
  totalDiscounts: 0,
  totalTax: 0,
  discountCodes: [],
  financialStatus: "paid",
  fulfillmentStatus: "fulfilled",
  cancelledAt: null,
  cancelReason: null,
  cartToken: null,
  checkoutToken: null,
  sourceName: "web",
  note: null,
  tags: "",
  billing: { name: null, address1: null, city: null, zip: null, province: null, country: "United Kingdom" },
  shipping: null,
  giftNote: false,
  processedAt: new Date("2011-06-01T09:00:00Z"),
  sourceUpdatedAt: new Date("2011-06-01T09:00:00Z"),
  lines: [
    { externalId: "555001-1", productExternalId: "85123A", variantExternalId: "85123A", sku: "85123A", title: "WHITE HANGING HEART T-LIGHT HOLDER", variantTitle: null, vendor: null, quantity: 6, price: 2.55, totalDiscount: 0, giftCard: false, giftWrap: false },
    { externalId: "555001-2", productExternalId: null, variantExternalId: null, sku: "POST", title: "POSTAGE", variantTitle: null, vendor: null, quantity: 1, price: 9, totalDiscount: 0, giftCard: false, giftWrap: false },
  ],
};

const product: ProductRecord = {
  externalId: "85123A",
  title: "WHITE HANGING HEART T-LIGHT HOLDER",
  handle: "white-hanging-heart-t-light-holder-85123a",
  productType: null,
  vendor: null,
  tags: "",
  status: "active",
  imageUrl: null,
  publishedAt: null,
  sourceCreatedAt: null,
  sourceUpdatedAt: null,
  variants: [{ externalId: "85123A", title: null, sku: "85123A", price: 2.95, compareAtPrice: null, inventoryQuantity: null }],
};

describe("ids", () => {
  it("are stable JSON-safe numbers, tokens and UUIDs", () => {
    const id = shopifyId("Order", "536365");
    expect(id).toBe(shopifyId("Order", "536365"));
    expect(id).not.toBe(shopifyId("Customer", "536365"));
    expect(Number.isSafeInteger(id)).toBe(true);
    expect(id).toBeGreaterThanOrEqual(1e12);
    expect(stableToken("cart:1")).toMatch(/^[0-9a-f]{32}$/);
    expect(stableUuid("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const many = new Set(Array.from({ length: 50_000 }, (_, i) => shopifyId("LineItem", `${i}`)));
    expect(many.size).toBe(50_000);
  });
});

describe("personas", () => {
  it("are deterministic, with the demo email and an address in the customer's country", () => {
    const a = customerPersona("17850", "United Kingdom", 1);
    expect(customerPersona("17850", "United Kingdom", 1)).toEqual(a);
    expect(a.email).toBe("customer-17850@demo.pearl.test");
    expect(a.address.countryCode).toBe("GB");
    expect(customerPersona("12347", "Iceland", 1).address.countryCode).toBe("IS");
    expect(customerPersona("12347", "IS", 1).address.country).toBe("Iceland");
    expect(customerPersona("1", "EIRE", 1).address.country).toBe("Ireland");
    expect(demoCountry("USA").code).toBe("US");
    expect(demoCountry("Unspecified").code).toBe("GB");
    expect(demoCountry(null).code).toBe("GB");
    expect(guestPersona("536544", "France", 1).email).toBe("guest-536544@demo.pearl.test");
  });

  it("make gifts of about a third of orders before Christmas and an eighth otherwise", () => {
    const share = (date: string) => {
      let gifts = 0;
      for (let i = 0; i < 4_000; i++) {
        const plan = orderGiftPlan(`o${i}`, new Date(date), "United Kingdom", 7, { firstName: "Ann", lastName: "Lee" });
        if (plan.gift) {
          gifts++;
          expect(plan.recipient?.firstName).not.toBe("Ann");
        }
      }
      return gifts / 4_000;
    };
    expect(share("2010-12-10T10:00:00Z")).toBeCloseTo(0.35, 1);
    expect(share("2011-06-10T10:00:00Z")).toBeCloseTo(0.12, 1);
  });
});

describe("payload builders", () => {
  const persona = customerPersona("17850", "United Kingdom", "demo");
  const embedded = customerPayload({ customer, persona, currency: "GBP", createdAt: customer.sourceCreatedAt!, timeZone: TZ, withAddresses: false });

  it("write summer times with +01:00 and ids as JSON numbers", () => {
    const body = orderPayload({
      order: summerOrder,
      shop: "pearl-demo.myshopify.com",
      timeZone: TZ,
      customer: embedded,
      email: persona.email,
      billing: persona.address,
      shipping: persona.address,
      cartToken: "c1",
      checkoutToken: "k1",
    });
    expect(body.created_at).toBe("2011-06-01T10:00:00+01:00");
    expect(body.processed_at).toBe("2011-06-01T10:00:00+01:00");
    expect(body.updated_at).toBe("2011-06-01T10:00:00+01:00");
    const text = JSON.stringify(body);
    expect(text).toContain(`"id":${shopifyId("Order", "555001")},`);
    expect(text).toContain(`"product_id":${shopifyId("Product", "85123A")},`);
    expect(body.line_items).toMatchObject([
      { quantity: 6, price: "2.55", sku: "85123A", product_id: shopifyId("Product", "85123A"), variant_id: shopifyId("ProductVariant", "85123A") },
      { quantity: 1, price: "9.00", sku: "POST", product_id: null, variant_id: null, product_exists: false },
    ]);
    const back = translate.order(JSON.parse(text));
    expect(back).toMatchObject({ totalPrice: 24.3, cartToken: "c1", checkoutToken: "k1", currency: "GBP", email: "customer-17850@demo.pearl.test" });
    expect(back.processedAt.toISOString()).toBe("2011-06-01T09:00:00.000Z");
    expect(back.customer?.externalId).toBe(String(shopifyId("Customer", "17850")));
    expect(back.customer?.firstName).toBe(persona.firstName);
  });

  it("carry every top-level field of Shopify's samples", () => {
    const order = orderPayload({ order: summerOrder, shop: "s.myshopify.com", timeZone: TZ, customer: embedded, email: persona.email, billing: persona.address, shipping: persona.address });
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(order)).toEqual(expect.arrayContaining(keys(fixture("orders-create"))));
    expect(keys((order.line_items as object[])[0])).toEqual(expect.arrayContaining(keys(fixture("orders-create").line_items[0])));
    const lines = basketLinesOf(summerOrder, true);
    const cart = cartPayload({ token: "t", lines, currency: "GBP", createdAt: new Date(0), updatedAt: new Date(0) });
    expect(keys(cart)).toEqual(keys(fixture("carts-update")));
    expect(keys((cart.line_items as object[])[0])).toEqual(keys(fixture("carts-update").line_items[0]));
    const checkout = checkoutPayload({
      token: "k",
      cartToken: "t",
      shop: "s.myshopify.com",
      timeZone: TZ,
      currency: "GBP",
      lines: basketLinesOf(summerOrder, false),
      email: persona.email,
      customer: embedded,
      billing: persona.address,
      shipping: persona.address,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    });
    expect(keys(checkout)).toEqual(expect.arrayContaining(keys(fixture("checkouts-create"))));
    expect(keys((checkout.line_items as object[])[0])).toEqual(keys(fixture("checkouts-create").line_items[0]));
    expect(checkout.total_price).toBe("24.30");
    const created = customerPayload({ customer, persona, currency: "GBP", createdAt: new Date(0), timeZone: TZ });
    expect(keys(created)).toEqual(expect.arrayContaining(keys(fixture("customers-create"))));
    expect(translate.checkout(checkout).cartToken).toBe("t");
    expect(translate.cart(cart).lines).toHaveLength(1);
  });

  it("build products with variants and images", () => {
    const body = productPayload({ product, createdAt: new Date("2011-06-01T09:00:00Z"), timeZone: TZ, imageUrl: "https://img.test/a.png", productType: "Home Decor", vendor: "Pearl Demo Gifts" });
    expect(body).toMatchObject({ id: shopifyId("Product", "85123A"), title: product.title, handle: product.handle, status: "active", updated_at: "2011-06-01T10:00:00+01:00" });
    expect(body.variants).toMatchObject([{ id: shopifyId("ProductVariant", "85123A"), price: "2.95", sku: "85123A", product_id: body.id }]);
    expect(body.images).toMatchObject([{ src: "https://img.test/a.png", product_id: body.id }]);
    const back = translate.product(JSON.parse(JSON.stringify(body)));
    expect(back).toMatchObject({ title: product.title, imageUrl: "https://img.test/a.png", productType: "Home Decor" });
    expect(back.variants[0]).toMatchObject({ externalId: String(shopifyId("ProductVariant", "85123A")), price: 2.95, sku: "85123A" });
  });

  it("build refunds on the original line items, extra amounts as order adjustments", () => {
    const refund: RefundRecord = {
      externalId: "C555002",
      orderExternalId: "555001",
      amount: 7.1,
      note: null,
      processedAt: new Date("2011-06-02T09:00:00Z"),
      lines: [
        { orderLineExternalId: "555001-1", productExternalId: "85123A", quantity: 2, subtotal: 5.1 },
        { orderLineExternalId: null, productExternalId: "22960", quantity: 1, subtotal: 2 },
      ],
    };
    const body = refundPayload({ refund, currency: "GBP", timeZone: TZ, describe: () => ({ title: product.title, sku: "85123A", variantExternalId: "85123A" }) });
    expect(body.order_id).toBe(shopifyId("Order", "555001"));
    expect(body.refund_line_items).toMatchObject([
      { line_item_id: shopifyId("LineItem", "555001-1"), quantity: 2, subtotal: 5.1, line_item: { id: shopifyId("LineItem", "555001-1"), product_id: shopifyId("Product", "85123A"), price: "2.55" } },
    ]);
    expect(body.order_adjustments).toMatchObject([{ amount: "-2.00", kind: "refund_discrepancy" }]);
    expect(body.transactions).toMatchObject([{ kind: "refund", status: "success", amount: "7.10", currency: "GBP" }]);
    expect(body.processed_at).toBe("2011-06-02T10:00:00+01:00");
    const back = translate.refund(JSON.parse(JSON.stringify(body)));
    expect(back).toMatchObject({ orderExternalId: String(shopifyId("Order", "555001")), amount: 7.1 });
    expect(back.lines).toEqual([{ orderLineExternalId: String(shopifyId("LineItem", "555001-1")), productExternalId: String(shopifyId("Product", "85123A")), quantity: 2, subtotal: 5.1 }]);
  });

  it("format money with two decimals", () => {
    expect(money(2.5)).toBe("2.50");
    expect(money(1.005)).toBe("1.01");
    expect(money(0.001)).toBe("0.00");
    expect(money(-2)).toBe("-2.00");
  });
});
