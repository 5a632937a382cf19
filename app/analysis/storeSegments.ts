/**
 * Writes a run's segments: stable ids matched against the shop's previous
 * finished run, Segment rows (born, kept, dissolved), one snapshot per
 * segment, every customer's scores and membership, and the moves.
 *
 * Scores and moves go through the driver in multi-row statements, a few
 * thousand rows per transaction (Prisma's per-row cost would dominate at a
 * million customers); they are invisible until the run is "done".
 */
import { randomBytes } from "node:crypto";
import { insertStatements } from "../db/bulkInsert.ts";
import type { SqlStatement, SqlValue } from "../db/sqlExecutor.server.ts";
import { matchSegments, segmentMoves } from "../intelligence/segments/identity.ts";
import { TIERS } from "../intelligence/segments/valueScores.ts";
import { latestRun, runAssignments } from "../store/analysisRuns.ts";
import type { AnalysisContext } from "./runAnalysis.ts";

export interface StoredRunSegments {
  /** Customer.id per feature row. */
  customerKeys: string[];
  /** Segment id per micro / macro index. */
  microIds: string[];
  macroIds: string[];
  identity: {
    previousRunId: string | null;
    kept: number;
    born: number;
    dissolved: number;
    moves: number;
  };
}

const ROWS_PER_TRANSACTION = 20_000;

export function newSegmentId(): string {
  return `seg_${randomBytes(6).toString("hex")}`;
}

