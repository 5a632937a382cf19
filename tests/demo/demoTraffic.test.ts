import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { demoTraffic, onlineRetailDemoTraffic, type DemoMessage, type DemoTrafficStats } from "../../app/demo/demoTraffic.ts";
import { shopifyId } from "../../app/demo/ids.ts";
import { money, type PixelBatch } from "../../app/demo/shopifyPayloads.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import * as translate from "../../app/ingest/shopify/translate.ts";
import { parsePixelBatch } from "../../app/pixel/pixelBatch.ts";
import type { OrderRecord, RefundRecord } from "../../app/store/records.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";

const SHOP = "pearl-demo.myshopify.com";
const KEY = "demo-public-key-123";
const SALE_ORDERS = 400;

type Webhook = Extract<DemoMessage, { kind: "webhook" }>;
type Body = Record<string, any>;

let items: ImportItem[];
let messages: DemoMessage[];
let stats: DemoTrafficStats;
let webhooks: (Webhook & { json: Body; index: number })[];
let batches: PixelBatch[];

async function run(source: Iterable<ImportItem>, options: Partial<Parameters<typeof demoTraffic>[1]> = {}) {
  const out: DemoMessage[] = [];
  const generator = demoTraffic(source, { shop: SHOP, publicKey: KEY, seed: "test", ...options });
  for (;;) {
    const next = await generator.next();
    if (next.done) return { messages: out, stats: next.value };
    out.push(next.value);
  }
}

const byTopic = (topic: string) => webhooks.filter((w) => w.topic === topic);
const orders = () => items.filter((i): i is { kind: "order"; record: OrderRecord } => i.kind === "order").map((i) => i.record);
const refunds = () => items.filter((i): i is { kind: "refund"; record: RefundRecord } => i.kind === "refund").map((i) => i.record);

beforeAll(async () => {
  items = [];
  let sales = 0;
  for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
    items.push(item);
    if (item.kind === "order" && item.record.cancelledAt === null && ++sales === SALE_ORDERS) break;
  }
  ({ messages, stats } = await run(items));
  webhooks = messages.flatMap((m, index) => (m.kind === "webhook" ? [{ ...m, index, json: JSON.parse(m.body) }] : []));
  batches = messages.filter((m) => m.kind === "pixel").map((m) => JSON.parse(m.body));
});

