// npm run bench:load — the production path under load and a crash:
// PostgreSQL (127.0.0.1:5432) + Redis (127.0.0.1:6379), the web process only
// verifies, stores and announces, two `npm run worker` processes drain.
// DELIVERIES (20,000) signed webhooks from the replay of the real store are
// posted at RATE (1,000)/s; when 30% have been sent one worker is killed with
// SIGKILL, and it is started again at 60%. Afterwards every acknowledged
// delivery must be in the inbox and applied, and the store must equal a
// reference store built from the same deliveries by one clean in-process
// drain: fewer rows or smaller sums are losses, more are duplicates.
// Workers run at a lower CPU priority than the web process (see startWorker).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { Redis } from "ioredis";
import pg from "pg";
import { DEMO_DATA } from "../app/cli/commands/demoCommand.ts";
import type { DatabaseTarget } from "../app/db/databaseUrl.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { openSqlExecutor } from "../app/db/sqlExecutor.server.ts";
import { createDb, type Db } from "../app/db.server.ts";
import { onlineRetailDemoTraffic } from "../app/demo/demoTraffic.ts";
import { signedWebhookRequest } from "../app/demo/signWebhook.ts";
import { drainInbox } from "../app/ingest/drainInbox.server.ts";
import { InboxWriter } from "../app/ingest/inboxWriter.server.ts";
import { derivePixelKey } from "../app/pixel/pixelKey.ts";
import { installShop } from "../app/store/installShop.ts";
import { startAppProcess } from "./lib/appProcess.ts";
import { openLoop, percentile, type LoadRequest } from "./lib/openLoop.ts";

