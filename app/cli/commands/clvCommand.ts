import { clvReport } from "../../intelligence/clvReport.ts";
import type { TimeUnit } from "../../intelligence/rfmSummary.ts";
import { loadTransactions } from "../../store/loadTransactions.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export interface ClvOptions {
  shop: string;
  asOf: string;
  horizonDays: string;
  timeUnit: TimeUnit;
  discountRate: string;
  json?: boolean;
}

/** `--as-of 1997-09-30` means the whole of that day (UTC): its purchases count. */
export function endOfDay(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CliError(`--as-of wants a date as YYYY-MM-DD, got "${date}"`);
  const d = new Date(`${date}T23:59:59.999Z`);
  if (Number.isNaN(d.getTime())) throw new CliError(`--as-of: no such date ${date}`);
  return d;
}

/** `pearl clv --shop D --as-of DATE --horizon-days N [--time-unit week|day] --json`. */
export async function clvCommand(options: ClvOptions): Promise<void> {
  const horizonDays = Number(options.horizonDays);
  if (!Number.isFinite(horizonDays) || horizonDays <= 0) throw new CliError("--horizon-days wants a positive number of days");
  const discountRate = Number(options.discountRate);
  if (!Number.isFinite(discountRate) || discountRate < 0) throw new CliError("--discount-rate wants a non-negative annual rate, e.g. 0.1");
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    const report = clvReport(await loadTransactions(store.db, shop.id), {
      asOf: endOfDay(options.asOf),
      horizonDays,
      timeUnit: options.timeUnit,
      discountRate,
    });
    if (options.json) {
      process.stdout.write(JSON.stringify(report) + "\n");
      return;
    }
    const { bgnbd, gammaGamma, lowConfidence } = report.model;
    console.log(`BG/NBD (per ${options.timeUnit}): r=${bgnbd.r.toFixed(4)} alpha=${bgnbd.alpha.toFixed(4)} a=${bgnbd.a.toFixed(4)} b=${bgnbd.b.toFixed(4)} LL=${bgnbd.logLikelihood.toFixed(2)}`);
    console.log(`Gamma-Gamma: p=${gammaGamma.p.toFixed(3)} q=${gammaGamma.q.toFixed(3)} v=${gammaGamma.v.toFixed(3)}${lowConfidence ? "  (low confidence: too little data, priors used)" : ""}`);
    const top = [...report.customers].sort((x, y) => y.clv365 - x.clv365).slice(0, 10);
    console.table(top.map((c) => ({ id: c.id, tier: c.tier, x: c.frequency, pAlive: c.pAlive.toFixed(3), expected: c.expectedPurchases.toFixed(2), clv365: c.clv365.toFixed(2) })));
    console.log(`${report.customers.length} customers; top 10 by one-year value shown. --json prints all.`);
  } finally {
    await store.close();
  }
}
