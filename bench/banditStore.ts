/**
 * `npm run bench:bandit-store [-- --customers 100000]`: the bandit's store path
 * at scale on a fresh SQLite file (or DATABASE_URL=postgresql://...): one
 * chooseProgram call for N customers on an empty log, resolveBanditOutcomes
 * over their N decisions (a third of them with an order in the window), and
 * chooseProgram again with the N resolved decisions as evidence.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { loadavg } from "node:os";
import os from "node:os";
import path from "node:path";
import { chooseProgram } from "../app/bandit/chooseProgram.ts";
import { resolveBanditOutcomes } from "../app/bandit/resolveOutcomes.ts";
import { createDb } from "../app/db.server.ts";
import { resolveDatabase } from "../app/db/databaseUrl.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";

const i = process.argv.indexOf("--customers");
const N = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
if (!(N > 0)) throw new Error("--customers needs a positive number");
const DAY = 86_400_000;

const target = process.env.DATABASE_URL ? resolveDatabase() : { provider: "sqlite" as const, url: `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-bandit-")), "pearl.db")}` };
await migrateDatabase(target);
const db = createDb(target);
const shop = await db.shop.create({ data: { domain: `bench-bandit-${randomUUID().slice(0, 8)}.myshopify.com` } });
const template = await db.emailTemplate.create({ data: { shopId: shop.id, name: "bench", subject: "s", mjml: "<mjml><mj-body></mj-body></mjml>" } });
const programs: string[] = [];
for (const kind of ["post_purchase", "cross_sell", "replenishment", "win_back"]) {
  programs.push((await db.program.create({ data: { shopId: shop.id, kind, name: kind, templateId: template.id } })).id);
}
const customers = Array.from({ length: N }, () => randomUUID());
for (let k = 0; k < N; k += 2_000) await db.customer.createMany({ data: customers.slice(k, k + 2_000).map((id, j) => ({ id, shopId: shop.id, externalId: `c${k + j}` })) });
const stages = ["new", "active", "lapsing", "lapsed"];
const candidates = customers.map((customerId, k) => ({
  customerId,
  context: { segmentId: `s${k % 300}`, tier: "ABCDEFG"[k % 7], stage: stages[k % 4] },
  programIds: programs.slice(0, 2 + (k % 3)),
}));
const day0 = new Date("2026-01-05T08:00:00Z");
const orders = customers.filter((_, k) => k % 3 === 0).map((customerId, k) => ({ shopId: shop.id, customerId, externalId: `o${k}`, currency: "GBP", subtotalPrice: 10, totalPrice: 10, processedAt: new Date(day0.getTime() + 3 * DAY) }));
for (let k = 0; k < orders.length; k += 2_000) await db.order.createMany({ data: orders.slice(k, k + 2_000) });
// The app checkpoints SQLite's WAL from its own thread (app/db/sqliteWriterThread.mjs); this
// script has none, so the set-up's writes are checkpointed here, and after each timed step.
const checkpoint = () => (target.provider === "sqlite" ? db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)") : Promise.resolve());
await checkpoint();

const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const value = await run();
  const elapsed = performance.now() - t;
  await checkpoint();
  console.log(`  ${label.padEnd(44)} ${(elapsed / 1000).toFixed(2).padStart(7)} s`);
  return value;
};
console.log(`bench:bandit-store — ${N.toLocaleString("en")} customers on ${target.provider}, load ${loadavg()[0].toFixed(1)}`);
await timed(`chooseProgram, empty log`, () => chooseProgram(db, shop.id, candidates, day0));
const resolved = await timed(`resolveBanditOutcomes`, () => resolveBanditOutcomes(db, shop.id, new Date(day0.getTime() + 8 * DAY), 7));
console.log(`    ${resolved.resolved.toLocaleString("en")} resolved, ${resolved.rewarded.toLocaleString("en")} rewarded`);
await timed(`chooseProgram, ${N.toLocaleString("en")} resolved decisions`, () => chooseProgram(db, shop.id, candidates, new Date(day0.getTime() + 8 * DAY)));
await db.shop.delete({ where: { id: shop.id } });
await db.$disconnect();