describe("demo traffic: order and counts", () => {
  it("comes in time order with unique delivery and event ids", () => {
    for (let i = 1; i < messages.length; i++) expect(messages[i].at.getTime()).toBeGreaterThanOrEqual(messages[i - 1].at.getTime());
    expect(new Set(webhooks.map((w) => w.webhookId)).size).toBe(webhooks.length);
    const events = batches.flatMap((b) => b.events);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const batch of batches) {
      const times = batch.events.map((e) => Date.parse(e.timestamp));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it("has one webhook per record and per cart, checkout and customer", () => {
    const sales = orders().filter((o) => o.cancelledAt === null);
    const cancelled = orders().filter((o) => o.cancelledAt !== null);
    const customers = new Set(orders().flatMap((o) => (o.customer ? [o.customer.externalId] : [])));
    const products = items.filter((i) => i.kind === "product").length;
    expect(sales.length).toBe(SALE_ORDERS);
    expect(byTopic("orders/create").length).toBe(SALE_ORDERS);
    expect(byTopic("orders/cancelled").length).toBe(cancelled.length);
    expect(cancelled.length).toBeGreaterThan(10);
    expect(byTopic("refunds/create").length).toBe(refunds().length);
    expect(refunds().length).toBeGreaterThan(5);
    expect(byTopic("customers/create").length).toBe(customers.size);
    expect(byTopic("products/create").length).toBe(products);
    const withCart = sales.filter((o) => o.lines.some((l) => l.productExternalId !== null)).length;
    expect(byTopic("carts/create").length).toBe(withCart + stats.abandonedCarts);
    expect(byTopic("carts/update").length).toBe(withCart + stats.abandonedCarts);
    expect(byTopic("checkouts/create").length).toBe(SALE_ORDERS + stats.abandonedCheckouts);
    expect(stats.orders).toBe(SALE_ORDERS);
    expect(stats.guestOrders).toBe(sales.filter((o) => o.customer === null).length);
    expect(stats.pixelEventsByName.checkout_completed).toBe(SALE_ORDERS);
    expect(stats.webhooks["orders/create"]).toBe(SALE_ORDERS);
    expect(stats.pixelBatches).toBe(batches.length);
  });

  it("creates customers and products before anything refers to them", () => {
    const customers = new Set<number>();
    const products = new Set<number>();
    const problems: string[] = [];
    for (const message of messages) {
      if (message.kind === "pixel") {
        for (const e of (JSON.parse(message.body) as PixelBatch).events) {
          if (e.productId && !products.has(Number(e.productId))) problems.push(`pixel ${e.id}`);
        }
        continue;
      }
      const body = JSON.parse(message.body);
      if (message.topic === "customers/create") customers.add(body.id);
      else if (message.topic === "products/create") products.add(body.id);
      else {
        if (body.customer && !customers.has(body.customer.id)) problems.push(`${message.topic} customer`);
        for (const line of body.line_items ?? []) if (line.product_id !== null && !products.has(line.product_id)) problems.push(`${message.topic} product`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("demo traffic: webhook payloads", () => {
  it("orders/create carries ids, customer, lines, addresses, tokens and updated_at", () => {
    const carts = new Map(byTopic("carts/update").map((w) => [w.json.token, w]));
    const checkouts = new Map(byTopic("checkouts/create").map((w) => [w.json.token, w]));
    const records = new Map(orders().map((o) => [o.externalId, o]));
    for (const webhook of byTopic("orders/create")) {
      const body = webhook.json;
      const record = records.get(body.name.slice(1))!;
      expect(body.id).toBe(shopifyId("Order", record.externalId));
      expect(body.id).toBeLessThan(2 ** 53);
      expect(webhook.body).toContain(`"id":${body.id},`);
      expect(body.admin_graphql_api_id).toBe(`gid://shopify/Order/${body.id}`);
      expect(body.total_price).toBe(money(record.totalPrice));
      expect(body.currency).toBe("GBP");
      expect(body.updated_at).toBe(body.created_at);
      expect(body.processed_at).toBe("2010-12-" + body.processed_at.slice(8, 10) + body.processed_at.slice(10, 19) + "+00:00");
      expect(new Date(body.processed_at).getTime()).toBe(record.processedAt.getTime());
      expect(body.line_items.length).toBe(record.lines.length);
      body.line_items.forEach((line: Body, i: number) => {
        const source = record.lines[i];
        expect(line.quantity).toBe(source.quantity);
        expect(line.price).toBe(money(source.price));
        expect(line.sku).toBe(source.sku);
        expect(line.product_id).toBe(source.productExternalId === null ? null : shopifyId("Product", source.productExternalId));
        expect(line.variant_id).toBe(source.productExternalId === null ? null : shopifyId("ProductVariant", source.productExternalId));
        expect(line.admin_graphql_api_id).toBe(`gid://shopify/LineItem/${line.id}`);
      });
      if (record.customer) {
        expect(body.customer.id).toBe(shopifyId("Customer", record.customer.externalId));
        expect(body.email).toBe(`customer-${record.customer.externalId}@demo.pearl.test`);
        expect(body.customer.email).toBe(body.email);
      } else {
        expect(body.customer).toBeNull();
        expect(body.email).toMatch(/^guest-.*@demo\.pearl\.test$/);
      }
      // The buyer lives in the invoice's country.
      expect(body.billing_address.country_code).toBe(record.billing?.country ?? "GB");
      for (const address of [body.billing_address, body.shipping_address]) {
        expect(address).toMatchObject({ name: expect.any(String), address1: expect.any(String), city: expect.any(String), country_code: expect.any(String) });
      }
      const checkout = checkouts.get(body.checkout_token)!;
      expect(checkout.json.cart_token).toBe(body.cart_token);
      expect(checkout.json.email).toBe(body.email);
      // Before the order (at the same instant when the data has two orders in one minute).
      expect(checkout.at.getTime()).toBeLessThanOrEqual(webhook.at.getTime());
      expect(checkout.index).toBeLessThan(webhook.index);
      const productLines = record.lines.filter((l) => l.productExternalId !== null);
      if (productLines.length === 0) {
        expect(body.cart_token).toBeNull();
        continue;
      }
      const cart = carts.get(body.cart_token)!;
      expect(cart.at.getTime()).toBeLessThanOrEqual(checkout.at.getTime());
      expect(cart.json.line_items.map((l: Body) => l.product_id)).toEqual(productLines.map((l) => shopifyId("Product", l.productExternalId!)));
    }
  });

  it("translate back to the records (Pearl's Shopify translator)", () => {
    const records = new Map(orders().map((o) => [o.externalId, o]));
    for (const webhook of [...byTopic("orders/create"), ...byTopic("orders/cancelled")]) {
      const order = translate.order(webhook.json);
      const record = records.get(webhook.json.name.slice(1))!;
      expect(order.totalPrice).toBeCloseTo(record.totalPrice, 2);
      expect(order.lines.map((l) => l.quantity)).toEqual(record.lines.map((l) => l.quantity));
      expect(order.processedAt.getTime()).toBe(record.processedAt.getTime());
      expect(order.cancelledAt?.getTime() ?? null).toBe(record.cancelledAt?.getTime() ?? null);
      expect(order.customer?.externalId ?? null).toBe(record.customer ? String(shopifyId("Customer", record.customer.externalId)) : null);
      expect(order.billing?.country).toBeTruthy();
    }
    const lineIds = new Map<string, Set<string>>();
    for (const webhook of byTopic("orders/create")) {
      lineIds.set(String(webhook.json.id), new Set(webhook.json.line_items.map((l: Body) => String(l.id))));
    }
    const refundRecords = new Map(refunds().map((r) => [r.externalId, r]));
    for (const webhook of byTopic("refunds/create")) {
      const refund = translate.refund(webhook.json);
      const record = [...refundRecords.values()].find((r) => String(shopifyId("Refund", r.externalId)) === refund.externalId)!;
      expect(refund.orderExternalId).toBe(String(shopifyId("Order", record.orderExternalId)));
      expect(refund.amount).toBeCloseTo(record.amount, 2);
      const lines = lineIds.get(refund.orderExternalId)!;
      for (const line of refund.lines) expect(lines.has(line.orderLineExternalId!)).toBe(true);
    }
    for (const webhook of byTopic("customers/create")) expect(translate.customer(webhook.json).email).toMatch(/@demo\.pearl\.test$/);
    for (const webhook of byTopic("products/create")) {
      const product = translate.product(webhook.json);
      expect(product.variants).toHaveLength(1);
      expect(product.imageUrl).toMatch(/^https:\/\//);
    }
    for (const webhook of byTopic("carts/update")) expect(translate.cart(webhook.json).lines.length).toBeGreaterThan(0);
    for (const webhook of byTopic("checkouts/create")) expect(translate.checkout(webhook.json).token).toBe(webhook.json.token);
  });

  it("ships a share of orders as gifts, some with a note or gift wrap", () => {
    const sales = byTopic("orders/create").map((w) => w.json);
    const gifts = sales.filter((o) => o.shipping_address.name !== o.billing_address.name);
    expect(gifts.length).toBe(stats.giftOrders);
    // December 2010 is gift season (35%).
    expect(gifts.length / sales.length).toBeGreaterThan(0.2);
    expect(gifts.length / sales.length).toBeLessThan(0.5);
    const noted = gifts.filter((o) => o.note !== null);
    const wrapped = gifts.filter((o) => o.note_attributes.length > 0);
    expect(noted.length).toBeGreaterThan(0);
    expect(wrapped.length).toBeGreaterThan(0);
    for (const order of [...noted, ...wrapped]) expect(translate.order(order).giftNote).toBe(true);
    expect(sales.filter((o) => o.shipping_address.name === o.billing_address.name).every((o) => o.note === null)).toBe(true);
  });

  it("leaves abandoned carts and checkouts that no order completes", () => {
    const orderCarts = new Set(byTopic("orders/create").map((w) => w.json.cart_token));
    const orderCheckouts = new Set(byTopic("orders/create").map((w) => w.json.checkout_token));
    const abandoned = byTopic("carts/update").filter((w) => !orderCarts.has(w.json.token));
    expect(abandoned.length).toBe(stats.abandonedCarts);
    expect(stats.abandonedCarts).toBeGreaterThan(5);
    const abandonedCheckouts = byTopic("checkouts/create").filter((w) => !orderCheckouts.has(w.json.token));
    expect(abandonedCheckouts.length).toBe(stats.abandonedCheckouts);
    for (const checkout of abandonedCheckouts) {
      expect(checkout.json.completed_at).toBeNull();
      expect(checkout.json.customer.id).toBeGreaterThan(0);
      expect(abandoned.some((cart) => cart.json.token === checkout.json.cart_token)).toBe(true);
    }
    // The shopper is known through the pixel: the cart's events carry the customer id.
    const events = batches.flatMap((b) => b.events);
    for (const cart of abandoned) {
      const added = events.filter((e) => e.cartToken === cart.json.token && e.name === "product_added_to_cart");
      expect(added.length).toBe(cart.json.line_items.length);
      expect(added.every((e) => e.customerId !== null)).toBe(true);
    }
  });
});

describe("demo traffic: pixel batches", () => {
  it("are Pearl's wire format and pass its parser", () => {
    for (const batch of batches) {
      expect(batch).toMatchObject({ v: 1, shop: SHOP, key: KEY });
      expect(batch.events.length).toBeLessThanOrEqual(25);
      const last = Math.max(...batch.events.map((e) => Date.parse(e.timestamp)));
      const parsed = parsePixelBatch(JSON.stringify(batch), { now: last + 60_000 });
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.rejected).toBe(0);
    }
  });

  it("tell a session per order: the bought items viewed and added, others only viewed, then checkout", () => {
    const events = batches.flatMap((b) => b.events);
    // A client's events, split into visits at each page view.
    const sessions = new Map<string, (typeof events)[]>();
    const byClient = new Map<string, typeof events>();
    for (const e of events) byClient.set(e.clientId, [...(byClient.get(e.clientId) ?? []), e]);
    for (const [client, list] of byClient) {
      list.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
      const visits: (typeof events)[] = [];
      for (const e of list) {
        if (e.name === "page_viewed" || visits.length === 0) visits.push([]);
        visits[visits.length - 1].push(e);
      }
      sessions.set(client, visits);
    }
    let viewedNotBought = 0;
    for (const webhook of byTopic("orders/create")) {
      const order = webhook.json;
      const completed = events.find((e) => e.name === "checkout_completed" && e.checkoutToken === order.checkout_token)!;
      expect(Date.parse(completed.timestamp)).toBe(webhook.at.getTime());
      expect(completed.value).toBe(Number(order.total_price));
      const visit = sessions.get(completed.clientId)!.find((v) => v.includes(completed))!;
      expect(visit[0].name).toBe("page_viewed");
      expect(visit[visit.length - 1]).toBe(completed);
      expect(visit.filter((e) => e.name === "checkout_started")).toHaveLength(1);
      const bought = new Set(order.line_items.filter((l: Body) => l.product_id).map((l: Body) => String(l.product_id)));
      const added = visit.filter((e) => e.name === "product_added_to_cart");
      expect(added.length).toBe(Math.min(20, bought.size));
      for (const e of added) {
        expect(bought.has(e.productId!)).toBe(true);
        expect(e.cartToken).toBe(order.cart_token);
      }
      if (bought.size === 0) expect(order.cart_token).toBeNull();
      viewedNotBought += visit.filter((e) => e.name === "product_viewed" && !bought.has(e.productId!)).length;
      if (order.customer) expect(completed.customerId).toBe(String(order.customer.id));
    }
    expect(viewedNotBought).toBeGreaterThan(SALE_ORDERS / 2);
  });

  it("keep one client id per customer and know returning customers", () => {
    const events = batches.flatMap((b) => b.events);
    const clients = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.name !== "checkout_completed" || e.customerId === null) continue;
      clients.set(e.customerId, (clients.get(e.customerId) ?? new Set()).add(e.clientId));
    }
    expect([...clients.values()].every((set) => set.size === 1)).toBe(true);
    const loggedIn = events.filter((e) => e.name === "page_viewed" && e.customerId !== null);
    expect(loggedIn.length).toBeGreaterThan(10);
  });

  it("can be shifted in time without touching the webhooks", async () => {
    const shift = 5_000 * 24 * 3_600_000;
    const shifted = await run(items.slice(0, 400), { timeShiftMs: shift });
    const plain = await run(items.slice(0, 400));
    expect(shifted.messages.length).toBe(plain.messages.length);
    shifted.messages.forEach((message, i) => {
      const other = plain.messages[i];
      expect(message.at).toEqual(other.at);
      if (message.kind === "webhook") expect(message.body).toBe(other.body);
      else {
        const a = JSON.parse(message.body) as PixelBatch;
        const b = JSON.parse(other.body) as PixelBatch;
        a.events.forEach((e, j) => {
          expect(Date.parse(e.timestamp) - Date.parse(b.events[j].timestamp)).toBe(shift);
          expect(e.id).toBe(b.events[j].id);
        });
      }
    });
  });
});

describe("demo traffic: options", () => {
  it("is deterministic for a seed", async () => {
    const digest = (list: DemoMessage[]) => createHash("sha256").update(list.map((m) => m.body).join("\n")).digest("hex");
    const again = await run(items);
    expect(digest(again.messages)).toBe(digest(messages));
    const other = await run(items, { seed: "other" });
    expect(digest(other.messages)).not.toBe(digest(messages));
  });

  it("stops after maxOrders or at a date, straight from the file", async () => {
    const list: DemoMessage[] = [];
    for await (const m of onlineRetailDemoTraffic(ONLINE_RETAIL_FILE, { shop: SHOP, publicKey: KEY, maxOrders: 25 })) list.push(m);
    expect(list.filter((m) => m.kind === "webhook" && m.topic === "orders/create")).toHaveLength(25);
    const until = new Date("2010-12-01T12:00:00Z");
    const early = await run(items, { until });
    expect(early.messages.length).toBeGreaterThan(0);
    expect(early.messages.every((m) => m.at.getTime() <= until.getTime())).toBe(true);
    expect(early.stats.orders).toBe(orders().filter((o) => !o.cancelledAt && o.processedAt <= until).length);
  });
});
