import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { createDb, type Db } from "../../app/db.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { startServer, type RunningServer } from "../../server.ts";
import { randomShopDomain, defaultTarget } from "./testDb.ts";

export const TEST_SECRET = "test-app-secret";

export interface TestApp {
  url: string;
  db: Db;
  target: DatabaseTarget;
  shop: { id: string; domain: string; urlSecret: string };
  close(): Promise<void>;
}

/**
 * The built app on a real HTTP server with its own database: what Shopify's
 * webhooks and the pixel talk to in production.
 */
export async function startTestApp(target: DatabaseTarget = defaultTarget()): Promise<TestApp> {
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: target.url,
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
  });
  delete process.env.REDIS_URL;
  const db = createDb(target);
  const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify" });
  const server: RunningServer = await startServer(0);
  return {
    url: server.url,
    db,
    target,
    shop,
    close: async () => {
      await server.close();
      await db.$disconnect();
    },
  };
}

/** Waits until the inbox holds nothing the drain still has to do. */
export async function inboxSettled(db: Db, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const due = await db.webhookInbox.count({ where: { processedAt: null, failedAt: null, nextAttemptAt: null } });
    if (due === 0) return;
    if (Date.now() > until) throw new Error(`inbox still has ${due} entries after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
