import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import type { Db } from "../../app/db.server.ts";
import { defaultTarget, openDb } from "../helpers/testDb.ts";
import { addCart, addCustomer, addOrder, handMadeShop, HOUR, type StoreShop } from "./programsStore.ts";

const run = promisify(execFile);
const NOW = new Date("2026-06-15T12:00:00Z");
let target: DatabaseTarget;
let db: Db;
let shop: StoreShop;
let smtp: SMTPServer;
let messages = 0;

const pearl = (...args: string[]) => run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: target.url }, maxBuffer: 16 * 1024 * 1024 });

beforeAll(async () => {
  target = defaultTarget();
  db = openDb(target);
  smtp = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData(stream, _s, callback) { stream.on("end", () => { messages++; callback(); }); stream.resume(); } });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  shop = await handMadeShop(db, (smtp.server.address() as { port: number }).port);
  await addOrder(db, shop, await addCustomer(db, shop, "alice"), new Date(NOW.getTime() - 3 * HOUR), ["mug"]);
  await addCart(db, shop, await addCustomer(db, shop, "bob"), new Date(NOW.getTime() - 6 * HOUR), ["teapot"]);
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await db?.$disconnect();
});

describe("pearl programs", () => {
  it("creates, enables, lists and runs programs; a second run adds nothing", async () => {
    const created = JSON.parse((await pearl("programs", "create", "--shop", shop.domain, "--kind", "post_purchase", "--holdout", "0", "--enable", "--json")).stdout);
    const cart = JSON.parse((await pearl("programs", "create", "--shop", shop.domain, "--kind", "abandoned_cart", "--holdout", "0", "--rule", '{"abandonAfterHours": 2}', "--json")).stdout);
    expect(JSON.parse((await pearl("programs", "enable", "--shop", shop.domain, "--program", cart.programId, "--json")).stdout)).toEqual({ programId: cart.programId, enabled: true });

    const first = JSON.parse((await pearl("programs", "run", "--shop", shop.domain, "--now", NOW.toISOString(), "--json")).stdout);
    expect(first.evaluation.created).toBe(2);
    expect(first.sending).toMatchObject({ due: 2, sent: 2, failed: 0 });
    expect(messages).toBe(2);

    const again = JSON.parse((await pearl("programs", "run", "--shop", shop.domain, "--now", new Date(NOW.getTime() + HOUR).toISOString(), "--json")).stdout);
    expect(again.evaluation.created).toBe(0);
    expect(again.sending.sent).toBe(0);
    expect(messages).toBe(2);

    // The scheduler's run (--when-due) does not evaluate a second time the same local day.
    const swept = JSON.parse((await pearl("programs", "run", "--shop", shop.domain, "--now", new Date(NOW.getTime() + 2 * HOUR).toISOString(), "--when-due", "--json")).stdout);
    expect(swept.evaluation).toBeNull();
    expect(swept.sending.due).toBe(0);

    const listed = JSON.parse((await pearl("programs", "list", "--shop", shop.domain, "--json")).stdout);
    expect(listed.map((p: { id: string; counts: { sent: number } }) => [p.id, p.counts.sent]).sort()).toEqual([[cart.programId, 1], [created.programId, 1]].sort());
    // The plain output names the counts too.
    expect((await pearl("programs", "list", "--shop", shop.domain)).stdout).toMatch(/sent/);
  });

  it.each([
    [["create", "--kind", "birthday"], /unknown program kind "birthday"/],
    [["create", "--kind", "win_back", "--rule", '{"gapMultiple": 0}'], /win_back rule: gapMultiple/],
    [["enable", "--program", "nope"], /no program nope/],
    [["run", "--now", "yesterday"], /--now: not a date/],
    [["launch"], /Unknown action launch/],
  ])("%j fails with a clear message", async (args, message) => {
    const failed = await pearl("programs", ...(args as string[]).slice(0, 1), "--shop", shop.domain, ...(args as string[]).slice(1)).then(() => null, (e: { stderr: string; code: number }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(message);
  });
});
