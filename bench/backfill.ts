// npm run bench:backfill [-- --orders N --seed S] — a Shopify backfill of
// 1,000,000 orders into the SQLite store.
//
// Setup (not timed): the real online-retail orders (../shared/data, read in
// place) resampled to N orders — each a copy of a real order (its lines,
// prices, quantities) for a copy of its customer, dated a random whole number
// of weeks away within the data's span — written as the JSONL file Shopify's
// bulk query for customers, products and orders with line items returns
// (app/demo/shopifyBulkExport.ts), to a temporary file.
//
// Timed: `pearl import --format shopify-jsonl`'s code path on that file
// (importShopifyJsonl: streamed, joined through __parentId, batched into the
// store with the job's progress). RSS is sampled every second: the peak and
// the samples show whether memory stays flat as the file streams.
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { importShopifyJsonl } from "../app/backfill/importShopifyJsonl.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { openSqlExecutor } from "../app/db/sqlExecutor.server.ts";
import { createDb } from "../app/db.server.ts";
import { customerLine, orderLines, productLines } from "../app/demo/shopifyBulkExport.ts";
import type { ImportItem } from "../app/imports/importItems.ts";
import { ONLINE_RETAIL_TIME_ZONE, streamOnlineRetail } from "../app/imports/onlineRetail.ts";
import { installShop } from "../app/store/installShop.ts";
import type { CustomerRecord, OrderRecord, ProductRecord } from "../app/store/records.ts";
import { ONLINE_RETAIL_PATH } from "./lib/onlineRetail.ts";
import { mulberry32 } from "../app/intelligence/bandit/random.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const ORDERS = arg("orders", 1_000_000);
const SEED = arg("seed", 20261201);
const WEEK_MS = 7 * 86_400_000;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

console.log(`bench:backfill — ${ORDERS.toLocaleString("en")} orders, seed ${SEED}, node ${process.version}, load ${load()}`);

// ---------------------------------------------------------------- setup
const base = { customers: [] as CustomerRecord[], products: [] as ProductRecord[], orders: [] as OrderRecord[] };
for await (const item of streamOnlineRetail(ONLINE_RETAIL_PATH, { timeZone: ONLINE_RETAIL_TIME_ZONE }) as AsyncIterable<ImportItem>) {
  if (item.kind === "customer") base.customers.push(item.record);
  else if (item.kind === "product") base.products.push(item.record);
  else if (item.kind === "order") base.orders.push(item.record);
}
const spanStart = Math.min(...base.orders.map((o) => o.processedAt.getTime()));
const spanEnd = Math.max(...base.orders.map((o) => o.processedAt.getTime()));
const copies = Math.ceil(ORDERS / base.orders.length);
console.log(`setup: ${base.orders.length.toLocaleString("en")} real orders, ${base.customers.length.toLocaleString("en")} customers, ${base.products.length.toLocaleString("en")} products; ${copies} copies of each customer`);

const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-bench-backfill-"));
const file = path.join(dir, "bulk.jsonl");
const out = createWriteStream(file, { highWaterMark: 1 << 22 });
let pending: string[] = [];
const write = async (line: object) => {
  pending.push(JSON.stringify(line));
  if (pending.length >= 4096) {
    if (!out.write(pending.join("\n") + "\n")) await once(out, "drain");
    pending = [];
  }
};
const t0 = performance.now();
const copyOf = (c: CustomerRecord, k: number): CustomerRecord => ({ ...c, externalId: `${c.externalId}-${k}` });
for (let k = 0; k < copies; k++) for (const c of base.customers) await write(customerLine(copyOf(c, k)));
for (const p of base.products) for (const line of productLines(p)) await write(line);
const rng = mulberry32(SEED);
let lineItems = 0;
for (let i = 0; i < ORDERS; i++) {
  const o = base.orders[Math.floor(rng() * base.orders.length)];
  const k = Math.floor(rng() * copies);
  const t = o.processedAt.getTime();
  const kMin = -Math.floor((t - spanStart) / WEEK_MS);
  const kMax = Math.floor((spanEnd - t) / WEEK_MS);
  const shift = (kMin + Math.floor(rng() * (kMax - kMin + 1))) * WEEK_MS;
  const at = new Date(t + shift);
  const externalId = `r${i}`;
  lineItems += o.lines.length;
  const copy: OrderRecord = {
    ...o,
    externalId,
    name: `#${i + 1001}`,
    customer: o.customer ? copyOf(o.customer, k) : null,
    processedAt: at,
    sourceUpdatedAt: at,
    lines: o.lines.map((l, j) => ({ ...l, externalId: `${externalId}-${j}` })),
  };
  for (const line of orderLines(copy)) await write(line);
}
out.end(pending.join("\n") + (pending.length ? "\n" : ""));
await once(out, "finish");
const size = statSync(file).size;
console.log(`setup: wrote ${file}: ${mb(size)}, ${(copies * base.customers.length).toLocaleString("en")} customers, ${ORDERS.toLocaleString("en")} orders, ${lineItems.toLocaleString("en")} line items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const target = { provider: "sqlite" as const, url: `file:${path.join(dir, "pearl.db")}` };
await migrateDatabase(target);
const db = createDb(target);
const sql = openSqlExecutor(target);
const shop = await installShop(db, { domain: "bench-backfill.myshopify.com", platform: "shopify", currency: "GBP" });

// ---------------------------------------------------------------- timed
const samples: { s: number; rss: number; bytes: number }[] = [];
let bytes = 0;
let peak = process.memoryUsage().rss;
const started = performance.now();
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  samples.push({ s: (performance.now() - started) / 1000, rss, bytes });
}, 1000);
const result = await importShopifyJsonl(db, sql, shop.id, file, { onProgress: (p) => { bytes = p.bytes; } });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const stored = {
  customers: await db.customer.count({ where: { shopId: shop.id } }),
  products: await db.product.count({ where: { shopId: shop.id } }),
  orders: await db.order.count({ where: { shopId: shop.id } }),
  orderLines: await db.orderLine.count({ where: { shopId: shop.id } }),
};
console.log(`import: ${seconds.toFixed(1)} s for ${mb(size)} (${(size / 2 ** 20 / seconds).toFixed(1)} MB/s, ${Math.round(ORDERS / seconds).toLocaleString("en")} orders/s, ${Math.round(lineItems / seconds).toLocaleString("en")} lines/s), load ${load()}`);
console.log(`stored: ${JSON.stringify(stored)}; written ${JSON.stringify({ customers: result.customers, products: result.products, orders: result.orders, orderLines: result.orderLines, skipped: result.skipped, invalid: result.invalid, orphans: result.orphans })}`);
const step = Math.max(1, Math.ceil(samples.length / 20));
console.log(`RSS samples (every ${step} s): ${samples.filter((_, i) => i % step === 0).map((x) => `${x.s.toFixed(0)}s ${mb(x.rss)} @${((100 * x.bytes) / size).toFixed(0)}%`).join(", ")}`);
console.log(`peak RSS: ${mb(peak)}`);
const ok = stored.orders === ORDERS && seconds < 180;
console.log(ok ? "OK: every order stored, under 3 minutes" : `NOT MET: ${stored.orders} of ${ORDERS} orders stored in ${seconds.toFixed(1)} s (target 180 s)`);
await sql.close();
await db.$disconnect();
if (!process.argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
