import { readFile } from "node:fs/promises";
import { ONLINE_RETAIL_TIME_ZONE } from "../../imports/onlineRetail.ts";
import { parseZonedWallTime } from "../../imports/timeZone.ts";
import { variantGroups } from "../../intelligence/recommend/catalog.ts";
import { evaluateSplit, type SplitEvaluation } from "../../intelligence/recommend/evaluation.ts";
import { onlineRetailOrderTable } from "../../recommend/onlineRetailOrders.ts";
import { trainingSegments } from "../../recommend/trainingSegments.ts";
import { progressBar } from "../progress.ts";
import { CliError } from "../store.ts";

export const EVAL_FORMATS = ["online-retail"] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

export interface EvalRecsOptions {
  format: EvalFormat;
  split: string;
  k: string;
  json?: boolean;
}

/**
 * `pearl eval-recs --format online-retail --split DATE --k 10 [--json] FILE`:
 * trains on the file's lines before DATE (midnight in the store's time zone),
 * evaluates every customer with a purchase before and one after it.
 */
export async function evalRecsCommand(file: string, options: EvalRecsOptions): Promise<SplitEvaluation> {
  const k = Number(options.k);
  if (!Number.isInteger(k) || k < 1) throw new CliError("--k wants a positive whole number");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.split)) throw new CliError(`--split wants a date as YYYY-MM-DD, got "${options.split}"`);
  const splitMs = parseZonedWallTime(options.split, ONLINE_RETAIL_TIME_ZONE).getTime();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliError(`Cannot read ${file}`);
  }
  const steps = ["read", "segments", "catalog", "blend fit", "history", "product stats", "co-purchase", "segment feeds", "customer top-k", "evaluate"];
  const bar = progressBar("eval-recs", steps.length, "steps");
  const { table, titles } = await onlineRetailOrderTable(bytes);
  bar.update(1);
  const segmentation = trainingSegments(table, splitMs);
  bar.update(2);
  // The same variant grouping as the store's runs (storeRecommendations.ts): diversity is part of what is measured.
  const recommendOptions = { catalog: { group: variantGroups(table.products ?? [], titles) } };
  const result = evaluateSplit(table, splitMs, k, segmentation, recommendOptions, Infinity, (phase) => bar.update(steps.indexOf(phase)));
  bar.update(steps.length);
  bar.stop();
  if (result.customersEvaluated === 0) throw new CliError(`No customer bought both before and after ${options.split}: choose a split inside the data`);
  const report: SplitEvaluation = {
    pearl: result.pearl,
    popularity: result.popularity,
    repeat: result.repeat,
    customersEvaluated: result.customersEvaluated,
  };
  if (options.json) {
    process.stdout.write(JSON.stringify(report) + "\n");
    return report;
  }
  const row = (name: string, m: SplitEvaluation["pearl"]) => ({
    recommender: name,
    [`recall@${k}`]: m.recallAtK.toFixed(4),
    [`hitRate@${k}`]: m.hitRateAtK.toFixed(4),
    [`nDCG@${k}`]: m.ndcgAtK.toFixed(4),
  });
  console.table([row("pearl", report.pearl), row("popularity", report.popularity), row("repeat", report.repeat)]);
  console.log(
    `${report.customersEvaluated} customers evaluated; Pearl's recall@${k} is ${(report.pearl.recallAtK / report.repeat.recallAtK).toFixed(3)}x repeat's ` +
      `and ${(report.pearl.recallAtK / report.popularity.recallAtK).toFixed(2)}x popularity's. ` +
      `Blend ${result.model.blend.fitted ? `learned from ${result.model.blend.customers} customers` : "default (too little history)"}.`,
  );
  return report;
}
