import { env } from "./config/env.server.ts";
import { resolveDatabase } from "./db/databaseUrl.ts";
import { db } from "./db.server.ts";
import { InboxWriter } from "./ingest/inboxWriter.server.ts";
import type { ReceiveDeps, WebhookCheck } from "./ingest/receiveWebhook.server.ts";
import { ShopDirectory } from "./ingest/shopDirectory.server.ts";
import { BullInboxQueue, InProcessInboxQueue, type InboxQueue } from "./jobs/inboxQueue.server.ts";
import { shopifyApiClient } from "./shopify.server.ts";

export interface Runtime extends ReceiveDeps {
  queue: InboxQueue;
}

/**
 * The web process's long-lived parts, built once: the inbox writer, the
 * queue that drains it (in-process, or BullMQ when REDIS_URL is set), the
 * shop directory. Routes get them from here.
 */
function createRuntime(): Runtime {
  const e = env();
  const database = db();
  const queue: InboxQueue = e.REDIS_URL ? new BullInboxQueue(e.REDIS_URL) : new InProcessInboxQueue(database);
  const api = shopifyApiClient();
  return {
    queue,
    inbox: new InboxWriter(database, resolveDatabase(e.DATABASE_URL).provider, (ids) => queue.delivered(ids)),
    shops: new ShopDirectory(database),
    maxBytes: e.WEBHOOK_MAX_BYTES,
    validate: (rawBody, request) => api.webhooks.validate({ rawBody, rawRequest: request }) as Promise<WebhookCheck>,
  };
}

const globalForRuntime = globalThis as unknown as { pearlRuntime?: Runtime };

export function runtime(): Runtime {
  globalForRuntime.pearlRuntime ??= createRuntime();
  return globalForRuntime.pearlRuntime;
}
