import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { deferBulkLoadIndexes, restoreBulkLoadIndexes } from "../db/bulkLoadIndexes.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import type { Db } from "../db.server.ts";
import type { ImportItem } from "../imports/importItems.ts";
import { writeImport, type ImportTotals } from "../imports/writeImport.server.ts";
import { TranslationError } from "../ingest/shopify/translate.ts";
import { progressStatement, type BackfillJobRow } from "./backfillJobs.ts";
import { bulkObjects, type JsonlPosition } from "./bulkJsonl.ts";
import { bulkItem } from "./shopifyBulkRecords.ts";

export interface ApplyProgress {
  bytes: number;
  totalBytes: number | null;
  records: number;
  /** Every row is written; the indexes deferred for the load are being built. */
  indexing?: boolean;
}

export interface ApplyOptions {
  /** How the result is downloaded (tests hand in their own; default: fetch). */
  fetch?: typeof fetch;
  onProgress?: (p: ApplyProgress) => void;
  signal?: AbortSignal;
  /** Records per transaction (writeImport's default otherwise). */
  batchRecords?: number;
  /** From how many bytes left to apply the load defers its random-order indexes (bulkLoadIndexes.ts). */
  deferIndexesAtBytes?: number;
}

// Below this, building the deferred indexes afresh costs more than it saves.
const DEFER_INDEXES_AT_BYTES = 256 * 2 ** 20;

export interface ApplyResult extends ImportTotals {
  /** Objects that could not be records (no id) or children without their parent. */
  invalid: number;
  orphans: number;
  resumedAt: number;
}

export class BackfillError extends Error {}

/**
 * Streams a bulk result (an https URL from Shopify, or a file: URL for
 * `pearl import --format shopify-jsonl`) into the store from where the job
 * stopped, in batches that commit together with the job's progress. Memory
 * holds one batch, never the file.
 */
export async function applyBulkResult(db: Db, sql: SqlExecutor, job: BackfillJobRow, options: ApplyOptions = {}): Promise<ApplyResult> {
  if (!job.resultUrl) throw new BackfillError(`backfill job ${job.id} has no result to apply`);
  const start: JsonlPosition = { offset: Number(job.bytesApplied), line: job.linesApplied };
  await db.backfillJob.update({ where: { id: job.id }, data: { status: "applying" } });
  const source = await openResult(job.resultUrl, start.offset, options);
  const totalBytes = job.fileSize === null ? source.totalBytes : Number(job.fileSize);
  if (totalBytes !== null && job.fileSize === null) await db.backfillJob.update({ where: { id: job.id }, data: { fileSize: BigInt(totalBytes) } });

  const deferred = totalBytes !== null && totalBytes - start.offset >= (options.deferIndexesAtBytes ?? DEFER_INDEXES_AT_BYTES) && (await deferBulkLoadIndexes(sql));
  // An earlier load killed before it could build them: before this (small) one.
  if (!deferred) await restoreBulkLoadIndexes(sql);

  const stats = { orphans: 0, invalid: 0 };
  let position = start;
  let records = job.recordsApplied;
  async function* items(): AsyncGenerator<ImportItem> {
    for await (const object of bulkObjects(source.chunks, start, stats)) {
      let item: ImportItem | null;
      try {
        item = bulkItem(object);
      } catch (error) {
        if (!(error instanceof TranslationError)) throw error;
        item = null;
        stats.invalid++;
      }
      position = object.end;
      if (item) {
        records++;
        yield item;
      }
    }
  }
  let totals;
  try {
    totals = await writeImport(sql, job.shopId, items(), {
      // Orders carry a few dozen lines each: 1,000 of them (about 24,000
      // lines) per transaction commit half as often as 500 did (each commit
      // rewrites the upper pages of every B-tree it touched), while the
      // batches in memory (read, looked up, two committing) stay at a few
      // hundred MB; 2,000 gained little more and took 600 MB more.
      batchRecords: options.batchRecords ?? 1_000,
      onBatch: () => {
        options.onProgress?.({ bytes: position.offset, totalBytes, records });
        return [progressStatement(sql.provider, job.id, { bytes: position.offset, lines: position.line, records })];
      },
    });
  } finally {
    if (deferred) {
      options.onProgress?.({ bytes: position.offset, totalBytes, records, indexing: true });
      await restoreBulkLoadIndexes(sql);
    }
  }
  await db.backfillJob.update({ where: { id: job.id }, data: { status: "applied", finishedAt: new Date(), error: null } });
  return { ...totals, invalid: stats.invalid, orphans: stats.orphans, resumedAt: start.offset };
}

interface OpenedResult {
  chunks: AsyncIterable<Uint8Array>;
  /** The whole file's size when the source says it. */
  totalBytes: number | null;
}

async function openResult(url: string, offset: number, options: ApplyOptions): Promise<OpenedResult> {
  if (url.startsWith("file:")) {
    const file = fileURLToPath(url);
    const { size } = await stat(file);
    return { chunks: offset >= size ? nothing() : createReadStream(file, { start: offset, highWaterMark: 1 << 20 }), totalBytes: size };
  }
  const res = await (options.fetch ?? fetch)(url, {
    headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
    signal: options.signal,
  });
  // Asked for the bytes after the end: the file was applied to its last line.
  if (res.status === 416) {
    await res.body?.cancel();
    return { chunks: nothing(), totalBytes: offset };
  }
  if (!res.ok || !res.body) throw new BackfillError(`downloading the bulk result failed: HTTP ${res.status}`);
  const body = res.body as unknown as AsyncIterable<Uint8Array>;
  if (res.status === 206) {
    const total = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1];
    return { chunks: body, totalBytes: total ? Number(total) : null };
  }
  // A server that ignores Range sends the whole file: skip what is applied.
  const length = res.headers.get("content-length");
  return { chunks: offset > 0 ? skipBytes(body, offset) : body, totalBytes: length ? Number(length) : null };
}

async function* skipBytes(chunks: AsyncIterable<Uint8Array>, count: number): AsyncGenerator<Uint8Array> {
  let left = count;
  for await (const chunk of chunks) {
    if (left >= chunk.byteLength) {
      left -= chunk.byteLength;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

async function* nothing(): AsyncGenerator<Uint8Array> {}
