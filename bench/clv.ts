/**
 * CLV pipeline benchmark: `npm run bench:clv [-- --customers N --seed S]`.
 *
 * Reads the UCI Online Retail extract (../shared/data, read in place), groups
 * it into orders per customer (guests skipped), resamples customers with
 * replacement to 1,000,000 (fresh ids, dates shifted by whole weeks within
 * the data span, fixed seed), then times the pure pipeline on the columnar
 * order table:
 *
 *   features      customerFeaturesFromTable (all features, all customers)
 *   rfm summary   orders -> (x, t_x, T, zbar) per customer
 *   BG/NBD fit    grouping identical (x, t_x, T) + maximum likelihood
 *   Gamma-Gamma   maximum likelihood on repeat buyers
 *   scoring       expected purchases, P(alive), CLV 30/365/1095, tiers, concentration
 *
 * Loading and resampling are reported but not part of the total.
 */
import { availableParallelism, loadavg } from "node:os";
import { scoreCustomers } from "../app/intelligence/clv";
import { customerFeaturesFromTable } from "../app/intelligence/features";
import { orderTransactions } from "../app/intelligence/orderTable";
import { groupTriples, rfmSummaryFromColumns } from "../app/intelligence/rfmSummary";
import { fitBgNbdOrPrior, fitGammaGammaOrPrior } from "../app/intelligence/smallStore";
import { assignTiers, revenueConcentration } from "../app/intelligence/tiers";
import { loadOnlineRetail } from "./lib/onlineRetail";
import { resampleToOrderTable } from "./lib/resample";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CUSTOMERS = arg("customers", 1_000_000);
const SEED = arg("seed", 20240601);
const HORIZON_DAYS = 365;

/** Runs fn, prints wall-clock and CPU time (CPU is less sensitive to other load on the machine). */
function time<T>(label: string, fn: () => T, sink: Map<string, { wall: number; cpu: number }>): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  sink.set(label, { wall, cpu });
  console.log(`  ${label.padEnd(16)} ${(wall / 1000).toFixed(2).padStart(6)} s wall ${(cpu / 1000).toFixed(2).padStart(6)} s cpu`);
  return v;
}

const fmt = (v: number, d = 4) => v.toFixed(d);
const setup = new Map<string, { wall: number; cpu: number }>();
const phases = new Map<string, { wall: number; cpu: number }>();

console.log(`bench:clv — ${CUSTOMERS.toLocaleString("en")} customers, seed ${SEED}, node ${process.version}`);
console.log("setup (not timed in the total):");
const data = time("load gz", () => loadOnlineRetail(), setup);
const s = data.stats;
console.log(
  `    ${s.rows.toLocaleString("en")} rows, ${s.guestRows.toLocaleString("en")} guest rows skipped, ` +
    `${s.nonProductRows.toLocaleString("en")} non-product rows, ${s.creditNotes.toLocaleString("en")} credit notes; ` +
    `${data.customers.length.toLocaleString("en")} customers, ${s.orders.toLocaleString("en")} orders, ${s.lines.toLocaleString("en")} lines`,
);
const asOf = new Date(Date.UTC(2011, 7, 31, 23, 59, 59, 999));
const table = time(
  "resample",
  () => resampleToOrderTable(data.customers, { customers: CUSTOMERS, seed: SEED, startMs: data.startMs, endMs: data.endMs }),
  setup,
);
console.log(
  `    ${table.customerIds.length.toLocaleString("en")} customers, ${table.orderCustomer.length.toLocaleString("en")} orders, ` +
    `${table.lineCategory.length.toLocaleString("en")} lines, ${table.categories.length} categories; as-of ${asOf.toISOString()}`,
);

console.log("pipeline:");
const features = time("features", () => customerFeaturesFromTable(table, [], [], asOf), phases);
const summary = time(
  "rfm summary",
  () => rfmSummaryFromColumns(orderTransactions(table), table.customerIds, asOf, "week"),
  phases,
);
const bg = time("BG/NBD fit", () => fitBgNbdOrPrior(summary), phases);
const gg = time("Gamma-Gamma fit", () => fitGammaGammaOrPrior(summary), phases);
const scored = time(
  "scoring",
  () => {
    const scores = scoreCustomers(bg.params, gg.params, summary, { horizonDays: HORIZON_DAYS, annualDiscountRate: 0.1 });
    const tiers = assignTiers(scores.clv365);
    const concentration = revenueConcentration(summary.totalValue);
    return { scores, tiers, concentration };
  },
  phases,
);
let wall = 0;
let cpu = 0;
for (const v of phases.values()) {
  wall += v.wall;
  cpu += v.cpu;
}
console.log(
  `  ${"TOTAL".padEnd(16)} ${(wall / 1000).toFixed(2).padStart(6)} s wall ${(cpu / 1000).toFixed(2).padStart(6)} s cpu  (target < 20 s wall)`,
);
console.log(`  (load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores while running)`);

const rows = groupTriples(summary).x.length;
let repeat = 0;
for (const x of summary.frequency) if (x > 0) repeat++;
console.log("model (weeks):");
console.log(
  `  BG/NBD      r=${fmt(bg.params.r)} alpha=${fmt(bg.params.alpha)} a=${fmt(bg.params.a)} b=${fmt(bg.params.b)} ` +
    `LL=${bg.params.logLikelihood.toFixed(1)} (${bg.evaluations} evaluations, ${rows.toLocaleString("en")} distinct (x,t_x,T) rows)`,
);
console.log(
  `  Gamma-Gamma p=${fmt(gg.params.p)} q=${fmt(gg.params.q)} v=${fmt(gg.params.v)} ` +
    `(${gg.evaluations} evaluations, ${repeat.toLocaleString("en")} repeat buyers)`,
);
console.log(`  lowConfidence=${bg.lowConfidence || gg.lowConfidence}${[...bg.reasons, ...gg.reasons].map((r) => ` [${r}]`).join("")}`);

const sc = scored.scores;
const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
const tierCounts: Record<string, number> = {};
for (const t of scored.tiers) tierCounts[t] = (tierCounts[t] ?? 0) + 1;
console.log("results:");
console.log(
  `  customers scored ${summary.customerIds.length.toLocaleString("en")} (features for ${features.customerIds.length.toLocaleString("en")}); ` +
    `mean expected purchases next ${HORIZON_DAYS} d ${fmt(mean(sc.expectedPurchases), 3)}, mean P(alive) ${fmt(mean(sc.pAlive), 3)}`,
);
console.log(
  `  mean CLV 30/365/1095 d: ${fmt(mean(sc.clv30), 2)} / ${fmt(mean(sc.clv365), 2)} / ${fmt(mean(sc.clv1095), 2)}; ` +
    `tiers ${Object.entries(tierCounts)
      .sort()
      .map(([t, c]) => `${t}:${c}`)
      .join(" ")}`,
);
console.log(
  `  historic revenue: ${fmt((scored.concentration.customerShareHolding70 ?? NaN) * 100, 1)}% of customers hold 70%, ` +
    `Gini ${fmt(scored.concentration.gini ?? NaN, 3)}`,
);
const ru = process.resourceUsage();
console.log(`peak memory (maxRSS): ${(ru.maxRSS / 1024).toFixed(0)} MB`);
