import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { storedSegmentFeeds } from "../../app/activation/segmentFeeds.ts";
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

    // it ends with the analysis and one campaign rendered for every segment, in files it names
    const run = await db.analysisRun.findFirstOrThrow({ where: { shopId: shop.id, status: "done" } });
    const segments = await db.segmentSnapshot.findMany({ where: { runId: run.id } });
    expect(segments.length).toBeGreaterThan(0);
    const index = /Open (\S+index\.html) to see every segment's email/.exec(stdout)?.[1];
    expect(stdout).toContain(`rendered one campaign for each of its ${segments.length} segment`);
    expect(index && existsSync(index)).toBe(true);
    for (const s of segments) {
      const html = readFileSync(index!.replace(/index\.html$/, `${s.segmentId}.html`), "utf8");
      const feed = (await storedSegmentFeeds(db)(shop.id, s.segmentId, run.id)).slice(0, 6);
      expect(feed.length).toBeGreaterThan(0);
      for (const item of feed) expect(html).toContain(item.title.replace(/&/g, "&amp;"));
      expect(html).toContain(`utm_content=${s.segmentId}`);
    }
    await db.$disconnect();
  });
});
