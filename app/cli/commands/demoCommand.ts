import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { Pool } from "undici";
import { onlineRetailDemoTraffic, type DemoMessage } from "../../demo/demoTraffic.ts";
import { signedWebhookRequest } from "../../demo/signWebhook.ts";
import type { Db } from "../../db.server.ts";
import { derivePixelKey } from "../../pixel/pixelKey.ts";
import { installShop } from "../../store/installShop.ts";
import { shopStats } from "../../store/shopStats.ts";
import { runAnalysis } from "../../analysis/runAnalysis.ts";
import { DEMO_TEMPLATE } from "../../activation/demoTemplate.ts";
import { renderCampaignFiles } from "../../activation/renderCampaignFiles.ts";
import { resolveDatabase } from "../../db/databaseUrl.ts";
import type { Store } from "../store.ts";
import { phaseProgress, progressBar } from "../progress.ts";
import { openStore } from "../store.ts";

export const DEMO_DATA = path.resolve("..", "shared", "data", "online-retail", "online-retail-2010-12-01_2011-08-31.csv.gz");
const DEMO_SHOP = "pearl-demo.myshopify.com";
const IN_FLIGHT = 24;

export interface DemoOptions {
  port: number;
  /** Replay only the first N orders. */
  limit?: number;
  /** Stop once the replay is stored (tests); otherwise keep serving the admin. */
  exit?: boolean;
}

/**
 * `pearl demo`: the product end to end on a real store, offline. Starts the
 * app on the SQLite default, installs a demo shop, replays nine months of
 * the UK gift shop as the signed Shopify webhooks and pixel batches the
 * store would have sent, waits until the inbox is drained, and prints what
 * was stored.
 */
export async function demoCommand(options: DemoOptions): Promise<void> {
  if (!existsSync(DEMO_DATA)) throw new Error(`The demo reads ${DEMO_DATA}; it is missing.`);
  const secret = randomBytes(24).toString("base64url");
  const store = await openStore();
  let server: ChildProcess | undefined;
  try {
    if (!existsSync(path.resolve("build", "server", "index.js"))) {
      console.log("Building the app (first run only)...");
      execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { stdio: "ignore" });
    }
    const shop = await installShop(store.db, { domain: DEMO_SHOP, platform: "shopify", name: "Pearl demo: UK gift shop", currency: "GBP", timezone: "Europe/London" });
    // The app runs in its own process, as in production: the replay below is
    // Shopify's side of the conversation.
    const url = `http://127.0.0.1:${options.port}`;
    server = await startApp(options.port, {
      NODE_ENV: "production",
      PEARL_DEMO: "1",
      PEARL_DEMO_SHOP: DEMO_SHOP,
      SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "pearl-demo",
      SHOPIFY_API_SECRET: secret,
      SHOPIFY_APP_URL: url,
      // A replay sends nine months of one browser's history in minutes: let it.
      PEARL_PIXEL_MAX_AGE_DAYS: "36500",
      PEARL_PIXEL_CLIENT_EVENTS_PER_MINUTE: "1000000",
      PEARL_PIXEL_SHOP_EVENTS_PER_SECOND: "1000000",
    });
    console.log(`Pearl is running at ${url} with the demo shop ${DEMO_SHOP}.`);

    const sent = await replay(url, secret, shop, options.limit);
    await waitForDrain(store.db);
    const stats = await shopStats(store.db, DEMO_SHOP);
    console.log(`\nReplayed ${sent.webhooks} webhooks and ${sent.pixelBatches} pixel batches (${sent.rejected} refused). Stored for ${DEMO_SHOP}:`);
    const { inbox, ...counts } = stats!;
    console.table(counts);
    console.log(`Webhook inbox: ${inbox.processed} processed, ${inbox.pending} pending, ${inbox.failed} failed.`);
    const emails = await analyzeAndRenderEmails(store, shop);
    console.log(`\nAnalysed the store as of ${emails.asOf.toISOString().slice(0, 10)} and rendered one campaign for each of its ${emails.files.length} segment${emails.files.length === 1 ? "" : "s"}.`);
    console.log(`Open ${emails.index} to see every segment's email (and ${path.dirname(emails.index)}/<segment>.txt for the plain-text part).`);
    if (options.exit) return;
    console.log(`\nOpen ${url}/app to look around (demo mode). Ctrl-C stops.`);
    await new Promise((resolve) => server!.once("exit", resolve));
  } finally {
    server?.kill("SIGTERM");
    await store.close();
  }
}

