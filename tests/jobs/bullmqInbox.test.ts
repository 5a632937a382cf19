import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { InboxWriter } from "../../app/ingest/inboxWriter.server.ts";
import { BullInboxQueue, startInboxWorker } from "../../app/jobs/inboxQueue.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { openDb, postgresTarget, randomShopDomain, sqliteTarget } from "../helpers/testDb.ts";

const REDIS_URL = process.env.PEARL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisAnswers(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379), timeout: 1000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => (socket.destroy(), resolve(false)));
  });
}

const redis = await redisAnswers();
if (!redis) console.warn(`Redis does not answer at ${REDIS_URL}: the BullMQ tests are skipped.`);

// The production path: PostgreSQL when it runs (SQLite otherwise), the web
// process announcing deliveries on BullMQ, several workers draining them.
describe.skipIf(!redis)("the inbox on BullMQ (REDIS_URL)", () => {
  const target = postgresTarget() ?? sqliteTarget();
  const queueName = `pearl-inbox-test-${randomUUID()}`;
  let db: Db;
  let workers: { close(): Promise<void> }[] = [];
  let queue: BullInboxQueue;
  let inbox: InboxWriter;
  let shop: { id: string; domain: string };

  beforeAll(async () => {
    db = openDb(target);
    shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
    queue = new BullInboxQueue(REDIS_URL, queueName);
    inbox = new InboxWriter(openSqlExecutor(target), (ids) => queue.delivered(ids));
    // GIVEN two workers (two `npm run worker` processes would be the same)
    workers = [
      await startInboxWorker(openDb(target), REDIS_URL, { queueName, concurrency: 2 }),
      await startInboxWorker(openDb(target), REDIS_URL, { queueName, concurrency: 2 }),
    ];
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await queue?.close();
    await db?.$disconnect();
  });

  it("drains every delivery into the store exactly once", async () => {
    // WHEN 300 deliveries arrive, some of them twice
    const ids = Array.from({ length: 300 }, () => randomUUID());
    await Promise.all(ids.map((webhookId, i) =>
      inbox.write({ webhookId, shopDomain: shop.domain, topic: "customers/create", apiVersion: "2026-07", eventId: null, triggeredAt: new Date(), payload: JSON.stringify({ id: 9_000_000 + i, email: `w${i}@example.com`, updated_at: "2022-01-01T00:00:00Z" }) })));
    await Promise.all(ids.slice(0, 50).map((webhookId) =>
      inbox.write({ webhookId, shopDomain: shop.domain, topic: "customers/create", apiVersion: "2026-07", eventId: null, triggeredAt: new Date(), payload: "{}" })));
    // THEN the workers apply each once
    await expect.poll(() => db.webhookInbox.count({ where: { webhookId: { in: ids }, processedAt: { not: null } } }), { timeout: 30_000, interval: 200 }).toBe(300);
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(300);
    expect(await db.webhookInbox.count({ where: { webhookId: { in: ids } } })).toBe(300);
  });
});