const DELIVERIES = Number(process.env.DELIVERIES ?? 20_000);
const RATE = Number(process.env.RATE ?? 1000);
const PG_ADMIN = process.env.PEARL_BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// A database of its own on the local Redis, so tests and other runs do not share the queue.
const REDIS_URL = process.env.PEARL_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/7";
const PORT = 4100 + Math.floor(Math.random() * 90);
const SHOP = "load.myshopify.com";
const secret = randomBytes(24).toString("base64url");
const stamp = `${process.pid}_${Date.now()}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function freshDatabase(name: string): Promise<DatabaseTarget> {
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { provider: "postgresql", url: url.toString() };
  await migrateDatabase(target);
  return target;
}

interface Delivery {
  topic: string;
  webhookId: string;
  eventId: string;
  body: string;
  at: Date;
}

async function deliveries(count: number): Promise<Delivery[]> {
  const out: Delivery[] = [];
  // The pixel key is not needed: only webhooks are replayed.
  for await (const m of onlineRetailDemoTraffic(DEMO_DATA, { shop: SHOP, publicKey: derivePixelKey("unused", SHOP), pixels: false })) {
    if (m.kind !== "webhook") continue;
    out.push({ topic: m.topic, webhookId: m.webhookId, eventId: m.eventId, body: m.body, at: m.at });
    if (out.length >= count) break;
  }
  return out;
}

function startWorker(target: DatabaseTarget, name: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/workerMain.ts"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: target.url, REDIS_URL, SHOPIFY_API_KEY: "bench", SHOPIFY_API_SECRET: secret, SHOPIFY_APP_URL: "http://127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Workers yield the CPU to the web process: on this 2-core machine they share
  // it with the web process, PostgreSQL and the load generator, and the
  // acknowledgements are what Shopify times; the drain may lag and catch up.
  // (In production workers run on machines of their own.)
  if (child.pid) os.setPriority(child.pid, 10);
  child.once("exit", (code, signal) => {
    if (signal !== "SIGKILL" && signal !== "SIGTERM" && code !== 0) console.error(`  worker ${name} exited with ${code ?? signal}`);
  });
  return child;
}

/** What a store holds for the shop: counts and sums that a lost or repeated delivery would change. */
async function fingerprint(db: Db, shopId: string) {
  const [orders, lines, refunds, refundLines, customers, products, variants, carts, checkouts] = await Promise.all([
    db.order.aggregate({ where: { shopId }, _count: true, _sum: { totalPrice: true } }),
    db.orderLine.aggregate({ where: { shopId }, _count: true, _sum: { quantity: true } }),
    db.refund.aggregate({ where: { shopId }, _count: true, _sum: { amount: true } }),
    db.refundLine.count({ where: { refund: { shopId } } }),
    db.customer.count({ where: { shopId } }),
    db.product.count({ where: { shopId } }),
    db.variant.count({ where: { shopId } }),
    db.cart.count({ where: { shopId } }),
    db.checkout.count({ where: { shopId } }),
  ]);
  const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
  return {
    orders: orders._count,
    "order total (cents)": cents(orders._sum.totalPrice),
    "order lines": lines._count,
    "line quantity": Number(lines._sum.quantity ?? 0),
    refunds: refunds._count,
    "refund amount (cents)": cents(refunds._sum.amount),
    "refund lines": refundLines,
    customers,
    products,
    variants,
    carts,
    checkouts,
  };
}

async function waitForDrain(db: Db, total: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const done = await db.webhookInbox.count({ where: { OR: [{ processedAt: { not: null } }, { failedAt: { not: null } }] } });
    if (done >= total || performance.now() - started > timeoutMs) return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 500));
  }
}

console.log(`bench:load — ${DELIVERIES.toLocaleString("en")} signed webhooks at ${RATE}/s; PostgreSQL + Redis, 2 workers, one SIGKILLed mid-run; ${os.cpus().length} cores, Node ${process.version}`);
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
await redis.flushdb();
await redis.quit();
const mainName = `pearl_load_${stamp}`;
const refName = `pearl_load_ref_${stamp}`;
const target = await freshDatabase(mainName);
const db = createDb(target);
const shop = await installShop(db, { domain: SHOP, platform: "shopify", currency: "GBP" });
const list = await deliveries(DELIVERIES);
const requests: LoadRequest[] = list.map((d) => {
  const { url, init } = signedWebhookRequest({ url: `http://127.0.0.1:${PORT}/webhooks/${d.topic}`, topic: d.topic, shop: SHOP, webhookId: d.webhookId, eventId: d.eventId, body: d.body, secret, apiVersion: "2026-07", triggeredAt: d.at });
  return { url, init: { method: "POST", headers: init.headers as Record<string, string>, body: Buffer.from(d.body) } };
});
const app = await startAppProcess({ databaseUrl: target.url, secret, port: PORT, env: { REDIS_URL } });
const workers = [startWorker(target, "A"), startWorker(target, "B")];
const killAt = Math.floor(DELIVERIES * 0.3);
const restartAt = Math.floor(DELIVERIES * 0.6);
let exitCode = 0;
try {
  const run = await openLoop(requests, RATE, 64, (sent) => {
    if (sent === killAt) {
      workers[0].kill("SIGKILL");
      console.log(`  ${sent.toLocaleString("en")} sent: worker A killed (SIGKILL)`);
    }
    if (sent === restartAt) {
      workers[0] = startWorker(target, "A'");
      console.log(`  ${sent.toLocaleString("en")} sent: worker A started again`);
    }
  });
  const acknowledged = run.statuses[200] ?? 0;
  console.log(`  acknowledged 200:  ${acknowledged} of ${run.sent} (other statuses ${JSON.stringify(Object.fromEntries(Object.entries(run.statuses).filter(([s]) => s !== "200")))}, errors ${run.errors})`);
  console.log(`  throughput:        ${((run.sent / run.wallMs) * 1000).toFixed(0)} webhooks/s`);
  console.log(`  time to the 200:   p50 ${percentile(run.latencies, 50).toFixed(1)} ms  p99 ${percentile(run.latencies, 99).toFixed(1)} ms  max ${run.latencies[run.latencies.length - 1].toFixed(1)} ms`);

  const distinct = new Set(list.map((d) => d.webhookId)).size;
  const drainSeconds = await waitForDrain(db, distinct, 600_000);
  const inbox = await db.webhookInbox.count();
  const applied = await db.webhookInbox.count({ where: { processedAt: { not: null } } });
  const setAside = await db.webhookInbox.count({ where: { failedAt: { not: null } } });
  console.log(`  drained:           ${applied} applied, ${setAside} set aside, ${inbox - applied - setAside} pending, ${drainSeconds.toFixed(1)} s after the load`);

  // The reference: the same deliveries, one in-process drain, no crash.
  const refTarget = await freshDatabase(refName);
  const refDb = createDb(refTarget);
  const refShop = await installShop(refDb, { domain: SHOP, platform: "shopify", currency: "GBP" });
  const refSql = openSqlExecutor(refTarget);
  const refInbox = new InboxWriter(refSql);
  for (let i = 0; i < list.length; i += 500) {
    await Promise.all(list.slice(i, i + 500).map((d) => refInbox.write({ webhookId: d.webhookId, shopDomain: SHOP, topic: d.topic, apiVersion: "2026-07", eventId: d.eventId, triggeredAt: d.at, payload: d.body })));
  }
  while ((await drainInbox(refDb)).processed > 0);
  const [got, want] = [await fingerprint(db, shop.id), await fingerprint(refDb, refShop.id)];
  await refSql.close();
  await refDb.$disconnect();

  let lost = Math.max(0, distinct - inbox) + (inbox - applied - setAside);
  let duplicated = Math.max(0, inbox - distinct);
  console.log("  store against the reference drain:");
  for (const key of Object.keys(want) as (keyof typeof want)[]) {
    const diff = got[key] - want[key];
    if (diff < 0) lost++;
    if (diff > 0) duplicated++;
    console.log(`    ${key.padEnd(22)} ${String(got[key]).padStart(12)} ${String(want[key]).padStart(12)}${diff === 0 ? "" : `   ✗ ${diff > 0 ? "+" : ""}${diff}`}`);
  }
  console.log(`  lost:              ${lost}`);
  console.log(`  duplicated:        ${duplicated}`);
  if (lost || duplicated || acknowledged !== run.sent) exitCode = 1;
} finally {
  for (const w of workers) w.kill("SIGTERM");
  await app.stop();
  await db.$disconnect();
  await admin(`DROP DATABASE IF EXISTS ${mainName} WITH (FORCE)`);
  await admin(`DROP DATABASE IF EXISTS ${refName} WITH (FORCE)`);
}
process.exit(exitCode);