async function startApp(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("server.ts")], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => child.kill("SIGTERM"));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the app stopped at start (exit code ${code})`)));
  });
  child.stdout!.pipe(process.stdout);
  return child;
}

async function replay(url: string, secret: string, shop: { domain: string; urlSecret: string }, limit?: number) {
  const bar = progressBar("replaying store", 100, "%");
  const traffic = onlineRetailDemoTraffic(DEMO_DATA, {
    shop: shop.domain,
    publicKey: derivePixelKey(shop.urlSecret, shop.domain),
    maxOrders: limit,
    import: { onProgress: (p) => bar.update(Math.round(p.fraction * 100)) },
  });
  const pool = new Pool(url, { connections: IN_FLIGHT });
  const counts = { webhooks: 0, pixelBatches: 0, rejected: 0 };
  const inFlight = new Set<Promise<void>>();
  const send = async (message: DemoMessage) => {
    const request = message.kind === "webhook"
      ? signedWebhookRequest({ url: `${url}/webhooks/${message.topic}`, topic: message.topic, shop: shop.domain, webhookId: message.webhookId, eventId: message.eventId, body: message.body, secret, apiVersion: "2026-07", triggeredAt: message.at })
      : { url: `${url}/api/pixel`, init: { method: "POST", headers: { "Content-Type": "text/plain" }, body: message.body } };
    for (let attempt = 0; ; attempt++) {
      const res = await pool.request({ path: new URL(request.url).pathname, method: "POST", headers: request.init.headers as Record<string, string>, body: request.init.body as string });
      await res.body.dump();
      if (res.statusCode === 200) break;
      // As Shopify does: retry what the app could not take now, give up on refusals.
      if ((res.statusCode === 503 || res.statusCode === 429) && attempt < 8) {
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        continue;
      }
      counts.rejected++;
      break;
    }
    if (message.kind === "webhook") counts.webhooks++;
    else counts.pixelBatches++;
  };
  for await (const message of traffic) {
    const p = send(message).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await pool.close();
  bar.update(100);
  bar.stop();
  return counts;
}

/** The drain runs in the app; this waits for it, retries of early refunds included. */
async function waitForDrain(db: Db): Promise<void> {
  const due = () => db.webhookInbox.count({ where: { processedAt: null, failedAt: null } });
  const total = await db.webhookInbox.count();
  const bar = progressBar("applying to store", total, "deliveries");
  for (;;) {
    const left = await due();
    bar.update(total - left);
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  bar.stop();
}

/**
 * The demo's last step: `pearl analyze` as of the last replayed order, then
 * one campaign rendered for every segment into HTML files beside the database.
 */
async function analyzeAndRenderEmails(store: Store, shop: Awaited<ReturnType<typeof installShop>>) {
  const last = await store.db.order.findFirst({ where: { shopId: shop.id }, orderBy: { processedAt: "desc" }, select: { processedAt: true } });
  const asOf = new Date(`${(last?.processedAt ?? new Date()).toISOString().slice(0, 10)}T23:59:59.999Z`);
  const progress = phaseProgress("analyze");
  const { runId } = await runAnalysis(store.db, store.sql, shop, { asOf, onProgress: progress.onProgress });
  progress.stop();
  const target = resolveDatabase();
  const dir = target.provider === "sqlite" ? path.join(path.dirname(target.url.replace(/^file:/, "")), "demo-emails") : path.resolve("data", "demo-emails");
  const rendered = await renderCampaignFiles(store.db, shop, runId, DEMO_TEMPLATE, dir);
  return { asOf, ...rendered };
}
