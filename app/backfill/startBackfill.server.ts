import { ApiVersion } from "@shopify/shopify-api";
import { AdminGraphqlClient, adminEndpoint } from "../activation/shopifyAdminGraphql.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import type { Db } from "../db.server.ts";
import { runBackfill } from "./runBackfill.ts";

const running = new Set<string>();

/**
 * Starts (or continues) a shop's backfill in this process, in the
 * background: on install and from the admin's History page. Its progress is
 * in the BackfillJob rows; a second request while one runs does nothing.
 * Returns false when the shop has no offline access token to run it with.
 */
export async function startBackfillInBackground(db: Db, sql: SqlExecutor, domain: string, accessToken?: string): Promise<boolean> {
  if (running.has(domain)) return true;
  const [shop, session] = await Promise.all([
    db.shop.findUnique({ where: { domain }, select: { id: true } }),
    accessToken ? null : db.session.findFirst({ where: { shop: domain, isOnline: false }, select: { accessToken: true } }),
  ]);
  const token = accessToken ?? session?.accessToken;
  if (!shop || !token) return false;
  running.add(domain);
  const admin = new AdminGraphqlClient({ endpoint: adminEndpoint(domain, ApiVersion.July26), accessToken: token });
  void runBackfill({ db, sql, shopId: shop.id, admin })
    .catch((error: unknown) => console.error(`[backfill] ${domain}:`, error))
    .finally(() => running.delete(domain));
  return true;
}

/** On install: a shop that never had a backfill gets one (re-authorising later starts none). */
export async function backfillOnInstall(db: Db, sql: SqlExecutor, domain: string, accessToken: string): Promise<void> {
  const shop = await db.shop.findUnique({ where: { domain }, select: { id: true, _count: { select: { backfillJobs: true } } } });
  if (shop && shop._count.backfillJobs === 0) await startBackfillInBackground(db, sql, domain, accessToken);
}
