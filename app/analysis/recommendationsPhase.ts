/**
 * The analysis phase "recommendations": after the segments are stored, a
 * feed per segment (micro and macro, plus the store's trending items) and
 * every customer's top-10, written as SegmentFeedItem and
 * CustomerRecommendation rows of the run. Rows of a phase that fails are
 * removed again, so a failed run leaves none behind.
 */
import type { SqlValue } from "../db/sqlExecutor.server.ts";
import { storeRecommendations } from "../recommend/storeRecommendations.ts";
import { loadCatalog, loadProductViews } from "../store/loadRecommendationInputs.ts";
import type { AnalysisContext, AnalysisPhase } from "./runAnalysis.ts";

const ROWS_PER_TRANSACTION = 20_000;

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`analysis: ${what} missing (phase order)`);
  return value;
}

async function writeRows(ctx: AnalysisContext, table: string, columns: string[], rows: SqlValue[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
    await ctx.sql.insertRows([{ table, columns, rows: rows.slice(start, start + ROWS_PER_TRANSACTION) }]);
  }
}

export const RECOMMENDATIONS_PHASE: AnalysisPhase = {
  name: "recommendations",
  weight: 2,
  async run(ctx, progress) {
    const inputs = need(ctx.inputs, "inputs");
    const stored = need(ctx.stored, "stored segments");
    if (!inputs.table.products?.length || !inputs.table.lineProduct) {
      // Orders without product ids (the CDNOW cohort): nothing to recommend from.
      ctx.stats.recommendations = { skipped: "the orders name no products" };
      return;
    }
    const [catalog, views] = await Promise.all([loadCatalog(ctx.db, ctx.shop.id), loadProductViews(ctx.db, ctx.shop.id)]);
    const t0 = performance.now();
    const result = await storeRecommendations({
      table: inputs.table,
      features: need(ctx.features, "features"),
      segmentation: need(ctx.segments, "segments").segmentation,
      microIds: stored.microIds,
      macroIds: stored.macroIds,
      customerKeys: inputs.customerKeys,
      catalog,
      views,
      asOf: ctx.asOf,
    });
    const computeMs = Math.round(performance.now() - t0);
    progress(0.3);
    const { runId } = ctx;
    const feedColumns = ["runId", "segmentId", "rank", "productId", "score", "reason"];
    const feedRows = result.feeds.map((f): SqlValue[] => [runId, f.segmentId, f.rank, f.productId, f.score, f.reason]);
    const expected = feedRows.length + result.stats.customers * 10 || 1;
    let written = 0;
    try {
      await writeRows(ctx, "SegmentFeedItem", feedColumns, feedRows);
      written += feedRows.length;
      progress(0.3 + (0.7 * written) / expected);
      for (const chunk of result.customerRows(ROWS_PER_TRANSACTION)) {
        const rows = chunk.map((r): SqlValue[] => [runId, r.customerId, r.rank, r.productId, r.score, r.reason]);
        await writeRows(ctx, "CustomerRecommendation", ["runId", "customerId", "rank", "productId", "score", "reason"], rows);
        written += rows.length;
        progress(Math.min(1, 0.3 + (0.7 * written) / expected));
      }
    } catch (error) {
      await ctx.db.segmentFeedItem.deleteMany({ where: { runId } }).catch(() => {});
      await ctx.db.customerRecommendation.deleteMany({ where: { runId } }).catch(() => {});
      throw error;
    }
    const blend = result.model.blend;
    ctx.stats.recommendations = {
      ...result.stats,
      feedRows: feedRows.length,
      recommendationRows: written - feedRows.length,
      blend: { fitted: blend.fitted, customers: blend.customers, samples: blend.samples, positives: blend.positives },
      computeMs,
    };
  },
};
