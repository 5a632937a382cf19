import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { applyDelivery } from "../../app/ingest/applyDelivery.ts";
import { parseJsonLossless } from "../../app/ingest/losslessJson.ts";
import type { Json } from "../../app/ingest/shopify/fields.ts";
import type { WebhookTopic } from "../../app/ingest/webhookTopics.ts";
import type { Tx } from "../../app/store/tx.ts";
import { shopifyFixture, withFields } from "../helpers/fixtures.ts";
import { productPayload } from "../helpers/payloads.ts";
import { closeStore, openStore, postgresTarget, type TestStore } from "../helpers/testDb.ts";

// Read committed lets another worker store a newer version between a
// writer's read and its update. SQLite cannot interleave writers like this
// (a transaction holds the write lock from its first statement), so the
// race is PostgreSQL's alone.
const target = postgresTarget();

interface Versioned {
  topic: WebhookTopic;
  payload: (version: string, updatedAt: string) => string;
  stored: (db: Db, shopId: string) => Promise<string | null | undefined>;
}

const records: [string, Versioned][] = [
  ["customer", {
    topic: "customers/update",
    payload: (v, at) => withFields(shopifyFixture("customers-create"), { first_name: v, updated_at: at }),
    stored: async (db, shopId) => (await db.customer.findFirst({ where: { shopId } }))?.firstName,
  }],
  ["order", {
    topic: "orders/updated",
    payload: (v, at) => withFields(shopifyFixture("orders-create"), { name: v, updated_at: at }),
    stored: async (db, shopId) => (await db.order.findFirst({ where: { shopId } }))?.name,
  }],
  ["product", {
    topic: "products/update",
    payload: (v, at) => productPayload(632910392, at, { title: v }),
    stored: async (db, shopId) => (await db.product.findFirst({ where: { shopId } }))?.title,
  }],
  ["cart", {
    topic: "carts/update",
    payload: (v, at) => withFields(shopifyFixture("carts-update"), { note: v, updated_at: at }),
    stored: async (db, shopId) => (await db.cart.findFirst({ where: { shopId } }))?.note,
  }],
  ["checkout", {
    topic: "checkouts/update",
    payload: (v, at) => withFields(shopifyFixture("checkouts-create"), { email: `${v}@example.com`, updated_at: at }),
    stored: async (db, shopId) => (await db.checkout.findFirst({ where: { shopId } }))?.email?.split("@")[0],
  }],
];

describe.skipIf(!target).each(records)("a %s written by two workers at once on PostgreSQL", (_name, record) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openStore(target!);
  });
  afterAll(() => closeStore(store));

  const apply = (tx: Tx, version: string, updatedAt: string) =>
    applyDelivery(tx, store.shopId, {
      topic: record.topic,
      payload: parseJsonLossless(record.payload(version, updatedAt)) as Record<string, Json>,
      triggeredAt: new Date(updatedAt),
      webhookId: randomUUID(),
    });

  it("keeps the newer version when the older one read before the newer one committed", async () => {
    // GIVEN a stored first version
    await store.db.$transaction((tx) => apply(tx, "v1", "2022-01-01T00:00:01Z"));
    // AND a worker that has written version 3 and not yet committed
    const written = Promise.withResolvers<void>();
    const commit = Promise.withResolvers<void>();
    const newer = store.db.$transaction(async (tx) => {
      await apply(tx, "v3", "2022-01-01T00:00:03Z");
      written.resolve();
      await commit.promise;
    }, { timeout: 20_000 });
    await written.promise;
    // WHEN another worker applies version 2: it reads v1, and its update waits for the first worker's row lock
    const older = store.db.$transaction((tx) => apply(tx, "v2", "2022-01-01T00:00:02Z"), { timeout: 20_000 });
    await waitFor(() => waitingOnALock(store.db));
    commit.resolve();
    await Promise.all([newer, older]);
    // THEN version 3 stays
    expect(await record.stored(store.db, store.shopId)).toBe("v3");
  });
});

async function waitingOnALock(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return rows[0].n > 0n;
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (const started = Date.now(); !(await condition()); ) {
    if (Date.now() - started > 10_000) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
