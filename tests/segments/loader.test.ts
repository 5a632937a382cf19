/** loadIntelligenceInputs on a small hand-made store, on SQLite and PostgreSQL. */
import { afterAll, describe, expect, it } from "vitest";
import { FLAG_CANCELLED, FLAG_DIFFERENT_SHIPPING, FLAG_GIFT_NOTE } from "../../app/intelligence/orderTable";
import { loadIntelligenceInputs } from "../../app/store/loadIntelligenceInputs";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb";

describe.each(databaseTargets())("loadIntelligenceInputs on %s", (_name, target) => {
  const db = openDb(target);
  const domain = randomShopDomain();
  afterAll(async () => {
    await db.shop.deleteMany({ where: { domain } });
    await db.$disconnect();
  });

  it("reads orders with lines, refunds, gift flags, categories and product ids; carts and browsing", async () => {
    // GIVEN a shop with two customers, a guest order, a typed and an untyped product
    const shop = await db.shop.create({ data: { domain } });
    const ann = await db.customer.create({ data: { shopId: shop.id, externalId: "ann" } });
    const bob = await db.customer.create({ data: { shopId: shop.id, externalId: "bob" } });
    await db.product.create({ data: { shopId: shop.id, externalId: "P1", title: "Rose candle", productType: "Candles" } });
    await db.product.create({ data: { shopId: shop.id, externalId: "P2", title: "Blue mug" } });
    const order = (externalId: string, customerId: string | null, at: string, total: number, extra: object, lines: { title: string; productExternalId: string | null; quantity: number; price: number }[]) =>
      db.order.create({
        data: {
          shopId: shop.id, externalId, customerId, currency: "GBP", subtotalPrice: total, totalPrice: total, processedAt: new Date(at), ...extra,
          lines: { create: lines.map((l) => ({ shopId: shop.id, ...l })) },
        },
      });
    const o1 = await order("1", ann.id, "2024-01-05T10:00:00Z", 30, { totalDiscounts: 3 }, [
      { title: "Rose candle", productExternalId: "P1", quantity: 2, price: 10 },
      { title: "BLUE SPOTTY MUG", productExternalId: "P2", quantity: 1, price: 10 },
    ]);
    await order("2", ann.id, "2024-02-05T10:00:00Z", 12, { shipsElsewhere: true, giftNote: true }, [{ title: "Postage", productExternalId: null, quantity: 1, price: 12 }]);
    await order("3", bob.id, "2024-03-01T09:00:00Z", 8, { cancelledAt: new Date("2024-03-02T00:00:00Z") }, [{ title: "Blue mug", productExternalId: "P2", quantity: 1, price: 8 }]);
    await order("4", null, "2024-03-03T09:00:00Z", 5, {}, [{ title: "Guest thing", productExternalId: null, quantity: 1, price: 5 }]);
    await db.refund.create({ data: { shopId: shop.id, orderId: o1.id, externalId: "r1", amount: 4, processedAt: new Date("2024-01-09T00:00:00Z") } });
    await db.refund.create({ data: { shopId: shop.id, orderId: o1.id, externalId: "r2", amount: 1.5, processedAt: new Date("2024-01-10T00:00:00Z") } });
    await db.cart.create({ data: { shopId: shop.id, token: "c1", customerId: bob.id, orderId: o1.id, sourceCreatedAt: new Date("2024-02-28T00:00:00Z") } });
    await db.browseEvent.create({ data: { shopId: shop.id, eventId: "e1", name: "product_viewed", clientId: "x", customerId: bob.id, occurredAt: new Date("2024-02-27T12:00:00Z") } });

    // WHEN the inputs are loaded
    const { table, browse, carts, customerKeys } = await loadIntelligenceInputs(db, shop.id);

    // THEN guests are left out and everything else is there
    expect(table.orderCustomer.length).toBe(3);
    const byTotal = new Map(Array.from(table.orderTotal, (t, i) => [t, i]));
    const i1 = byTotal.get(30)!;
    const i2 = byTotal.get(12)!;
    const i3 = byTotal.get(8)!;
    expect(table.customerIds[table.orderCustomer[i1]]).toBe("ann");
    expect(table.customerIds[table.orderCustomer[i3]]).toBe("bob");
    expect(table.orderTime[i1]).toBe(Date.parse("2024-01-05T10:00:00Z"));
    expect(table.orderDiscount[i1]).toBe(3);
    expect(table.orderRefunded[i1]).toBeCloseTo(5.5, 9);
    expect(table.orderFlags[i1]).toBe(0);
    expect(table.orderFlags[i2]).toBe(FLAG_DIFFERENT_SHIPPING | FLAG_GIFT_NOTE);
    expect(table.orderFlags[i3]).toBe(FLAG_CANCELLED);
    const lines = (i: number) =>
      Array.from({ length: table.orderLineStart[i + 1] - table.orderLineStart[i] }, (_, k) => {
        const l = table.orderLineStart[i] + k;
        return {
          category: table.categories[table.lineCategory[l]],
          product: table.lineProduct![l] >= 0 ? table.products![table.lineProduct![l]] : null,
          quantity: table.lineQuantity[l],
          price: table.lineUnitPrice[l],
        };
      });
    // the product's type when it has one, else the last word of the line title
    expect(lines(i1).sort((a, b) => a.price * a.quantity - b.price * b.quantity)).toEqual([
      { category: "MUG", product: "P2", quantity: 1, price: 10 },
      { category: "Candles", product: "P1", quantity: 2, price: 10 },
    ]);
    expect(lines(i2)).toEqual([{ category: "POSTAGE", product: null, quantity: 1, price: 12 }]);
    expect(browse).toEqual([{ customerId: "bob", occurredAt: new Date("2024-02-27T12:00:00Z"), kind: "product_viewed" }]);
    expect(carts).toEqual([{ customerId: "bob", createdAt: new Date("2024-02-28T00:00:00Z"), converted: true }]);
    expect(customerKeys).toEqual(new Map([["ann", ann.id], ["bob", bob.id]]));
  });
});
