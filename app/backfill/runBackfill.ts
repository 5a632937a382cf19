import type { AdminGraphqlClient } from "../activation/shopifyAdminGraphql.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import type { Db } from "../db.server.ts";
import { applyBulkResult, BackfillError, type ApplyProgress, type ApplyResult } from "./applyBulkResult.ts";
import { FINAL_OPERATION_STATUSES, UNFINISHED, unfinishedJob, type BackfillJobRow } from "./backfillJobs.ts";
import { BACKFILL_RESOURCES, BULK_OPERATION, BULK_QUERIES, COST, RUN_BULK_QUERY, type BackfillResource, type BulkOperationNode } from "./bulkQueries.ts";

export interface BackfillProgress {
  resource: BackfillResource;
  phase: "waiting" | "applying" | "applied";
  /** Objects Shopify has written to the file so far (while waiting). */
  objectCount: number;
  apply?: ApplyProgress;
}

export interface BackfillOptions {
  db: Db;
  sql: SqlExecutor;
  shopId: string;
  admin: AdminGraphqlClient;
  resources?: readonly BackfillResource[];
  /** How often Shopify is asked about an operation no webhook has reported on (the fallback). */
  pollIntervalMs?: number;
  /** How often the job row is read for the bulk_operations/finish webhook's news. */
  checkIntervalMs?: number;
  /** Downloads the result (default fetch). */
  fetch?: typeof fetch;
  onProgress?: (p: BackfillProgress) => void;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  batchRecords?: number;
}

export interface BackfillOutcome {
  resource: BackfillResource;
  jobId: string;
  operationId: string | null;
  result: ApplyResult | null;
}

/**
 * A shop's history through Shopify bulk queries: one operation per resource,
 * all started at once (API 2026-01 and later run up to five per shop), their
 * results applied in the order records refer to each other (customers and
 * products before the orders that name them). An interrupted backfill is
 * continued, not restarted: only its unfinished jobs run, a job already
 * started keeps its operation, a result partly applied continues at the
 * byte where it stopped.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillOutcome[]> {
  const requested = options.resources ?? BACKFILL_RESOURCES;
  // An interrupted backfill is finished first, alone: the resources it had
  // already applied are not queried again.
  const interrupted = await options.db.backfillJob.findMany({
    where: { shopId: options.shopId, resource: { in: [...requested] }, status: { in: [...UNFINISHED] } },
    select: { resource: true },
  });
  const resources = interrupted.length ? requested.filter((r) => interrupted.some((j) => j.resource === r)) : requested;
  const jobs: BackfillJobRow[] = [];
  for (const resource of resources) jobs.push(await startOrResume(options, resource));
  const outcomes: BackfillOutcome[] = [];
  for (let job of jobs) {
    const resource = job.resource as BackfillResource;
    if (job.status === "created" || job.status === "running") job = await waitForResult(options, job);
    const report = (apply: ApplyProgress) => options.onProgress?.({ resource, phase: "applying", objectCount: job.objectCount, apply });
    const apply = (j: BackfillJobRow) => applyBulkResult(options.db, options.sql, j, { fetch: options.fetch, signal: options.signal, onProgress: report, batchRecords: options.batchRecords });
    let result: ApplyResult | null;
    try {
      result = job.resultUrl ? await apply(job) : await markEmpty(options.db, job);
    } catch (error) {
      // A result URL is signed and expires: a later resume asks for a fresh one, once.
      if (!(error instanceof BackfillError && /HTTP 40[34]/.test(error.message) && job.operationId)) throw error;
      const op = await bulkOperation(options.admin, job.operationId);
      if (!op.url) throw error;
      job = await options.db.backfillJob.update({ where: { id: job.id }, data: { resultUrl: op.url } });
      result = await apply(job);
    }
    options.onProgress?.({ resource, phase: "applied", objectCount: job.objectCount });
    outcomes.push({ resource, jobId: job.id, operationId: job.operationId, result });
  }
  return outcomes;
}

async function startOrResume(options: BackfillOptions, resource: BackfillResource): Promise<BackfillJobRow> {
  const { db, shopId } = options;
  const existing = await unfinishedJob(db, shopId, resource);
  if (existing?.operationId) return existing;
  // The row first: a crash right after Shopify accepted the query leaves a
  // job that says so, rather than an operation nobody knows about.
  const job = existing ?? (await db.backfillJob.create({ data: { shopId, resource } }));
  const res = await options.admin.request<{ bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] } | null }>(
    RUN_BULK_QUERY,
    { query: BULK_QUERIES[resource] },
    COST.runBulkQuery,
  );
  const payload = res.data?.bulkOperationRunQuery;
  const problem = res.errors[0]?.message ?? payload?.userErrors[0]?.message ?? (payload?.bulkOperation ? null : "no bulk operation in the answer");
  if (problem || !payload?.bulkOperation) {
    await db.backfillJob.update({ where: { id: job.id }, data: { status: "failed", error: problem, finishedAt: new Date() } });
    throw new BackfillError(`Shopify refused the ${resource} bulk query: ${problem}`);
  }
  return db.backfillJob.update({
    where: { id: job.id },
    data: { status: "running", operationId: payload.bulkOperation.id, operationStatus: payload.bulkOperation.status },
  });
}

/**
 * Until the operation ends: the bulk_operations/finish webhook (recorded on
 * the job by the inbox drain) usually says so first; Shopify is asked
 * directly every pollIntervalMs in case the webhook is late or lost.
 */
