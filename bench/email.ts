/**
 * Email benchmark: `npm run bench:email [-- --segments 3000 --recipients 100000 --requests 3000 --rate 200]`.
 *
 * Store: a fresh SQLite database with the real online-retail products
 * (../shared/data, read in place) and one finished analysis run of
 * `--segments` segments, each with a stored feed of 12 products drawn
 * (seeded) from the real catalogue, written as SegmentFeedItem rows.
 *
 *   campaign render   compile the MJML template once, then for every segment
 *                     load its stored feed from the store and fill the layout
 *   merge             the per-recipient merge (personal fields, tracking token)
 *   feed endpoint     GET /feeds/<shop>/<segment>/json|rss|html over HTTP against
 *                     the built app in its own process, open loop at --rate: each
 *                     segment's first fetch after the analysis (read from the
 *                     store), then repeated fetches (kept in memory per run)
 */
import { randomUUID } from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Pool } from "undici";
import { compileTemplate } from "../app/activation/compileTemplate.ts";
import { feedPath, FEED_FORMATS } from "../app/activation/feedUrl.ts";
import { storefrontUrlOf } from "../app/activation/productLink.ts";
import { personalize, renderSegmentEmail, type SegmentEmail } from "../app/activation/segmentEmail.ts";
import { storedSegmentFeedsOf } from "../app/activation/segmentFeeds.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { createDb } from "../app/db.server.ts";
import { streamOnlineRetail } from "../app/imports/onlineRetail.ts";
import { installShop } from "../app/store/installShop.ts";
import { percentile } from "./lib/openLoop.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const SEGMENTS = arg("segments", 3000);
const RECIPIENTS = arg("recipients", 100_000);
const REQUESTS = arg("requests", 3000);
const RATE = arg("rate", 100);
const FEED_SIZE = 12;
const DATA = path.resolve("..", "shared", "data", "online-retail", "online-retail-2010-12-01_2011-08-31.csv.gz");

const TEMPLATE = `<mjml lang="en-GB">
  <mj-head><mj-title>New in for you</mj-title><mj-preview>Picked for {{first_name}}</mj-preview></mj-head>
  <mj-body background-color="#faf7f2">
    <mj-section><mj-column><mj-text font-size="22px">Hello {{ first_name | default: "there" }},</mj-text>
      <mj-text>New in at {{shop_name}}, chosen for customers like you.</mj-text></mj-column></mj-section>
    <mj-product-feed count="6" columns="3" />
    <mj-section><mj-column><mj-text font-size="12px">{{shop_name}} · {{city}}</mj-text></mj-column></mj-section>
  </mj-body>
</mjml>`;

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const ms = (v: number) => `${v.toFixed(2)} ms`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

console.log(`bench:email — ${SEGMENTS.toLocaleString("en")} segments, ${RECIPIENTS.toLocaleString("en")} merges, ${REQUESTS.toLocaleString("en")} feed requests at ${RATE}/s; node ${process.version}, ${availableParallelism()} cores, load ${load()}`);

// --- setup (not timed) ---
const dir = mkdtempSync(path.join(tmpdir(), "pearl-bench-email-"));
const target = { provider: "sqlite" as const, url: `file:${path.join(dir, "bench.db")}` };
await migrateDatabase(target);
const db = createDb(target);
const shop = await installShop(db, { domain: "bench-email.myshopify.com", platform: "shopify", name: "UK gift shop", currency: "GBP", timezone: "Europe/London" });
// Products straight from the data set's reader (the catalogue is all this needs).
const catalogue: { id: string; externalId: string; title: string; handle: string | null; price: string }[] = [];
for await (const item of streamOnlineRetail(DATA)) {
  if (item.kind === "product") catalogue.push({ id: randomUUID(), externalId: item.record.externalId, title: item.record.title, handle: item.record.handle, price: String(item.record.variants[0].price) });
}
for (let i = 0; i < catalogue.length; i += 500) {
  const chunk = catalogue.slice(i, i + 500);
  await db.product.createMany({ data: chunk.map((p) => ({ id: p.id, shopId: shop.id, externalId: p.externalId, title: p.title, handle: p.handle })) });
  await db.variant.createMany({ data: chunk.map((p) => ({ shopId: shop.id, productId: p.id, externalId: p.externalId, sku: p.externalId, price: p.price })) });
}
const products = await db.product.findMany({ where: { shopId: shop.id }, select: { id: true } });
const run = await db.analysisRun.create({ data: { shopId: shop.id, asOf: new Date("2011-09-01"), status: "done", finishedAt: new Date(), progress: 1 } });
const random = seeded(20261201);
const segmentIds = Array.from({ length: SEGMENTS }, (_, i) => `seg_bench_${i.toString().padStart(5, "0")}`);
for (let i = 0; i < segmentIds.length; i += 500) {
  const ids = segmentIds.slice(i, i + 500);
  await db.segment.createMany({ data: ids.map((id) => ({ id, shopId: shop.id, level: "micro", name: `Segment ${id.slice(-5)}`, bornRunId: run.id, lastRunId: run.id })) });
  await db.segmentSnapshot.createMany({ data: ids.map((segmentId) => ({ runId: run.id, segmentId, size: 300, profile: "{}" })) });
  await db.segmentFeedItem.createMany({
    data: ids.flatMap((segmentId) => {
      const picked = new Set<string>();
      while (picked.size < FEED_SIZE) picked.add(products[Math.floor(random() * products.length)].id);
      return [...picked].map((productId, rank) => ({ runId: run.id, segmentId, rank, productId, score: 1 - rank / FEED_SIZE, reason: "bought by look-alikes" }));
    }),
  });
}
console.log(`setup: ${products.length.toLocaleString("en")} real products, ${SEGMENTS.toLocaleString("en")} segments with ${FEED_SIZE} stored products each`);