export async function storeSegments(ctx: AnalysisContext, progress: (fraction: number) => void): Promise<StoredRunSegments> {
  const { db, sql, runId } = ctx;
  const features = ctx.features!;
  const scores = ctx.scores!;
  const analysis = ctx.segments!;
  const keyOf = ctx.inputs!.customerKeys;
  const seg = analysis.segmentation;
  const customerKeys = features.customerIds.map((id) => {
    const key = keyOf.get(id);
    if (key === undefined) throw new Error(`analysis: customer ${id} has no store record`);
    return key;
  });

  // --- Identity against the previous finished run. -------------------------
  const previous = await latestRun(db, ctx.shop.id);
  let prevMicro = new Map<string, string>();
  let prevMacro = new Map<string, string>();
  let prevMicroIds: string[] = [];
  let prevMacroIds: string[] = [];
  if (previous) {
    ({ micro: prevMicro, macro: prevMacro } = await runAssignments(db, previous.id));
    const snaps = await db.segmentSnapshot.findMany({ where: { runId: previous.id }, select: { segmentId: true, segment: { select: { level: true } } } });
    prevMicroIds = snaps.filter((s) => s.segment.level === "micro").map((s) => s.segmentId);
    prevMacroIds = snaps.filter((s) => s.segment.level === "macro").map((s) => s.segmentId);
  }
  const macroMatch = seg.undersized
    ? { inherited: [] as (string | null)[], dissolved: prevMacroIds }
    : matchSegments(customerKeys, seg.macro, seg.macroCount, { segmentOf: prevMacro, segmentIds: prevMacroIds });
  const microMatch = matchSegments(customerKeys, seg.micro, seg.microCount, { segmentOf: prevMicro, segmentIds: prevMicroIds });
  const macroIds = macroMatch.inherited.map((id) => id ?? newSegmentId());
  const microIds = microMatch.inherited.map((id) => id ?? newSegmentId());
  const microOf = (row: number) => microIds[seg.micro[row]];
  const macroOf = (row: number) => (seg.undersized ? microIds[0] : macroIds[seg.macro[row]]);
  const moves = previous ? segmentMoves(customerKeys, microOf, prevMicro) : [];
  progress(0.05);

  // --- Scores and moves, in chunks. --------------------------------------
  const provider = sql.provider;
  const scoreColumns = ["runId", "customerId", "segmentId", "macroSegmentId", "tier", "clv30", "clv365", "clv1095", "pAlive", "churn", "expectedPurchases"];
  const n = customerKeys.length;
  const totalRows = n + moves.length;
  let written = 0;
  for (let start = 0; start < n; start += ROWS_PER_TRANSACTION) {
    const rows: SqlValue[][] = [];
    for (let i = start; i < Math.min(n, start + ROWS_PER_TRANSACTION); i++) {
      rows.push([
        runId, customerKeys[i], microOf(i), macroOf(i), TIERS[scores.tier[i]],
        finite(scores.clv30[i]), finite(scores.clv365[i]), finite(scores.clv1095[i]), finite(scores.pAlive[i]), finite(scores.churn[i]), finite(scores.expectedPurchases[i]),
      ]);
    }
    await sql.transaction(insertStatements(provider, "CustomerScore", scoreColumns, rows));
    written += rows.length;
    progress(0.05 + (0.85 * written) / Math.max(1, totalRows));
  }
  for (let start = 0; start < moves.length; start += ROWS_PER_TRANSACTION) {
    const rows = moves.slice(start, start + ROWS_PER_TRANSACTION).map((m) => [runId, m.customerKey, m.from, m.to]);
    await sql.transaction(insertStatements(provider, "SegmentMove", ["runId", "customerId", "fromSegmentId", "toSegmentId"], rows));
    written += rows.length;
    progress(0.05 + (0.85 * written) / Math.max(1, totalRows));
  }

  // --- Segments and snapshots, in one transaction. -----------------------
  const segmentRows: SqlValue[][] = [];
  const snapshotRows: SqlValue[][] = [];
  if (!seg.undersized) {
    analysis.macro.forEach((p, c) => {
      segmentRows.push([macroIds[c], ctx.shop.id, "macro", null, p.name, runId, null, runId]);
      snapshotRows.push([runId, macroIds[c], p.size, JSON.stringify({ ...p, level: "macro" })]);
    });
  }
  analysis.micro.forEach((p, s) => {
    const parent = seg.undersized ? null : macroIds[seg.microParent[s]];
    segmentRows.push([microIds[s], ctx.shop.id, "micro", parent, p.name, runId, null, runId]);
    snapshotRows.push([runId, microIds[s], p.size, JSON.stringify({ ...p, level: "micro" })]);
  });
  const segmentColumns = ["id", "shopId", "level", "parentId", "name", "bornRunId", "dissolvedRunId", "lastRunId"];
  // A kept segment keeps its bornRunId; its name, parent and last run follow this run.
  const upsert = ` ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "parentId" = excluded."parentId", "lastRunId" = excluded."lastRunId", "dissolvedRunId" = NULL`;
  const statements: SqlStatement[] = [
    ...insertStatements(provider, "Segment", segmentColumns, segmentRows).map((s) => ({ sql: s.sql + upsert, params: s.params })),
    ...insertStatements(provider, "SegmentSnapshot", ["runId", "segmentId", "size", "profile"], snapshotRows),
  ];
  const dissolved = [...macroMatch.dissolved, ...microMatch.dissolved];
  for (let start = 0; start < dissolved.length; start += 500) {
    const ids = dissolved.slice(start, start + 500);
    const marks = ids.map((_, j) => (provider === "postgresql" ? `$${j + 2}` : "?")).join(",");
    statements.push({ sql: `UPDATE "Segment" SET "dissolvedRunId" = ${provider === "postgresql" ? "$1" : "?"} WHERE "id" IN (${marks})`, params: [runId, ...ids] });
  }
  await sql.transaction(statements);
  progress(1);
  const kept = macroMatch.inherited.filter((x) => x !== null).length + microMatch.inherited.filter((x) => x !== null).length;
  return {
    customerKeys,
    microIds,
    macroIds,
    identity: {
      previousRunId: previous?.id ?? null,
      kept,
      born: macroIds.length + microIds.length - kept,
      dissolved: dissolved.length,
      moves: moves.length,
    },
  };
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}
