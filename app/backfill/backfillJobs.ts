import type { SqlStatement } from "../db/sqlExecutor.server.ts";
import type { DatabaseProvider } from "../db/databaseUrl.ts";
import type { Db } from "../db.server.ts";
import { str, type Json } from "../ingest/shopify/fields.ts";
import type { Tx } from "../store/tx.ts";

// The BackfillJob row is the backfill's whole state: which bulk operation,
// what Shopify last said of it, and how much of its result is in the store.
// Anything that stops a backfill (a crash, a deploy, a dropped download)
// leaves a row another run continues from.

export type BackfillStatus = "created" | "running" | "ready" | "applying" | "applied" | "failed";
export const UNFINISHED: readonly BackfillStatus[] = ["created", "running", "ready", "applying"];

/** Shopify's final BulkOperationStatus values. */
export const FINAL_OPERATION_STATUSES = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);

export type BackfillJobRow = Awaited<ReturnType<Db["backfillJob"]["findUniqueOrThrow"]>>;

/** The latest unfinished job of a shop for a resource, if a run was interrupted. */
export function unfinishedJob(db: Db, shopId: string, resource: string): Promise<BackfillJobRow | null> {
  return db.backfillJob.findFirst({ where: { shopId, resource, status: { in: [...UNFINISHED] } }, orderBy: { startedAt: "desc" } });
}

/** Jobs of a shop, newest first: what the admin and `pearl backfill --status` show. */
export function recentJobs(db: Db, shopId: string, take = 12): Promise<BackfillJobRow[]> {
  return db.backfillJob.findMany({ where: { shopId }, orderBy: { startedAt: "desc" }, take });
}

/**
 * The bulk_operations/finish webhook, applied by the inbox drain: it says
 * an operation ended and how, not where its file is (the runner asks for the
 * URL). Operations Pearl did not start match no job and change nothing.
 */
export async function recordBulkOperationFinish(tx: Tx, shopId: string, payload: Json): Promise<void> {
  const operationId = str(payload.admin_graphql_api_id);
  const status = str(payload.status)?.toUpperCase();
  if (!operationId || !status) return;
  await tx.backfillJob.updateMany({
    where: { shopId, operationId, status: { in: ["created", "running"] } },
    data: { operationStatus: status, errorCode: str(payload.error_code)?.toUpperCase() ?? null },
  });
}

/**
 * The progress update that commits with each batch of records (raw SQL: it
 * rides in the batch's driver transaction, see writeImport's onBatch).
 */
export function progressStatement(
  provider: DatabaseProvider,
  jobId: string,
  progress: { bytes: number; lines: number; records: number },
): SqlStatement {
  const p = (n: number) => (provider === "postgresql" ? `$${n}` : "?");
  return {
    sql: `UPDATE "BackfillJob" SET "bytesApplied" = ${p(1)}, "linesApplied" = ${p(2)}, "recordsApplied" = ${p(3)}, "updatedAt" = ${p(4)} WHERE "id" = ${p(5)}`,
    params: [progress.bytes, progress.lines, progress.records, new Date(), jobId],
  };
}