// --- campaign render ---
const t0 = performance.now();
const compiled = await compileTemplate({ subject: "{{first_name}}, new in for you", mjml: TEMPLATE });
if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
const tCompile = performance.now() - t0;
const emails: SegmentEmail[] = [];
const a = performance.now();
const feeds = await storedSegmentFeedsOf(db, shop.id, run.id, segmentIds);
const loadMs = performance.now() - a;
const b = performance.now();
for (const segmentId of segmentIds) {
  emails.push(renderSegmentEmail(compiled.template, feeds.get(segmentId)!, { storefrontUrl: storefrontUrlOf(shop.domain), campaign: "bench", segmentId, currency: "GBP" }));
}
const fillMs = performance.now() - b;
const tRender = performance.now() - t0;
console.log(`campaign render   ${(tRender / 1000).toFixed(2)} s for ${SEGMENTS.toLocaleString("en")} segments (compile ${ms(tCompile)}, feeds loaded ${(loadMs / 1000).toFixed(2)} s, fills ${(fillMs / 1000).toFixed(2)} s = ${(fillMs / SEGMENTS * 1000).toFixed(0)} µs a segment)  [target < 30 s]`);

// --- per-recipient merge ---
const names = ["Ada", "Grace", "Émile", "O'Brien & Sons", "<b>Zoë</b>", null];
const recipients = Array.from({ length: 1000 }, (_, i) => ({ firstName: names[i % names.length], lastName: "Smith", email: `c${i}@example.test`, city: "London", country: "GB", token: randomUUID().slice(0, 22) }));
let bytes = 0;
for (let i = 0; i < 5000; i++) bytes += personalize(emails[i % emails.length], recipients[i % recipients.length], "UK gift shop").html.length; // warm-up
const samples = new Float64Array(Math.min(RECIPIENTS, 20_000));
const m0 = performance.now();
for (let i = 0; i < RECIPIENTS; i++) {
  const s = performance.now();
  const out = personalize(emails[i % emails.length], recipients[i % recipients.length], "UK gift shop");
  bytes += out.html.length + out.text.length;
  if (i < samples.length) samples[i] = performance.now() - s;
}
const mergeMs = performance.now() - m0;
samples.sort();
console.log(`merge             mean ${(mergeMs / RECIPIENTS * 1000).toFixed(1)} µs, p50 ${(percentile(samples, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(samples, 99) * 1000).toFixed(1)} µs, max ${(samples[samples.length - 1] * 1000).toFixed(0)} µs (HTML ${(emails[0].html.statics.join("").length / 1024).toFixed(1)} KiB)  [target < 1 ms]`);

// --- feed endpoint over HTTP ---
if (!existsSync(path.resolve("build", "server", "index.js"))) {
  console.log("building the app...");
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}
// The app in its own process, as in production: the load generator here must not share its event loop.
const appPort = 41_000 + Math.floor(Math.random() * 5_000);
const app = spawn(process.execPath, ["--import", "tsx", path.resolve("server.ts")], {
  env: { ...process.env, NODE_ENV: "production", DATABASE_URL: target.url, SHOPIFY_API_KEY: "bench", SHOPIFY_API_SECRET: "bench-secret", SHOPIFY_APP_URL: "http://127.0.0.1", PORT: String(appPort), HOST: "127.0.0.1" },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  app.stdout!.once("data", () => resolve());
  app.once("exit", (code) => reject(new Error(`the app stopped at start (exit code ${code})`)));
});
const server = { url: `http://127.0.0.1:${appPort}`, close: async () => { app.kill("SIGTERM"); } };
const pool = new Pool(server.url, { connections: 16, keepAliveTimeout: 30_000 });
async function openLoopGets(paths: string[], label: string) {
  const latencies = new Float64Array(paths.length);
  const statuses: Record<number, number> = {};
  let size = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < paths.length; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(pool.request({ path: paths[i], method: "GET" }).then(async (res) => {
      const body = await res.body.text();
      size = Math.max(size, Buffer.byteLength(body));
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }).finally(() => { latencies[i] = performance.now() - due; }));
  }
  await Promise.all(inFlight);
  latencies.sort();
  console.log(`${label.padEnd(18)}p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies[latencies.length - 1])}; statuses ${JSON.stringify(statuses)}; largest ${(size / 1024).toFixed(1)} KiB  [target p99 < 20 ms]`);
}
// Warm the app itself (JIT, connections) on one segment, then: every segment's
// first fetch after the analysis (read from the store), then repeat fetches.
for (let i = 0; i < 200; i++) await (await pool.request({ path: feedPath(shop, segmentIds[0], FEED_FORMATS[i % 3]), method: "GET" })).body.dump();
for (const format of FEED_FORMATS) {
  const order = [...segmentIds].sort(() => random() - 0.5).slice(0, REQUESTS);
  await openLoopGets(order.map((id) => feedPath(shop, id, format)), `feed ${format} first`);
  await openLoopGets(Array.from({ length: REQUESTS }, () => feedPath(shop, segmentIds[Math.floor(random() * segmentIds.length)], format)), `feed ${format} again`);
}
await pool.close();
await server.close();
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
console.log(`load average after: ${load()}`);
process.exit(0);
