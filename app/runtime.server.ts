import { env } from "./config/env.server.ts";
import { resolveDatabase } from "./db/databaseUrl.ts";
import { db } from "./db.server.ts";
import { InboxWriter } from "./ingest/inboxWriter.server.ts";
import type { ReceiveDeps } from "./ingest/receiveWebhook.server.ts";
import { openSqlExecutor } from "./db/sqlExecutor.server.ts";
import { WriteGate } from "./db/writeGate.ts";
import { ShopDirectory } from "./ingest/shopDirectory.server.ts";
import { RateLimiter } from "./pixel/rateLimiter.ts";
import type { PixelDeps } from "./pixel/receivePixelBatch.server.ts";
import { startLocalAnalysisScheduler } from "./jobs/analysisScheduler.server.ts";
import { BullInboxQueue, InProcessInboxQueue, type InboxQueue } from "./jobs/inboxQueue.server.ts";

/** A delivery within this long means the web process is taking a stream of them. */
const BUSY_WINDOW_MS = 250;

export interface Runtime extends ReceiveDeps {
  queue: InboxQueue;
  pixel: PixelDeps;
}

/**
 * The web process's long-lived parts, built once: the inbox writer, the
 * queue that drains it (in-process, or BullMQ when REDIS_URL is set), the
 * shop directory. Routes get them from here.
 */
function createRuntime(): Runtime {
  const e = env();
  const database = db();
  const target = resolveDatabase(e.DATABASE_URL);
  const gate = target.provider === "sqlite" ? new WriteGate() : undefined;
  const sql = openSqlExecutor(target);
  const inbox: InboxWriter = new InboxWriter(sql, (ids) => queue.delivered(ids), gate);
  // The in-process drain works in the gaps while deliveries stream in.
  const busy = () => Date.now() - inbox.lastWriteAt < BUSY_WINDOW_MS;
  const queue: InboxQueue = e.REDIS_URL ? new BullInboxQueue(e.REDIS_URL) : new InProcessInboxQueue(database, gate, busy);
  const shops = new ShopDirectory(database);
  // Scheduled analyses: `npm run worker` runs them when there is Redis; otherwise this process starts them.
  if (!e.REDIS_URL) startLocalAnalysisScheduler(database);
  return {
    queue,
    pixel: {
      db: database,
      sql,
      shops,
      // Limits per web process. A busy storefront sends a few events per
      // visitor per minute; these leave room for sales-day peaks.
      perShop: new RateLimiter({
        capacity: 5 * e.PEARL_PIXEL_SHOP_EVENTS_PER_SECOND,
        refillPerSecond: e.PEARL_PIXEL_SHOP_EVENTS_PER_SECOND,
        maxKeys: 100_000,
      }),
      perClient: new RateLimiter({
        capacity: e.PEARL_PIXEL_CLIENT_EVENTS_PER_MINUTE,
        refillPerSecond: e.PEARL_PIXEL_CLIENT_EVENTS_PER_MINUTE / 60,
        maxKeys: 200_000,
      }),
      maxEventAgeMs: e.PEARL_PIXEL_MAX_AGE_DAYS * 24 * 60 * 60 * 1000,
    },
    inbox,
    shops,
    maxBytes: e.WEBHOOK_MAX_BYTES,
    secret: e.SHOPIFY_API_SECRET,
  };
}

const globalForRuntime = globalThis as unknown as { pearlRuntime?: Runtime };

export function runtime(): Runtime {
  globalForRuntime.pearlRuntime ??= createRuntime();
  return globalForRuntime.pearlRuntime;
}
