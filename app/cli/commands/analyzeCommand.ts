import { runAnalysis } from "../../analysis/runAnalysis.ts";
import { segmentsOfRun, latestRun } from "../../store/analysisRuns.ts";
import { phaseProgress } from "../progress.ts";
import { CliError, openStore, requireShop } from "../store.ts";
import { endOfDay } from "./clvCommand.ts";

export interface AnalyzeOptions {
  shop: string;
  asOf?: string;
  json?: boolean;
}

/** `pearl analyze --shop D [--as-of DATE] [--json]`: features, CLV, segments (and later phases), stored as a run. */
export async function analyzeCommand(options: AnalyzeOptions): Promise<void> {
  const asOf = options.asOf ? endOfDay(options.asOf) : new Date();
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    const progress = phaseProgress("analyze");
    const outcome = await runAnalysis(store.db, store.sql, shop, { asOf, onProgress: progress.onProgress });
    progress.stop();
    const stats = outcome.stats as { segments?: { microCount: number; macroK: number; minMicroSize: number; maxMicroSize: number; wcss: number; unconstrainedWcss: number | null }; identity?: object };
    if (options.json) {
      process.stdout.write(JSON.stringify({ runId: outcome.runId, asOf: asOf.toISOString(), stats: outcome.stats }) + "\n");
      return;
    }
    const s = stats.segments;
    console.log(`run ${outcome.runId} as of ${asOf.toISOString()}`);
    if (s) {
      console.log(`${s.macroK} macro-segments, ${s.microCount} micro-segments (sizes ${s.minMicroSize}-${s.maxMicroSize})`);
      if (s.unconstrainedWcss) console.log(`WCSS ${s.wcss.toFixed(1)} with size bounds, ${s.unconstrainedWcss.toFixed(1)} without (+${((s.wcss / s.unconstrainedWcss - 1) * 100).toFixed(1)}%)`);
    }
    if (stats.identity) console.log(`identity: ${JSON.stringify(stats.identity)}`);
  } finally {
    await store.close();
  }
}

/** `pearl segments --shop D [--json]`: the latest run's segments. */
export async function segmentsCommand(options: { shop: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    const run = await latestRun(store.db, shop.id);
    if (!run) throw new CliError(`No finished analysis for ${options.shop}. Run: pearl analyze --shop ${options.shop}`);
    const segments = await segmentsOfRun(store.db, run.id);
    if (options.json) {
      process.stdout.write(JSON.stringify(segments.map((s) => ({ id: s.id, name: s.name, parentId: s.parentId, size: s.size, profile: s.profile }))) + "\n");
      return;
    }
    console.log(`run ${run.id} as of ${run.asOf.toISOString()}: ${segments.length} segments`);
    console.table(
      segments.slice(0, 40).map((s) => ({
        id: s.id,
        level: s.level,
        parent: s.parentId ?? "",
        size: s.size,
        name: s.name,
        clv365: s.profile.meanClv365.toFixed(0),
        churn: s.profile.meanChurn.toFixed(2),
      })),
    );
    if (segments.length > 40) console.log(`... ${segments.length - 40} more; --json prints all.`);
  } finally {
    await store.close();
  }
}
