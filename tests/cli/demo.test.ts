import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createDb } from "../../app/db.server.ts";
import { sqliteTarget } from "../helpers/testDb.ts";

describe("pearl demo", () => {
  it("replays the real store as signed webhooks and pixel batches over HTTP and stores all of it", async () => {
    const target = sqliteTarget();
    const port = 40_000 + Math.floor(Math.random() * 10_000);
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/pearl.js", "demo", "--limit", "60", "--exit", "--port", String(port)], {
      env: { ...process.env, DATABASE_URL: target.url },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain(`Pearl is running at http://127.0.0.1:${port}`);
    expect(stdout).toMatch(/Replayed \d+ webhooks and \d+ pixel batches \(0 refused\)/);
    expect(stdout).toMatch(/Webhook inbox: \d+ processed, 0 pending, 0 failed/);

    const db = createDb(target);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: "pearl-demo.myshopify.com" } });
    const count = async (model: { count(args: { where: { shopId: string } }): Promise<number> }) => model.count({ where: { shopId: shop.id } });
    expect(await count(db.order)).toBeGreaterThanOrEqual(60);
    expect(await count(db.customer)).toBeGreaterThan(10);
    expect(await count(db.product)).toBeGreaterThan(100);
    expect(await count(db.cart)).toBeGreaterThanOrEqual(60);
    expect(await count(db.checkout)).toBeGreaterThanOrEqual(60);
    expect(await count(db.browseEvent)).toBeGreaterThan(500);
    // carts and checkouts are linked to the orders they became
    expect(await db.cart.count({ where: { shopId: shop.id, orderId: { not: null } } })).toBeGreaterThanOrEqual(55);
    expect(await db.checkout.count({ where: { shopId: shop.id, orderId: { not: null } } })).toBeGreaterThanOrEqual(55);
    await db.$disconnect();
  });
});
