import { env } from "../config/env.server.ts";
import { resolveDatabase } from "../db/databaseUrl.ts";
import { migrateDatabase } from "../db/migrate.server.ts";
import { db } from "../db.server.ts";
import { openSqlExecutor } from "../db/sqlExecutor.server.ts";
import { startAnalysisWorker } from "./analysisScheduler.server.ts";
import { startInboxWorker } from "./inboxQueue.server.ts";

// `npm run worker`: drains the webhook inbox from BullMQ (REDIS_URL) and runs
// the shops' scheduled analyses. Run as
// many as the load needs; the inbox's claims keep them from doing anything twice.
const e = env();
if (!e.REDIS_URL) {
  console.error("npm run worker needs REDIS_URL; without it the web process drains its own inbox.");
  process.exit(1);
}
const target = resolveDatabase(e.DATABASE_URL);
await migrateDatabase(target);
const sql = openSqlExecutor(target);
const worker = await startInboxWorker(db(), e.REDIS_URL, { concurrency: Number(process.env.WORKER_CONCURRENCY ?? 4) });
const analyses = await startAnalysisWorker(db(), sql, e.REDIS_URL);
console.log(`Pearl worker draining the inbox and running scheduled analyses (pid ${process.pid}).`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await worker.close();
    await analyses.close();
    await sql.close();
    await db().$disconnect();
    process.exit(0);
  });
}
