import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import type { Db } from "../db.server.ts";
import { applyBulkResult, type ApplyOptions, type ApplyResult } from "./applyBulkResult.ts";
import { UNFINISHED } from "./backfillJobs.ts";

/**
 * `pearl import --format shopify-jsonl FILE`: a bulk query's result file
 * (customers, products or orders with their line items, or all of them)
 * loaded like a backfill, as a job of its own. Importing the same file again
 * after an interruption continues where the first attempt stopped.
 */
export async function importShopifyJsonl(
  db: Db,
  sql: SqlExecutor,
  shopId: string,
  file: string,
  options: Pick<ApplyOptions, "onProgress" | "deferIndexesAtBytes"> = {},
): Promise<ApplyResult & { jobId: string }> {
  const resultUrl = pathToFileURL(path.resolve(file)).href;
  const job =
    (await db.backfillJob.findFirst({ where: { shopId, resource: "file", resultUrl, status: { in: [...UNFINISHED] } }, orderBy: { startedAt: "desc" } })) ??
    (await db.backfillJob.create({ data: { shopId, resource: "file", status: "ready", resultUrl } }));
  const result = await applyBulkResult(db, sql, job, options);
  return { ...result, jobId: job.id };
}
