/**
 * Recommendations benchmark: `npm run bench:recs [-- --customers N --seed S]`.
 *
 * Reads the UCI Online Retail extract (../shared/data, read in place) with
 * each line's stock code, resamples customers with replacement to 1,000,000
 * (bench/lib/resample.ts, as bench:clv: fresh ids, dates shifted by whole
 * weeks), puts them in micro-segments of about 350 (at random: the
 * segmentation of a million customers is bench:segment's; what costs here is
 * the number and size of segments), then times the pure recommender as
 * `pearl analyze` runs it (app/intelligence/recommend/recommend.ts):
 *
 *   catalog         what may be recommended, categories, variant groups
 *   blend fit       the store replayed 60 days earlier, candidates for a
 *                   sample of customers, logistic regression
 *   signals         purchase history, product stats (popularity, intervals),
 *                   co-purchase neighbours, a feed per segment
 *   customer top-k  candidates, blend and diversity for every customer
 *
 * Loading and resampling are reported but not part of the total.
 */
import { availableParallelism, loadavg } from "node:os";
import { variantGroups } from "../app/intelligence/recommend/catalog";
import { recommendInParallel } from "../app/intelligence/recommend/recommend";
import { loadOnlineRetail } from "./lib/onlineRetail";
import { mulberry32 } from "../app/intelligence/bandit/random.ts";
import { resampleToOrderTable } from "./lib/resample";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CUSTOMERS = arg("customers", 1_000_000);
const SEED = arg("seed", 20240601);
const SEGMENT_SIZE = 350;
const TARGET_S = 60;

interface Timing {
  wall: number;
  cpu: number;
}

function fmtTiming(label: string, t: Timing): string {
  return `  ${label.padEnd(16)} ${(t.wall / 1000).toFixed(2).padStart(6)} s wall ${(t.cpu / 1000).toFixed(2).padStart(6)} s cpu`;
}

function time<T>(label: string, fn: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = fn();
  const c = process.cpuUsage(c0);
  console.log(fmtTiming(label, { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }));
  return v;
}

console.log(`bench:recs — ${CUSTOMERS.toLocaleString("en")} customers, seed ${SEED}, node ${process.version}`);
console.log("setup (not timed in the total):");
const data = time("load gz", () => loadOnlineRetail());
const table = time("resample", () => resampleToOrderTable(data.customers, { customers: CUSTOMERS, seed: SEED, startMs: data.startMs, endMs: data.endMs }));
const nSegments = Math.max(1, Math.round(CUSTOMERS / SEGMENT_SIZE));
const rng = mulberry32(SEED + 1);
const segmentOf = Int32Array.from({ length: CUSTOMERS }, () => Math.floor(rng() * nSegments));
console.log(
  `    ${table.customerIds.length.toLocaleString("en")} customers, ${table.orderCustomer.length.toLocaleString("en")} orders, ` +
    `${table.lineCategory.length.toLocaleString("en")} lines, ${(table.products ?? []).length.toLocaleString("en")} products, ` +
    `${table.categories.length} categories, ${nSegments.toLocaleString("en")} segments`,
);

const asOfMs = Date.UTC(2011, 8, 1);
console.log(`pipeline (as of ${new Date(asOfMs).toISOString().slice(0, 10)}; top-k on ${Math.min(2, availableParallelism())} threads):`);
const phases = new Map<string, Timing>();
let current: string | null = null;
let c0 = process.cpuUsage();
let t0 = performance.now();
const close = () => {
  if (current === null) return;
  const c = process.cpuUsage(c0);
  const t = { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  phases.set(current, t);
  console.log(fmtTiming(current, t));
};
const threads = Math.min(2, availableParallelism());
const result = await recommendInParallel(
  { table, asOfMs, segmentOf, nSegments },
  threads,
  { catalog: { group: variantGroups(table.products ?? []) } },
  (name) => {
    close();
    current = name;
    c0 = process.cpuUsage();
    t0 = performance.now();
  },
);
close();
let wall = 0;
let cpu = 0;
for (const t of phases.values()) {
  wall += t.wall;
  cpu += t.cpu;
}
console.log(`  ${"TOTAL".padEnd(16)} ${(wall / 1000).toFixed(2).padStart(6)} s wall ${(cpu / 1000).toFixed(2).padStart(6)} s cpu  (target < ${TARGET_S} s wall)`);
console.log(`  (load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores while running)`);

const { topK, feeds, blend } = result;
let listed = 0;
let items = 0;
for (let c = 0; c < topK.nCustomers; c++) {
  let n = 0;
  while (n < topK.k && topK.product[c * topK.k + n] >= 0) n++;
  if (n > 0) listed++;
  items += n;
}
const reasons = new Map<number, number>();
for (const r of topK.reason) if (r) reasons.set(r, (reasons.get(r) ?? 0) + 1);
console.log("results:");
console.log(`  ${listed.toLocaleString("en")} customers with a list, ${(items / Math.max(1, listed)).toFixed(2)} items each; ${feeds.nSegments.toLocaleString("en")} segment feeds of ${(feeds.product.length / Math.max(1, feeds.nSegments)).toFixed(1)} items`);
console.log(`  blend ${blend.fitted ? `learned from ${blend.customers.toLocaleString("en")} customers, ${blend.samples.toLocaleString("en")} samples` : "default"}; reasons ${[...reasons].sort((a, b) => a[0] - b[0]).map(([r, n]) => `${r}:${n}`).join(" ")}`);
console.log(`peak memory (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
