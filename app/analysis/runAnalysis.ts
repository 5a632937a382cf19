/**
 * One analysis run of a shop as of a date: a list of phases over a shared
 * context, each reporting its progress. The run is stored as status
 * "running" and becomes visible to readers (latestRun) only when every
 * phase has finished and it is set "done"; a failure sets "failed" and
 * removes its scores, moves, snapshots and the segments it gave birth to.
 *
 * To add a phase (e.g. recommendations), append it to ANALYSIS_PHASES
 * after "store": by then ctx.segments holds the segment ids and every
 * customer's membership.
 */
import type { Db } from "../db.server.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import { type CustomerFeatures, customerFeaturesFromTable } from "../intelligence/features.ts";
import { type SegmentAnalysis, analyzeSegments } from "../intelligence/segments/analyzeSegments.ts";
import { preferredMonths, tableRows } from "../intelligence/segments/preferredMonth.ts";
import { type SegmentSettings, parseShopSettings } from "../intelligence/segments/settings.ts";
import { type ValueScores, valueScores } from "../intelligence/segments/valueScores.ts";
import { timeZoneOffsetMs } from "../imports/timeZone.ts";
import { type IntelligenceInputs, loadIntelligenceInputs } from "../store/loadIntelligenceInputs.ts";
import { type PreviousRun, loadPreviousRun, previousLabels, storeSegments, type StoredRunSegments } from "./storeSegments.ts";
import { RECOMMENDATIONS_PHASE } from "./recommendationsPhase.ts";
import { ATTRIBUTION_PHASE } from "./attributionPhase.ts";

export interface AnalysisShop {
  id: string;
  domain: string;
  timezone: string;
  analysisSettings: string | null;
}

export interface AnalysisContext {
  db: Db;
  sql: SqlExecutor;
  shop: AnalysisShop;
  runId: string;
  asOf: Date;
  settings: SegmentSettings;
  /** Filled by the phases, in order. */
  inputs?: IntelligenceInputs;
  features?: CustomerFeatures;
  scores?: ValueScores;
  months?: Int8Array;
  segments?: SegmentAnalysis;
  /** The shop's previous finished run, as the segments phase found it (null: none). */
  previous?: PreviousRun | null;
  /** Segment ids and memberships as stored (after "store"). */
  stored?: StoredRunSegments;
  /** Merged into AnalysisRun.stats at the end. */
  stats: Record<string, unknown>;
}

export interface AnalysisPhase {
  name: string;
  /** Share of the run's time the phase usually takes (for the overall progress figure). */
  weight: number;
  run(ctx: AnalysisContext, progress: (fraction: number) => void): Promise<void>;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`analysis: ${what} missing (phase order)`);
  return value;
}

