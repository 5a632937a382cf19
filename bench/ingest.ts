// npm run bench:ingest — Pearl's ingestion numbers on this machine:
//   1. signed Shopify webhooks over HTTP into the SQLite inbox: sustained rate
//      and time to the 200 (open loop: latency counts from when each request
//      was due), with the in-process drain applying them meanwhile;
//   2. how fast that drain empties the inbox into the store;
//   3. `pearl import` of the 320,705-line online-retail file.
// The webhooks are the demo's replay of the real UK gift shop (orders, carts,
// checkouts, customers, products, refunds), signed as Shopify signs them.
// Knobs: DELIVERIES (20000), RATES ("1000,1500"); for diagnosis only,
// BENCH_NO_DRAIN=1 (the app announces deliveries on the local Redis instead
// of draining them, so acknowledgements are measured alone) and SERVER_FLAGS
// (extra node flags for the app, e.g. --cpu-prof).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DEMO_DATA } from "../app/cli/commands/demoCommand.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { createDb } from "../app/db.server.ts";
import { onlineRetailDemoTraffic } from "../app/demo/demoTraffic.ts";
import { signedWebhookRequest } from "../app/demo/signWebhook.ts";
import { derivePixelKey } from "../app/pixel/pixelKey.ts";
import { installShop } from "../app/store/installShop.ts";
import { startAppProcess } from "./lib/appProcess.ts";
import { openLoop, percentile, type LoadRequest } from "./lib/openLoop.ts";

const DELIVERIES = Number(process.env.DELIVERIES ?? 20_000);
const RATES = (process.env.RATES ?? "1000,1500").split(",").map(Number);
const WARMUP = 2_000;
const PORT = 3900 + Math.floor(Math.random() * 90);

const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-bench-ingest-"));
const secret = randomBytes(24).toString("base64url");
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function webhookRequests(shop: { domain: string; urlSecret: string }, count: number): Promise<LoadRequest[]> {
  const requests: LoadRequest[] = [];
  const traffic = onlineRetailDemoTraffic(DEMO_DATA, { shop: shop.domain, publicKey: derivePixelKey(shop.urlSecret, shop.domain), pixels: false });
  for await (const m of traffic) {
    if (m.kind !== "webhook") continue;
    const { url, init } = signedWebhookRequest({ url: `http://127.0.0.1:${PORT}/webhooks/${m.topic}`, topic: m.topic, shop: shop.domain, webhookId: m.webhookId, eventId: m.eventId, body: m.body, secret, apiVersion: "2026-07", triggeredAt: m.at });
    requests.push({ url, init: { method: "POST", headers: init.headers as Record<string, string>, body: Buffer.from(m.body) } });
    if (requests.length >= count) break;
  }
  return requests;
}

async function ingest(rate: number, index: number) {
  const url = `file:${path.join(dir, `inbox-${index}.db`)}`;
  await migrateDatabase({ provider: "sqlite", url });
  const db = createDb({ provider: "sqlite", url });
  const shop = await installShop(db, { domain: "bench.myshopify.com", platform: "shopify", currency: "GBP" });
  const requests = await webhookRequests(shop, WARMUP + DELIVERIES);
  const bytes = requests.reduce((n, r) => n + r.init.body.length, 0);
  const app = await startAppProcess({
    databaseUrl: url,
    secret,
    port: PORT,
    env: process.env.BENCH_NO_DRAIN ? { REDIS_URL: "redis://127.0.0.1:6379" } : {},
    nodeFlags: (process.env.SERVER_FLAGS ?? "").split(" ").filter(Boolean),
  });
  try {
    await openLoop(requests.slice(0, WARMUP), Math.min(rate, 500)); // JIT and connections warm
    const run = await openLoop(requests.slice(WARMUP), rate);
    const stored = await db.webhookInbox.count();
    const drainStart = performance.now();
    const pendingAtEnd = await db.webhookInbox.count({ where: { processedAt: null } });
    while (!process.env.BENCH_NO_DRAIN) {
      const left = await db.webhookInbox.count({ where: { processedAt: null, failedAt: null } });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const failed = await db.webhookInbox.count({ where: { failedAt: { not: null } } });
    const ok = run.statuses[200] ?? 0;
    console.log(`\n— ${DELIVERIES.toLocaleString()} signed webhooks offered at ${rate}/s (${(bytes / requests.length / 1024).toFixed(1)} KiB average body) —`);
    console.log(`  acknowledged 200:   ${ok} (other statuses ${JSON.stringify(Object.fromEntries(Object.entries(run.statuses).filter(([s]) => s !== "200")))}, errors ${run.errors})`);
    console.log(`  sustained rate:     ${((run.sent / run.wallMs) * 1000).toFixed(0)} webhooks/s`);
    console.log(`  time to the 200:    p50 ${ms(percentile(run.latencies, 50))}  p95 ${ms(percentile(run.latencies, 95))}  p99 ${ms(percentile(run.latencies, 99))}  max ${ms(run.latencies[run.latencies.length - 1])}`);
    console.log(`  in the inbox:       ${stored} of ${WARMUP + DELIVERIES} delivered (exactly once: ${stored === WARMUP + DELIVERIES})`);
    console.log(`  drain:              ${pendingAtEnd} still to apply when the load stopped; inbox empty ${drainSeconds.toFixed(1)} s later; ${failed} failed`);
  } finally {
    await app.stop();
    await db.$disconnect();
  }
}

async function importOnlineRetail() {
  const url = `file:${path.join(dir, "import.db")}`;
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ["bin/pearl.js", "import", "--shop", "retail.myshopify.com", "--format", "online-retail", DEMO_DATA, "--json"], {
    env: { ...process.env, DATABASE_URL: url },
  });
  const wall = (performance.now() - started) / 1000;
  const totals = JSON.parse(stdout);
  console.log(`\n— pearl import of the online-retail file (320,705 lines) —`);
  console.log(`  import: ${totals.seconds} s (whole command ${wall.toFixed(1)} s): ${totals.orders} orders, ${totals.orderLines} lines, ${totals.customers} customers, ${totals.products} products, ${totals.refunds} refunds`);
}

console.log(`Pearl ingestion benchmark — ${os.cpus().length} cores, Node ${process.version}, SQLite default`);
for (const [i, rate] of RATES.entries()) await ingest(rate, i);
await importOnlineRetail();
