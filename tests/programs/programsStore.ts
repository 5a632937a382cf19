// A small hand-made store for the programs' end-to-end tests: a shop in
// Europe/London with a few products, customers with orders, carts and
// checkouts written straight into the real database, and its mail server.

import type { Db } from "../../app/db.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { randomShopDomain } from "../helpers/testDb.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface StoreShop {
  id: string;
  domain: string;
  urlSecret: string;
  /** Customer ids by the names the test gave them. */
  customers: Map<string, string>;
}

export async function handMadeShop(db: Db, smtpPort: number): Promise<StoreShop> {
  const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify", name: "Tea Room", currency: "GBP", timezone: "Europe/London" });
  await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: smtpPort, secure: false, fromAddress: "hello@tearoom.test", fromName: "Tea Room" } });
  for (const [externalId, title, price] of [["mug", "Mug", "8.50"], ["tea", "Earl Grey Tea", "4.25"], ["teapot", "Teapot", "24.00"]] as const) {
    await db.product.create({ data: { shopId: shop.id, externalId, title, handle: externalId, status: "active", publishedAt: new Date("2026-01-01"), variants: { create: { shopId: shop.id, externalId: `${externalId}-v`, price } } } });
  }
  const { urlSecret } = await db.shop.findUniqueOrThrow({ where: { id: shop.id } });
  return { id: shop.id, domain: shop.domain, urlSecret, customers: new Map() };
}

export async function addCustomer(db: Db, shop: StoreShop, name: string, acceptsMarketing = true): Promise<string> {
  const c = await db.customer.create({ data: { shopId: shop.id, externalId: name, email: `${name}@example.test`, firstName: name[0].toUpperCase() + name.slice(1), acceptsMarketing } });
  shop.customers.set(name, c.id);
  return c.id;
}

let seq = 0;

export async function addOrder(db: Db, shop: StoreShop, customerId: string, at: Date, products: string[]): Promise<string> {
  const o = await db.order.create({
    data: {
      shopId: shop.id, externalId: `order-${++seq}`, customerId, currency: "GBP", subtotalPrice: 10, totalPrice: 10, processedAt: at,
      lines: { create: products.map((p) => ({ shopId: shop.id, productExternalId: p, title: p.toUpperCase(), quantity: 1, price: 5 })) },
    },
  });
  return o.id;
}

export async function addCart(db: Db, shop: StoreShop, customerId: string, at: Date, products: string[]): Promise<void> {
  await db.cart.create({ data: { shopId: shop.id, token: `cart-${++seq}`, customerId, sourceCreatedAt: at, sourceUpdatedAt: at, lines: { create: products.map((p) => ({ productExternalId: p, title: p, quantity: 1, price: 5 })) } } });
}

export async function addCheckout(db: Db, shop: StoreShop, customerId: string, at: Date, products: string[]): Promise<void> {
  await db.checkout.create({ data: { shopId: shop.id, token: `checkout-${++seq}`, customerId, sourceCreatedAt: at, sourceUpdatedAt: at, lines: { create: products.map((p) => ({ productExternalId: p, title: p, quantity: 1, price: 5 })) } } });
}
