// The history page: the shop's backfill jobs (Shopify bulk queries or JSONL
// imports) with their progress, and for a Magento shop its connection and
// where each entity's polling stands. Only the authenticated shop's rows.

import { recentJobs } from "../backfill/backfillJobs.ts";
import type { Db } from "../db.server.ts";
import { backfillProgress } from "./settings.server.ts";
import { requireShopRow } from "./shop.server.ts";

export async function loadHistory(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  const [jobs, magento, cursors] = await Promise.all([
    recentJobs(db, shop.id),
    db.magentoConnection.findUnique({ where: { shopId: shop.id }, select: { baseUrl: true, authMethod: true, lastSyncAt: true, lastError: true } }),
    db.syncCursor.findMany({ where: { shopId: shop.id }, select: { entity: true, updatedAt: true, records: true, syncedAt: true } }),
  ]);
  return {
    platform: shop.platform,
    jobs: jobs.map((j) => ({
      id: j.id,
      resource: j.resource,
      status: j.status,
      records: j.recordsApplied,
      progress: backfillProgress(j) ?? 0,
      error: j.error,
      startedAt: j.startedAt.toISOString(),
    })),
    magento,
    cursors,
  };
}
