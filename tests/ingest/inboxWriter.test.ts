import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlExecutor, type SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import type { Db } from "../../app/db.server.ts";
import { InboxWriter } from "../../app/ingest/inboxWriter.server.ts";
import { shopifyFixture } from "../helpers/fixtures.ts";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb.ts";

// The inbox checks bodies as it stores them (on SQLite in the writer thread,
// on PostgreSQL inline): one batch of concurrent deliveries, good and bad mixed.
describe.each(databaseTargets())("the inbox writer on %s", (_name, target) => {
  let db: Db;
  let sql: SqlExecutor;
  let inbox: InboxWriter;
  const shopDomain = randomShopDomain();

  beforeAll(() => {
    db = openDb(target);
    sql = openSqlExecutor(target);
    inbox = new InboxWriter(sql);
  });
  afterAll(async () => {
    await sql.close();
    await db.$disconnect();
  });

  const write = (webhookId: string, payload: Uint8Array | string) =>
    inbox.write({ webhookId, shopDomain, topic: "orders/create", apiVersion: "2026-07", eventId: null, triggeredAt: null, payload });

  it("stores the JSON objects of a batch once each and refuses the rest with the reason", async () => {
    // GIVEN Shopify's order sample as raw bytes (as read off the socket), a
    // view into a shared buffer, text, a repeat, and four bodies that are not JSON objects
    const order = shopifyFixture("orders-create");
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const shared = Buffer.from(`xx${order}yy`);
    const first = new TextEncoder().encode(order);
    const bodies: [string, Uint8Array | string][] = [
      [ids[0], first],
      [ids[1], shared.subarray(2, shared.length - 2)],
      [ids[2], order],
      [ids[0], first], // the same bytes again: a retry that reuses its buffer
      [ids[3], "{not json"],
      [ids[4], "[1,2,3]"],
      [ids[5], "null"],
      [ids[6], new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
      [ids[7], new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"id":1}')])],
    ];
    // WHEN they arrive together (one group commit)
    const verdicts = await Promise.all(bodies.map(([id, body]) => write(id, body)));
    // THEN each gets its own answer
    expect(verdicts).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
      { ok: true },
      { ok: false, error: "body is not valid JSON" },
      { ok: false, error: "body is not a JSON object" },
      { ok: false, error: "body is not a JSON object" },
      { ok: false, error: "body is not UTF-8" },
      { ok: true },
    ]);
    // and only the valid ones are stored, once, as the text received (BOM dropped)
    const stored = await db.webhookInbox.findMany({ where: { shopDomain }, orderBy: { id: "asc" } });
    expect(stored.map((e) => e.webhookId).sort()).toEqual([ids[0], ids[1], ids[2], ids[7]].sort());
    for (const e of stored) expect(e.payload).toBe(e.webhookId === ids[7] ? '{"id":1}' : order);
  });
});
