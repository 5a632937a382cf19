/**
 * Segmentation benchmark: `npm run bench:segment [-- --customers N --seed S]`.
 *
 * Without --customers it runs 100,000 and then 1,000,000 customers, each in
 * its own process (clean peak-RSS figures). Customers are resampled from the
 * UCI Online Retail extract (bench/lib: as bench:clv) in chunks of 100,000
 * (bench/lib/chunkedCustomers.ts says why), then the pure pipeline is timed:
 *
 *   features     customerFeaturesFromTable per chunk + merge + preferred months
 *   clv          BG/NBD + Gamma-Gamma fit, scores, tiers
 *   vectors      buildVectors
 *   clustering   macro k by silhouette, size-bounded micro-segments
 *   profiles     profiles and unique names
 *
 * Wall and CPU time are printed per phase (the machine is shared; CPU time
 * is what other load does not inflate). The unconstrained comparison (same
 * k, same start, plain Lloyd; for the WCSS figure) runs afterwards, untimed. At macro level the same
 * vectors go through scikit-learn's KMeans (/usr/bin/python3, same k,
 * k-means++, n_init=1; vectors passed as a float32 file) and the time ratio
 * is printed against Pearl's macro fit (ml-kmeans on a 10,000 sample, then
 * up to 5 Lloyd passes over every customer in typed loops).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { scoreCustomers } from "../app/intelligence/clv";
import { fitModels } from "../app/intelligence/smallStore";
import { analyzeSegments } from "../app/intelligence/segments/analyzeSegments";
import { segmentCustomers } from "../app/intelligence/segments/segmentation";
import { lloydPasses, wcssOf } from "../app/intelligence/segments/kmeans";
import { MACRO_LLOYD_PASSES, fitMacroCentroids } from "../app/intelligence/segments/macro";
import { resolveSegmentSettings } from "../app/intelligence/segments/settings";
import { alignScores } from "../app/intelligence/segments/valueScores";
import { chunkedCustomers } from "./lib/chunkedCustomers";
import { loadOnlineRetail } from "./lib/onlineRetail";

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

const requested = arg("customers");
if (requested === undefined) {
  for (const n of [100_000, 1_000_000]) {
    const res = spawnSync(process.execPath, [...process.execArgv, process.argv[1], "--customers", String(n), ...process.argv.slice(2)], { stdio: "inherit" });
    if (res.status !== 0) process.exit(res.status ?? 1);
  }
  process.exit(0);
}

const CUSTOMERS = requested;
const SEED = arg("seed") ?? 20240601;
const TARGET_S = CUSTOMERS <= 100_000 ? 5 : 60;
const settings = resolveSegmentSettings({ seed: SEED });
const asOf = new Date(Date.UTC(2011, 7, 31, 23, 59, 59, 999));
const s = (ms: number) => (ms / 1000).toFixed(2).padStart(6) + " s";

console.log(`bench:segment — ${CUSTOMERS.toLocaleString("en")} customers, seed ${SEED}, bounds [${settings.minSize}, ${settings.maxSize}], node ${process.version}`);
const tLoad = performance.now();
const data = loadOnlineRetail();
console.log(`setup: load ${s(performance.now() - tLoad)}, ${data.customers.length.toLocaleString("en")} base customers`);

const chunked = chunkedCustomers(data.customers, { customers: CUSTOMERS, seed: SEED, startMs: data.startMs, endMs: data.endMs, asOf });
console.log(`setup: resample ${s(chunked.resampleMs)} (${chunked.orders.toLocaleString("en")} orders, ${chunked.lines.toLocaleString("en")} lines, in chunks of 100,000)`);
const phases: [string, number, number][] = [["features", chunked.featuresMs, chunked.featuresCpuMs]];

/** Runs fn, records its wall and CPU time (CPU is what a shared machine does not distort). */
function timed<T>(name: string, fn: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = fn();
  const c = process.cpuUsage(c0);
  phases.push([name, performance.now() - t0, (c.user + c.system) / 1000]);
  return v;
}

const scores = timed("clv", () => {
  const model = fitModels(chunked.summary);
  const clv = scoreCustomers(model.bgnbd, model.gammaGamma, chunked.summary, { horizonDays: 365 });
  return alignScores(chunked.features, chunked.summary.customerIds, clv, model);
});
const analysis = timed("segments", () => analyzeSegments({ features: chunked.features, scores, months: chunked.months, settings }));
let total = 0;
let totalCpu = 0;
console.log("pipeline:");
for (const [name, ms, cpu] of phases) {
  total += ms;
  totalCpu += cpu;
  console.log(`  ${name.padEnd(12)} ${s(ms)} wall ${s(cpu)} cpu`);
}
const t = analysis.timings;
console.log(`    (segments: vectors ${s(t.vectorsMs)}, clustering ${s(t.clusteringMs)}, profiles and names ${s(t.profilesMs)} wall)`);
console.log(`  ${"TOTAL".padEnd(12)} ${s(total)} wall ${s(totalCpu)} cpu (target < ${TARGET_S} s wall)`);
console.log(`  (load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores)`);

