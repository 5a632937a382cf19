import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { inboxSettled, startTestApp, type TestApp } from "../helpers/appServer.ts";
import { shopifyFixture } from "../helpers/fixtures.ts";
import { randomShopDomain, defaultTarget } from "../helpers/testDb.ts";

describe("a crash between receipt and processing", () => {
  let app: TestApp | undefined;
  afterAll(() => app?.close());

  it("loses nothing: what the inbox holds is applied when the app starts again", async () => {
    // GIVEN deliveries acknowledged and stored, then the process died before the drain
    // got to them (one mid-way: its claim is still held by the dead process)
    const target = defaultTarget();
    const before = createDb(target);
    const shop = await installShop(before, { domain: randomShopDomain(), platform: "shopify" });
    const webhookIds = [randomUUID(), randomUUID()];
    await before.webhookInbox.create({ data: { webhookId: webhookIds[0], shopDomain: shop.domain, topic: "customers/create", payload: shopifyFixture("customers-create") } });
    await before.webhookInbox.create({
      data: { webhookId: webhookIds[1], shopDomain: shop.domain, topic: "orders/create", payload: shopifyFixture("orders-create"), claimedBy: "dead", claimedUntil: new Date(Date.now() + 1500) },
    });
    await before.$disconnect();

    // WHEN the app starts again, with no new delivery arriving
    app = await startTestApp(target);

    // THEN both are applied: the first at start, the second once the dead claim lapses
    await inboxSettled(app.db);
    await expect.poll(() => app!.db.webhookInbox.count({ where: { webhookId: { in: webhookIds }, processedAt: { not: null } } }), { timeout: 30_000, interval: 200 }).toBe(2);
    expect(await app.db.customer.count({ where: { shopId: shop.id, externalId: "706405506930370084" } })).toBe(1);
    expect(await app.db.order.count({ where: { shopId: shop.id, externalId: "820982911946154508" } })).toBe(1);
  });
});
