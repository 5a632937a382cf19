import { ApiVersion } from "@shopify/shopify-api";
import { AdminGraphqlClient, adminEndpoint } from "../../activation/shopifyAdminGraphql.ts";
import { recentJobs, type BackfillJobRow } from "../../backfill/backfillJobs.ts";
import { BACKFILL_RESOURCES, type BackfillResource } from "../../backfill/bulkQueries.ts";
import { runBackfill } from "../../backfill/runBackfill.ts";
import { progressBar, type Progress } from "../progress.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export interface BackfillCommandOptions {
  shop: string;
  token?: string;
  apiUrl?: string;
  resources?: string;
  pollSeconds?: string;
  status?: boolean;
  json?: boolean;
}

/** `pearl backfill --shop D`: the shop's history through Shopify bulk queries, or (--status) how far the last ones got. */
export async function backfillCommand(options: BackfillCommandOptions): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    if (options.status) {
      const jobs = await recentJobs(store.db, shop.id);
      if (options.json) console.log(JSON.stringify(jobs.map(jobSummary)));
      else console.table(jobs.map(jobSummary));
      return;
    }
    const resources = (options.resources?.split(",") ?? [...BACKFILL_RESOURCES]) as BackfillResource[];
    const unknown = resources.filter((r) => !BACKFILL_RESOURCES.includes(r));
    if (unknown.length) throw new CliError(`Unknown resource ${unknown.join(", ")}: choose from ${BACKFILL_RESOURCES.join(", ")}`);
    const session = await store.db.session.findFirst({ where: { shop: options.shop, isOnline: false } });
    const accessToken = options.token ?? process.env.SHOPIFY_ACCESS_TOKEN ?? session?.accessToken;
    if (!accessToken) throw new CliError(`No access token for ${options.shop}: install the app on the shop, or pass --token (or SHOPIFY_ACCESS_TOKEN)`);
    const admin = new AdminGraphqlClient({ endpoint: options.apiUrl ?? adminEndpoint(options.shop, ApiVersion.July26), accessToken });
    const bars = new Map<string, Progress>();
    const bar = (resource: string) => {
      let b = bars.get(resource);
      if (!b) bars.set(resource, (b = progressBar(`backfill ${resource}`, 100, "%")));
      return b;
    };
    const started = performance.now();
    const outcomes = await runBackfill({
      db: store.db,
      sql: store.sql,
      shopId: shop.id,
      admin,
      resources,
      pollIntervalMs: Number(options.pollSeconds ?? 10) * 1000,
      onProgress: (p) => {
        if (p.phase === "applying" && p.apply?.indexing) process.stderr.write(`backfill ${p.resource}: building the indexes deferred for the load...\n`);
        else if (p.phase === "applying" && p.apply?.totalBytes) bar(p.resource).update(Math.round((100 * p.apply.bytes) / p.apply.totalBytes));
        if (p.phase === "applied") {
          bar(p.resource).update(100);
          bar(p.resource).stop();
        }
      },
    }).catch((error: Error) => {
      for (const b of bars.values()) b.stop();
      throw new CliError(error.message);
    });
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const summary = outcomes.map((o) => ({ resource: o.resource, operation: o.operationId, ...(o.result ?? {}) }));
    if (options.json) console.log(JSON.stringify({ shop: options.shop, seconds, jobs: summary }));
    else {
      console.log(`Backfilled ${options.shop} in ${seconds} s:`);
      console.table(summary);
    }
  } finally {
    await store.close();
  }
}

function jobSummary(job: BackfillJobRow) {
  return {
    id: job.id,
    resource: job.resource,
    status: job.status,
    operation: job.operationId,
    objects: job.objectCount,
    records: job.recordsApplied,
    progress: job.fileSize ? `${((100 * Number(job.bytesApplied)) / Number(job.fileSize)).toFixed(1)}%` : null,
    error: job.error,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
