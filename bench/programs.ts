/**
 * Programs benchmark: `npm run bench:programs [-- --days 2011-08-29,2011-08-30,2011-08-31]`.
 *
 * Store: a fresh SQLite database with the whole online-retail file imported
 * (../shared/data), customers given the demo's identities (half accept
 * marketing), two analyses (ten days apart, so P(alive) has a "before"), and
 * the eight programs enabled with their defaults; the shop's SMTP server is
 * an in-process smtp-server that counts what it receives.
 *
 * Per day at 12:00 UTC: load every history, evaluate all programs, evaluate
 * again (must add nothing), send what is due. Prints times and counts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { runAnalysis } from "../app/analysis/runAnalysis.ts";
import { migrateDatabase } from "../app/db/migrate.server.ts";
import { openSqlExecutor } from "../app/db/sqlExecutor.server.ts";
import { createDb } from "../app/db.server.ts";
import { customerPersona } from "../app/demo/personas.ts";
import { streamOnlineRetail } from "../app/imports/onlineRetail.ts";
import { writeImport } from "../app/imports/writeImport.server.ts";
import { evaluatePrograms } from "../app/programs/evaluatePrograms.ts";
import { loadHistories } from "../app/programs/loadHistories.ts";
import { PROGRAM_KIND_NAMES } from "../app/programs/programKinds.ts";
import { createProgram } from "../app/programs/programs.ts";
import { sendDueProgramEmails } from "../app/programs/sendProgramEmails.ts";
import { installShop } from "../app/store/installShop.ts";

const DATA = path.resolve("..", "shared", "data", "online-retail", "online-retail-2010-12-01_2011-08-31.csv.gz");
const i = process.argv.indexOf("--days");
const DAYS = (i >= 0 ? process.argv[i + 1] : "2011-08-29,2011-08-30,2011-08-31").split(",");
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);

const dir = mkdtempSync(path.join(tmpdir(), "pearl-bench-programs-"));
const target = { provider: "sqlite" as const, url: `file:${path.join(dir, "pearl.db")}` };
await migrateDatabase(target);
const db = createDb(target);
const sql = openSqlExecutor(target);
let received = 0;
const smtp = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData(stream, _session, callback) { stream.on("end", () => { received++; callback(); }); stream.resume(); } });
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
try {
  const shop = await installShop(db, { domain: "bench-programs.myshopify.com", platform: "shopify", name: "UK gift shop", currency: "GBP", timezone: "Europe/London" });
  let t = performance.now();
  await writeImport(sql, shop.id, streamOnlineRetail(DATA));
  const customers = await db.customer.findMany({ where: { shopId: shop.id } });
  await db.$transaction(customers.map((c) => {
    const p = customerPersona(c.externalId, null, "bench-programs");
    return db.customer.update({ where: { id: c.id }, data: { email: p.email, firstName: p.firstName, lastName: p.lastName, acceptsMarketing: p.acceptsMarketing } });
  }));
  for (const asOf of ["2011-08-18", "2011-08-28"]) await runAnalysis(db, sql, shop, { asOf: new Date(`${asOf}T23:59:59.999Z`) });
  console.log(`store: ${customers.length} customers imported and analysed twice in ${seconds(t)} s`);
  await db.mailServer.create({ data: { shopId: shop.id, host: "127.0.0.1", port: (smtp.server.address() as { port: number }).port, fromAddress: "news@bench.test" } });
  for (const kind of PROGRAM_KIND_NAMES) {
    const created = await createProgram(db, shop.id, { kind, enabled: true });
    if (!created.ok) throw new Error(created.error);
  }
  for (const day of DAYS) {
    const now = new Date(`${day}T12:00:00Z`);
    t = performance.now();
    const { histories } = await loadHistories(db, shop.id, shop.timezone, now);
    const load = seconds(t);
    t = performance.now();
    const evaluation = await evaluatePrograms(db, shop.id, now);
    const evaluate = seconds(t);
    t = performance.now();
    const again = await evaluatePrograms(db, shop.id, now);
    const evaluateAgain = seconds(t);
    t = performance.now();
    const before = received;
    const sent = await sendDueProgramEmails(db, shop.id, now);
    console.log(`${day}: ${histories.length} histories loaded in ${load} s; evaluated in ${evaluate} s (${evaluation.created} sends written), again in ${evaluateAgain} s (${again.created} written); sent in ${seconds(t)} s: ${JSON.stringify(sent)}, SMTP received ${received - before}`);
    console.log(`  per program [eligible, pending, held, skipped]: ${JSON.stringify(Object.fromEntries(evaluation.programs.map((p) => [p.name, [p.eligible, p.pending, p.held, p.skipped]])))}`);
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  smtp.close();
  await sql.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}