async function waitForResult(options: BackfillOptions, job: BackfillJobRow): Promise<BackfillJobRow> {
  const { db } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollIntervalMs ?? 30_000;
  const checkMs = Math.min(options.checkIntervalMs ?? 1_000, pollMs);
  let lastAsked = -Infinity;
  for (;;) {
    if (options.signal?.aborted) throw new BackfillError("backfill aborted");
    const row = await db.backfillJob.findUniqueOrThrow({ where: { id: job.id } });
    const webhookSaysDone = row.operationStatus !== null && FINAL_OPERATION_STATUSES.has(row.operationStatus);
    if (webhookSaysDone || Date.now() - lastAsked >= pollMs) {
      lastAsked = Date.now();
      const op = await bulkOperation(options.admin, row.operationId!);
      const objectCount = Number(op.objectCount ?? 0);
      options.onProgress?.({ resource: row.resource as BackfillResource, phase: "waiting", objectCount });
      if (op.status === "COMPLETED") {
        return db.backfillJob.update({
          where: { id: job.id },
          data: { status: "ready", operationStatus: op.status, objectCount, resultUrl: op.url, fileSize: op.fileSize ? BigInt(op.fileSize) : null },
        });
      }
      if (FINAL_OPERATION_STATUSES.has(op.status)) {
        await db.backfillJob.update({
          where: { id: job.id },
          data: { status: "failed", operationStatus: op.status, errorCode: op.errorCode, objectCount, finishedAt: new Date(), error: `bulk operation ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}` },
        });
        throw new BackfillError(`Shopify's ${row.resource} bulk operation ${op.status.toLowerCase()}${op.errorCode ? `: ${op.errorCode}` : ""}`);
      }
      await db.backfillJob.update({ where: { id: job.id }, data: { operationStatus: op.status, objectCount } });
    }
    await sleep(checkMs);
  }
}

async function bulkOperation(admin: AdminGraphqlClient, id: string): Promise<BulkOperationNode> {
  const res = await admin.request<{ node: BulkOperationNode | null }>(BULK_OPERATION, { id }, COST.bulkOperation);
  if (res.errors.length) throw new BackfillError(`asking Shopify about ${id} failed: ${res.errors[0].message}`);
  if (!res.data?.node) throw new BackfillError(`Shopify knows no bulk operation ${id}`);
  return res.data.node;
}

/** A query that matched nothing completes without a file. */
async function markEmpty(db: Db, job: BackfillJobRow): Promise<null> {
  await db.backfillJob.update({ where: { id: job.id }, data: { status: "applied", finishedAt: new Date() } });
  return null;
}
