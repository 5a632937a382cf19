// npm run fuzz:webhooks — hostile traffic against the running app (its own
// process, SQLite default, in-process drain): FUZZ_REQUESTS (12,000) seeded
// requests of every kind in bench/lib/hostileRequests.ts, FUZZ_SEED (1).
// Prints what was sent and what came back per kind, then checks: no 5xx, no
// crash, every answer the expected one, the inbox holds exactly the valid
// deliveries, once each, browse events exactly what the pixel said it stored,
// and the drain applies or sets aside everything. Exit code 1 on any violation.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { createDb } from "../app/db.server.ts";
import { installShop } from "../app/store/installShop.ts";
import { startAppProcess } from "./lib/appProcess.ts";
import { hostileRequests, sendHostile, summarize } from "./lib/hostileRequests.ts";

const COUNT = Number(process.env.FUZZ_REQUESTS ?? 12_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const PORT = 3990 + Math.floor(Math.random() * 9);
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-fuzz-"));
const url = `file:${path.join(dir, "fuzz.db")}`;
const secret = randomBytes(24).toString("base64url");
await migrateDatabase({ provider: "sqlite", url });
const db = createDb({ provider: "sqlite", url });
const shop = await installShop(db, { domain: "fuzz.myshopify.com", platform: "shopify" });
const app = await startAppProcess({ databaseUrl: url, secret, port: PORT, env: { WEBHOOK_MAX_BYTES: String(MAX_BODY_BYTES) } });

const violations: string[] = [];
try {
  const requests = hostileRequests({ shop: shop.domain, urlSecret: shop.urlSecret, secret, maxBodyBytes: MAX_BODY_BYTES }, COUNT, SEED);
  const started = performance.now();
  const summary = summarize(await sendHostile(app.url, requests));
  const seconds = (performance.now() - started) / 1000;

  console.log(`fuzz:webhooks — ${COUNT.toLocaleString("en")} hostile requests (seed ${SEED}) in ${seconds.toFixed(1)} s against ${app.url}\n`);
  console.log(`${"kind".padEnd(40)} ${"sent".padStart(6)}  answers`);
  for (const [category, row] of [...summary.byCategory].sort()) {
    const answers = Object.entries(row.statuses).map(([status, n]) => `${status === "0" ? "no answer" : status}×${n}`).join(" ");
    console.log(`${category.padEnd(40)} ${String(row.sent).padStart(6)}  ${answers}${row.unexpected ? `   ✗ ${row.unexpected} unexpected` : ""}`);
    if (row.unexpected) violations.push(`${row.unexpected} unexpected answers to "${category}"`);
  }
  if (summary.serverErrors) violations.push(`${summary.serverErrors} answers were 5xx`);
  if (summary.connectionErrors) violations.push(`${summary.connectionErrors} requests got no answer`);

  const stored = await db.webhookInbox.findMany({ select: { webhookId: true } });
  const storedIds = new Set(stored.map((e) => e.webhookId));
  const missing = [...summary.mustBeStored].filter((id) => !storedIds.has(id));
  const extra = [...storedIds].filter((id) => !summary.mustBeStored.has(id));
  const events = await db.browseEvent.count();
  console.log(`\ninbox: ${stored.length} entries; valid deliveries ${summary.mustBeStored.size}; missing ${missing.length}; stored from refused requests ${extra.length}`);
  console.log(`browse events: ${events} stored; the endpoint said ${summary.pixelStored}`);
  if (missing.length) violations.push(`${missing.length} valid deliveries are not in the inbox`);
  if (extra.length) violations.push(`${extra.length} inbox entries come from requests that were refused`);
  if (events !== summary.pixelStored) violations.push(`browse events ${events} != ${summary.pixelStored} acknowledged`);

  const drainStart = performance.now();
  for (;;) {
    const due = await db.webhookInbox.count({ where: { processedAt: null, failedAt: null } });
    if (due === 0 || performance.now() - drainStart > 300_000) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const processed = await db.webhookInbox.count({ where: { processedAt: { not: null } } });
  const failed = await db.webhookInbox.groupBy({ by: ["lastError"], where: { failedAt: { not: null } }, _count: true });
  const pending = await db.webhookInbox.count({ where: { processedAt: null, failedAt: null } });
  console.log(`drain (${((performance.now() - drainStart) / 1000).toFixed(1)} s): ${processed} applied, ${failed.reduce((n, f) => n + f._count, 0)} set aside, ${pending} still pending`);
  for (const f of failed) console.log(`  set aside ×${f._count}: ${f.lastError}`);
  const [orders, customers, carts, checkouts] = await Promise.all([db.order.count(), db.customer.count(), db.cart.count(), db.checkout.count()]);
  console.log(`store: ${orders} orders, ${customers} customers, ${carts} carts, ${checkouts} checkouts`);
  if (pending) violations.push(`${pending} inbox entries neither applied nor set aside`);
  if (!app.alive()) violations.push("the app process died");
} finally {
  await app.stop();
  await db.$disconnect();
}
console.log(violations.length === 0 ? "\nOK: no 5xx, no crash, nothing stored from a refused request." : `\nFAILED:\n  ${violations.join("\n  ")}`);
process.exit(violations.length === 0 ? 0 : 1);
