/**
 * Features, RFM summaries and preferred months of a resampled store, built
 * chunk by chunk: each chunk's OrderTable (100,000 customers: ~7M lines,
 * ~170 MB) is resampled, turned into columns and dropped before the next.
 *
 * Why: a million resampled online-retail customers have 68M order lines;
 * the whole table is ~1.5 GB and bench:clv peaks at ~2.1 GB RSS with it,
 * which leaves nothing for segmentation under the 2 GB budget. Per-customer
 * features do not need other customers' orders, except the price percentile
 * (a rank among all customers), which is recomputed over the merged columns
 * (priceBands). The same as paging through the store by customer.
 */
import { type CustomerFeatures, customerFeaturesFromTable, priceBands } from "../../app/intelligence/features";
import { orderTransactions } from "../../app/intelligence/orderTable";
import { type RfmSummary, rfmSummaryFromColumns } from "../../app/intelligence/rfmSummary";
import { preferredMonths } from "../../app/intelligence/segments/preferredMonth";
import type { RetailCustomer } from "./onlineRetail";
import { resampleToOrderTable } from "./resample";

export interface ChunkedCustomers {
  features: CustomerFeatures;
  summary: RfmSummary;
  months: Int8Array;
  orders: number;
  lines: number;
  /** Time spent resampling (setup) vs. computing features/summaries (pipeline). */
  resampleMs: number;
  featuresMs: number;
  featuresCpuMs: number;
}

export function chunkedCustomers(
  base: readonly RetailCustomer[],
  opts: { customers: number; seed: number; startMs: number; endMs: number; asOf: Date; chunk?: number },
): ChunkedCustomers {
  const chunk = opts.chunk ?? 100_000;
  const features: CustomerFeatures[] = [];
  const summaries: RfmSummary[] = [];
  const months: Int8Array[] = [];
  let orders = 0;
  let lines = 0;
  let resampleMs = 0;
  let featuresMs = 0;
  let featuresCpuMs = 0;
  for (let start = 0, c = 0; start < opts.customers; start += chunk, c++) {
    const t0 = performance.now();
    const table = resampleToOrderTable(base, {
      customers: Math.min(chunk, opts.customers - start),
      seed: opts.seed + c,
      startMs: opts.startMs,
      endMs: opts.endMs,
      idPrefix: `r${c}_`,
    });
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    orders += table.orderCustomer.length;
    lines += table.lineCategory.length;
    const f = customerFeaturesFromTable(table, [], [], opts.asOf);
    features.push(f);
    summaries.push(rfmSummaryFromColumns(orderTransactions(table), table.customerIds, opts.asOf, "week"));
    months.push(preferredMonths(table, f));
    featuresMs += performance.now() - t1;
    featuresCpuMs += cpuMs(process.cpuUsage(c1));
    resampleMs += t1 - t0;
  }
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const merged = { features: concatFeatures(features), summary: concatSummaries(summaries), months: concatTyped(months, Int8Array) };
  featuresMs += performance.now() - t2;
  featuresCpuMs += cpuMs(process.cpuUsage(c2));
  return { ...merged, orders, lines, resampleMs, featuresMs, featuresCpuMs };
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

type Typed = Int8Array | Uint8Array | Int32Array | Float64Array;

function concatTyped<T extends Typed>(parts: T[], Ctor: { new (n: number): T }): T {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Ctor(n);
  let o = 0;
  for (const p of parts) {
    (out as Int32Array).set(p as unknown as Int32Array, o);
    o += p.length;
  }
  return out;
}

/** Chunks share the category list (every chunk is resampled from the same base, so indices agree). */
function concatFeatures(parts: CustomerFeatures[]): CustomerFeatures {
  const first = parts[0];
  for (const p of parts) if (p.categories.length !== first.categories.length) throw new Error("chunks disagree on categories");
  const cat = <K extends keyof CustomerFeatures>(key: K) => parts.map((p) => p[key]) as unknown as Typed[];
  const out = { ...first } as CustomerFeatures;
  const columns = Object.keys(first).filter((k) => ArrayBuffer.isView(first[k as keyof CustomerFeatures]) && k !== "affinityStart") as (keyof CustomerFeatures)[];
  for (const key of columns) {
    const arrays = cat(key);
    const Ctor = arrays[0].constructor as { new (n: number): Typed };
    (out as unknown as Record<string, Typed>)[key] = concatTyped(arrays, Ctor);
  }
  out.customerIds = parts.flatMap((p) => p.customerIds);
  // CSR offsets shift by the entries before each chunk.
  const n = out.customerIds.length;
  const start = new Int32Array(n + 1);
  let row = 0;
  let shift = 0;
  for (const p of parts) {
    const m = p.customerIds.length;
    for (let i = 1; i <= m; i++) start[row + i] = p.affinityStart[i] + shift;
    row += m;
    shift += p.affinityStart[m];
  }
  out.affinityStart = start;
  priceBands(out);
  return out;
}

function concatSummaries(parts: RfmSummary[]): RfmSummary {
  const first = parts[0];
  const out = { ...first } as RfmSummary;
  for (const key of Object.keys(first) as (keyof RfmSummary)[]) {
    const v = first[key];
    if (!ArrayBuffer.isView(v)) continue;
    const arrays = parts.map((p) => p[key]) as unknown as Typed[];
    (out as unknown as Record<string, Typed>)[key] = concatTyped(arrays, (v as Typed).constructor as { new (n: number): Typed });
  }
  out.customerIds = parts.flatMap((p) => p.customerIds);
  return out;
}
