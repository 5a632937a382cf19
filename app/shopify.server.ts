import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { env } from "./config/env.server.ts";
import { db } from "./db.server.ts";
import { installShop } from "./store/installShop.ts";
import { backfillOnInstall } from "./backfill/startBackfill.server.ts";
import { runtime } from "./runtime.server.ts";

// The one place Shopify is configured.
export const API_VERSION = ApiVersion.July26;

function createShopifyApp() {
  const e = env();
  return shopifyApp({
    apiKey: e.SHOPIFY_API_KEY,
    apiSecretKey: e.SHOPIFY_API_SECRET,
    apiVersion: API_VERSION,
    scopes: e.SCOPES.split(","),
    appUrl: e.SHOPIFY_APP_URL,
    authPathPrefix: "/auth",
    // The generated client has the same shape as @prisma/client's for the Session model.
    sessionStorage: new PrismaSessionStorage(db() as never),
    distribution: AppDistribution.AppStore,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    hooks: {
      afterAuth: async ({ session }) => {
        await installShop(db(), { domain: session.shop, platform: "shopify" });
        // Years of history, not just what happens after the install (runs in the background).
        await backfillOnInstall(db(), runtime().pixel.sql, session.shop, session.accessToken ?? "");
      },
    },
  });
}

let app: ReturnType<typeof createShopifyApp> | undefined;

export function shopify() {
  app ??= createShopifyApp();
  return app;
}
