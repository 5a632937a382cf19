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

export interface PreviousRun {
  runId: string;
  /** Customer.id -> micro / macro segment id in that run. */
  micro: Map<string, string>;
  macro: Map<string, string>;
  microIds: string[];
  macroIds: string[];
  /** Whether its segments may seed this run (same segmentation settings). */
  warmStartable: boolean;
}

/** The shop's latest finished run and where its customers were, or null before the first. */
export async function loadPreviousRun(db: AnalysisContext["db"], shopId: string, settings: AnalysisContext["settings"] | null): Promise<PreviousRun | null> {
  const run = await latestRun(db, shopId);
  if (!run) return null;
  const { micro, macro } = await runAssignments(db, run.id);
  const snaps = await db.segmentSnapshot.findMany({ where: { runId: run.id }, select: { segmentId: true, segment: { select: { level: true } } } });
  let sameSettings = false;
  try {
    sameSettings = settings !== null && JSON.stringify((JSON.parse(run.params) as { settings?: unknown }).settings) === JSON.stringify(settings);
  } catch {
    sameSettings = false;
  }
  return {
    runId: run.id,
    micro,
    macro,
    microIds: snaps.filter((s) => s.segment.level === "micro").map((s) => s.segmentId),
    macroIds: snaps.filter((s) => s.segment.level === "macro").map((s) => s.segmentId),
    warmStartable: sameSettings,
  };
}

/**
 * The previous run's segment index per feature row (-1: not in it), the
 * warm start of segmentCustomers; undefined when the run may not seed this
 * one (other settings) or had a single undersized segment.
 */
export function previousLabels(prev: PreviousRun, customerIds: readonly string[], keyOf: Map<string, string>) {
  if (!prev.warmStartable || prev.macroIds.length === 0) return undefined;
  const microIndex = new Map(prev.microIds.map((id, j) => [id, j]));
  const macroIndex = new Map(prev.macroIds.map((id, j) => [id, j]));
  const micro = new Int32Array(customerIds.length).fill(-1);
  const macro = new Int32Array(customerIds.length).fill(-1);
  customerIds.forEach((id, i) => {
    const key = keyOf.get(id);
    if (key === undefined) return;
    micro[i] = microIndex.get(prev.micro.get(key) ?? "") ?? -1;
    macro[i] = macroIndex.get(prev.macro.get(key) ?? "") ?? -1;
  });
  return { micro, macro };
}

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
  const previous = ctx.previous === undefined ? await loadPreviousRun(db, ctx.shop.id, null) : ctx.previous;
  const prevMicro = previous?.micro ?? new Map<string, string>();
  const prevMacro = previous?.macro ?? new Map<string, string>();
  const prevMicroIds = previous?.microIds ?? [];
  const prevMacroIds = previous?.macroIds ?? [];
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
    await sql.insertRows([{ table: "CustomerScore", columns: scoreColumns, rows }]);
    written += rows.length;
    progress(0.05 + (0.85 * written) / Math.max(1, totalRows));
  }
  for (let start = 0; start < moves.length; start += ROWS_PER_TRANSACTION) {
    const rows = moves.slice(start, start + ROWS_PER_TRANSACTION).map((m) => [runId, m.customerKey, m.from, m.to]);
    await sql.insertRows([{ table: "SegmentMove", columns: ["runId", "customerId", "fromSegmentId", "toSegmentId"], rows }]);
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
      previousRunId: previous?.runId ?? null,
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