// The unconstrained comparison, untimed: the same (deterministic) segmentation again, plus plain Lloyd from the same start.
const st = segmentCustomers(analysis.vectors, settings, { compareUnconstrained: true }).stats;
if (st.wcss !== analysis.segmentation.stats.wcss) throw new Error("segmentation not deterministic");

const sizes = analysis.segmentation.microSizes;
const inBounds = sizes.every((x) => x >= settings.minSize && x <= settings.maxSize);
console.log("segments:");
console.log(
  `  macro k ${st.macroK} (silhouette chose ${st.macroChosenK}${st.macroMerged ? `, ${st.macroMerged} merged` : ""}), sizes ${Array.from(analysis.segmentation.macroSizes).join(" ")}`,
);
console.log(`  micro-segments ${st.microCount}, sizes min ${st.minMicroSize} max ${st.maxMicroSize}: ${inBounds ? "ALL within bounds" : "OUT OF BOUNDS"}`);
const ratio = st.unconstrainedWcss ? st.wcss / st.unconstrainedWcss : NaN;
console.log(
  `  WCSS with bounds ${st.wcss.toFixed(0)}, unconstrained (same k, same start) ${st.unconstrainedWcss?.toFixed(0)}: ${((ratio - 1) * 100).toFixed(2)}% more ` +
    `(bisection start ${st.bisectionWcss.toFixed(0)}; comparison took ${s(st.unconstrainedMs)})`,
);
const names = new Set([...analysis.macro, ...analysis.micro].map((p) => p.name));
console.log(`  names unique: ${names.size === analysis.macro.length + analysis.micro.length}; e.g. "${analysis.micro[0].name}", "${analysis.micro[1]?.name}"`);
console.log(`  top products: ${analysis.micro[0].topProducts === null ? "none (resampled tables carry no product ids: top categories only)" : "yes"}`);

// --- scikit-learn at macro level ---------------------------------------
const { n, d, data: vec } = analysis.vectors;
const k = st.macroChosenK;
const labels = new Int32Array(n);
const tMacro = performance.now();
const centroids = fitMacroCentroids(vec, n, d, analysis.vectors.priority, k, settings.seed, labels);
const rows = Int32Array.from({ length: n }, (_, i) => i);
const passes = lloydPasses(vec, d, rows, labels, centroids, k, MACRO_LLOYD_PASSES);
const oursMs = performance.now() - tMacro;
let oursInertia = 0;
for (let i = 0; i < n; i++) {
  let best = Infinity;
  for (let c = 0; c < k; c++) {
    let q = 0;
    for (let j = 0; j < d; j++) q += (vec[i * d + j] - centroids[c * d + j]) ** 2;
    if (q < best) best = q;
  }
  oursInertia += best;
}
const meansInertia = wcssOf(vec, d, rows, labels, k);
const dir = mkdtempSync(path.join(tmpdir(), "pearl-bench-"));
const file = path.join(dir, "vectors.f32");
writeFileSync(file, Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength));
const py = spawnSync("/usr/bin/python3", [path.resolve("bench", "sklearnKMeans.py"), file, String(n), String(d), String(k), String(SEED)], { encoding: "utf8" });
rmSync(dir, { recursive: true, force: true });
console.log(`macro level, k = ${k}, ${n.toLocaleString("en")} x ${d}:`);
console.log(`  Pearl (ml-kmeans k-means++ on a 10,000 sample, then ${passes} Lloyd passes over all) ${s(oursMs)}, inertia ${oursInertia.toFixed(0)} (${meansInertia.toFixed(0)} around the clusters' means)`);
if (py.status === 0) {
  const sk = JSON.parse(py.stdout.trim().split("\n").pop()!) as { seconds: number; inertia: number; iterations: number };
  console.log(`  scikit-learn KMeans (lloyd, n_init=1, all points) ${s(sk.seconds * 1000)}, inertia ${sk.inertia.toFixed(0)}, ${sk.iterations} iterations`);
  console.log(`  time ratio scikit-learn / Pearl = ${(sk.seconds * 1000 / oursMs).toFixed(2)}; inertia ratio Pearl / scikit-learn = ${(oursInertia / sk.inertia).toFixed(3)}`);
} else {
  console.log(`  scikit-learn failed: ${py.stderr.trim().split("\n").pop()}`);
}
console.log(`peak memory (maxRSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target < 2048 MB)`);