export const ANALYSIS_PHASES: AnalysisPhase[] = [
  {
    name: "load",
    weight: 3,
    async run(ctx) {
      ctx.inputs = await loadIntelligenceInputs(ctx.db, ctx.shop.id);
      const t = ctx.inputs.table;
      ctx.stats.loaded = { customers: t.customerIds.length, orders: t.orderCustomer.length, lines: t.lineCategory.length, browseEvents: ctx.inputs.browse.length, carts: ctx.inputs.carts.length };
    },
  },
  {
    name: "features",
    weight: 1,
    async run(ctx) {
      const { table, browse, carts } = need(ctx.inputs, "inputs");
      const utcOffsetMinutes = timeZoneOffsetMs(ctx.shop.timezone, ctx.asOf.getTime()) / 60_000;
      ctx.features = customerFeaturesFromTable(table, browse, carts, ctx.asOf, { utcOffsetMinutes });
      ctx.months = preferredMonths(table, ctx.features, utcOffsetMinutes);
    },
  },
  {
    name: "clv",
    weight: 1,
    async run(ctx) {
      ctx.scores = valueScores(need(ctx.inputs, "inputs").table, need(ctx.features, "features"));
      const m = ctx.scores.model;
      ctx.stats.clv = { bgnbd: m.bgnbd, gammaGamma: m.gammaGamma, lowConfidence: m.lowConfidence, reasons: m.reasons };
    },
  },
  {
    name: "segments",
    weight: 2,
    async run(ctx, progress) {
      const features = need(ctx.features, "features");
      const inputs = need(ctx.inputs, "inputs");
      const table = inputs.table;
      ctx.previous = await loadPreviousRun(ctx.db, ctx.shop.id, ctx.settings);
      const previous = ctx.previous ? previousLabels(ctx.previous, features.customerIds, inputs.customerKeys) : undefined;
      ctx.segments = analyzeSegments(
        { features, scores: need(ctx.scores, "scores"), months: need(ctx.months, "months"), settings: ctx.settings, orders: { table, rows: tableRows(table, features) } },
        { compareUnconstrained: true, previous, onProgress: (done, total) => progress(done / total) },
      );
      ctx.stats.segments = { ...ctx.segments.segmentation.stats, timings: ctx.segments.timings };
      ctx.stats.dimensions = ctx.segments.dimensions;
    },
  },
  {
    name: "store",
    weight: 3,
    async run(ctx, progress) {
      ctx.stored = await storeSegments(ctx, progress);
      ctx.stats.identity = ctx.stored.identity;
    },
  },
  RECOMMENDATIONS_PHASE,
  ATTRIBUTION_PHASE,
];

export interface RunAnalysisOptions {
  asOf: Date;
  phases?: readonly AnalysisPhase[];
  /** Called as phases start and progress (fraction of the phase, 0..1). */
  onProgress?: (phase: string, fraction: number) => void;
}

export interface AnalysisOutcome {
  runId: string;
  stats: Record<string, unknown>;
  context: AnalysisContext;
}

export async function runAnalysis(db: Db, sql: SqlExecutor, shop: AnalysisShop, options: RunAnalysisOptions): Promise<AnalysisOutcome> {
  const settings = parseShopSettings(shop.analysisSettings);
  const phases = options.phases ?? ANALYSIS_PHASES;
  const run = await db.analysisRun.create({
    data: { shopId: shop.id, asOf: options.asOf, status: "running", phase: phases[0]?.name ?? null, params: JSON.stringify({ asOf: options.asOf.toISOString(), settings }) },
  });
  const ctx: AnalysisContext = { db, sql, shop, runId: run.id, asOf: options.asOf, settings, stats: {} };
  const totalWeight = phases.reduce((s, p) => s + p.weight, 0);
  let doneWeight = 0;
  const timings: Record<string, number> = {};
  try {
    for (const phase of phases) {
      await db.analysisRun.update({ where: { id: run.id }, data: { phase: phase.name, progress: doneWeight / totalWeight } });
      options.onProgress?.(phase.name, 0);
      const t0 = performance.now();
      await phase.run(ctx, (fraction) => options.onProgress?.(phase.name, Math.max(0, Math.min(1, fraction))));
      timings[phase.name] = Math.round(performance.now() - t0);
      options.onProgress?.(phase.name, 1);
      doneWeight += phase.weight;
    }
    ctx.stats.phaseMs = timings;
    await db.analysisRun.update({
      where: { id: run.id },
      data: { status: "done", phase: null, progress: 1, finishedAt: new Date(), stats: JSON.stringify(ctx.stats) },
    });
    return { runId: run.id, stats: ctx.stats, context: ctx };
  } catch (error) {
    await db.customerScore.deleteMany({ where: { runId: run.id } }).catch(() => {});
    await db.segmentMove.deleteMany({ where: { runId: run.id } }).catch(() => {});
    await db.segmentSnapshot.deleteMany({ where: { runId: run.id } }).catch(() => {});
    await db.segment.deleteMany({ where: { bornRunId: run.id } }).catch(() => {});
    await db.analysisRun
      .update({ where: { id: run.id }, data: { status: "failed", finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) } })
      .catch(() => {});
    throw error;
  }
}
