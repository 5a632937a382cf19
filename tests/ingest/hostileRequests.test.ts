import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileRequests, sendHostile, summarize } from "../../bench/lib/hostileRequests.ts";
import { inboxSettled, startTestApp, TEST_SECRET, type TestApp } from "../helpers/appServer.ts";

// The same generator as `npm run fuzz:webhooks`, fewer requests: each gets the
// answer it must, nothing answers 5xx, and only what was valid is kept.
describe("hostile traffic against the webhook and pixel endpoints", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it("gets the right 4xx, never a 5xx, and stores exactly the valid deliveries", async () => {
    // GIVEN 800 seeded hostile requests, valid deliveries among them
    const requests = hostileRequests({ shop: app.shop.domain, urlSecret: app.shop.urlSecret, secret: TEST_SECRET, maxBodyBytes: 2 * 1024 * 1024 }, 800, 7);
    // WHEN they are all sent
    const summary = summarize(await sendHostile(app.url, requests, 8));
    // THEN every answer is the expected one
    const wrong = [...summary.byCategory].filter(([, row]) => row.unexpected > 0).map(([category, row]) => ({ category, statuses: row.statuses }));
    expect(wrong).toEqual([]);
    expect(summary.serverErrors + summary.connectionErrors).toBe(0);
    expect(summary.byCategory.size).toBeGreaterThan(20);
    // and the inbox holds the valid deliveries, each once, and nothing else
    const stored = await app.db.webhookInbox.findMany({ where: { shopDomain: app.shop.domain }, select: { webhookId: true } });
    expect(stored.map((e) => e.webhookId).sort()).toEqual([...summary.mustBeStored].sort());
    expect(await app.db.browseEvent.count({ where: { shopId: app.shop.id } })).toBe(summary.pixelStored);
    // and the drain gets through all of it: applied or set aside with a reason, none left hanging
    await inboxSettled(app.db, 60_000);
    const left = await app.db.webhookInbox.findMany({ where: { shopDomain: app.shop.domain, processedAt: null, failedAt: null }, select: { webhookId: true, lastError: true } });
    expect(left).toEqual([]);
  });
});
