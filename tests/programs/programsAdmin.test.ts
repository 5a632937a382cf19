// The Programs pages of the admin, served by the built app in demo mode
// (PEARL_DEMO=1) on a hand-made store: the list with counts, adding a
// program, editing its settings (refused with the reason when they do not
// parse), and another shop's program a 404.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../helpers/chromium.ts";
import type { Db } from "../../app/db.server.ts";
import { createProgram } from "../../app/programs/programs.ts";
import { startServer, type RunningServer } from "../../server.ts";
import { defaultTarget, openDb } from "../helpers/testDb.ts";
import { handMadeShop, type StoreShop } from "./programsStore.ts";

let db: Db;
let server: RunningServer;
let shop: StoreShop;
let other: StoreShop;

beforeAll(async () => {
  const target = defaultTarget();
  db = openDb(target);
  shop = await handMadeShop(db, 2525);
  other = await handMadeShop(db, 2525);
  Object.assign(process.env, {
    NODE_ENV: "production", DATABASE_URL: target.url, SHOPIFY_API_KEY: "test-api-key", SHOPIFY_API_SECRET: "test-app-secret",
    SHOPIFY_APP_URL: "http://127.0.0.1", PEARL_DEMO: "1", PEARL_DEMO_SHOP: shop.domain,
  });
  delete process.env.REDIS_URL;
  server = await startServer(0);
});

afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
});

const post = (path: string, fields: Record<string, string>) => fetch(`${server.url}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

describe("the Programs pages", () => {
  it("adds a program, lists it with its counts, and saves only settings that parse", async () => {
    // WHEN the merchant adds a win-back program from the list
    const added = await post("/app/programs?index", { kind: "win_back" });
    // THEN they land on its page
    expect(added.status).toBe(302);
    const location = added.headers.get("location")!;
    const programId = location.split("/").pop()!;
    const program = await db.program.findUniqueOrThrow({ where: { id: programId } });
    expect(program).toMatchObject({ shopId: shop.id, kind: "win_back", name: "Win-back", enabled: false });
    const page = await (await fetch(`${server.url}${location}`)).text();
    expect(page).toContain("Win-back");
    expect(page).toContain("gapMultiple");

    // ... and the list shows it with its counts
    await db.programSend.create({ data: { shopId: shop.id, programId, customerId: (await db.customer.create({ data: { shopId: shop.id, externalId: "x", email: "x@example.test" } })).id, triggerKey: "lapse:1", control: true, token: "tok-admin-1", status: "held", dueAt: new Date() } });
    // ... and its page previews the email for that send, with the trigger's products
    const bob = await db.customer.create({ data: { shopId: shop.id, externalId: "bob", email: "bob@example.test", firstName: "Bob" } });
    await db.programSend.create({ data: { shopId: shop.id, programId, customerId: bob.id, triggerKey: "lapse:2", control: false, token: "tok-admin-2", status: "sent", dueAt: new Date(), items: JSON.stringify([{ productId: "teapot", title: "Teapot", quantity: 1, price: 20 }]) } });
    const withPreview = await (await fetch(`${server.url}${location}`)).text();
    expect(withPreview).toContain("As bob@example.test gets it for lapse:2");
    expect(withPreview).toContain("Come back for your favourites");
    expect(withPreview).toContain("£24.00");
    // ... and its lift card, with nothing to compare yet (no window is over)
    expect(withPreview).toContain("Lift against the control group");
    expect(withPreview).toContain("No such sends and holds yet.");
    // ... and the bandit chose it three times: two outcomes known, one an order
    for (const reward of [1, 0, null]) {
      await db.banditDecision.create({ data: { shopId: shop.id, customerId: bob.id, context: "{}", arms: JSON.stringify([programId]), chosen: programId, reward } });
    }
    const list = await (await fetch(`${server.url}/app/programs`)).text();
    expect(list).toContain("Win-back");
    expect(list).toContain("Held (control)");
    expect(list).toContain("Programs");
    expect(list).toContain("Bandit picks");
    expect(list).toContain("50% of 2");

    const form = { name: "Win them back", templateId: program.templateId, rule: '{"gapMultiple": 4}', timing: '{"sendHour": 9}', holdoutPercent: "20", priority: "5", enabled: "on" };
    // WHEN a rule that does not parse is submitted THEN nothing changes and the reason is shown
    const refused = await (await post(location, { ...form, rule: '{"gapMultiple": "lots"}' })).text();
    expect(refused).toContain("win_back rule: gapMultiple");
    expect(await db.program.findUniqueOrThrow({ where: { id: programId } })).toMatchObject({ rule: null, enabled: false });
    // WHEN good settings are submitted THEN they are stored
    expect((await post(location, form)).status).toBe(200);
    expect(await db.program.findUniqueOrThrow({ where: { id: programId } })).toMatchObject({ name: "Win them back", rule: '{"gapMultiple": 4}', timing: '{"sendHour": 9}', holdoutShare: 0.2, priority: 5, enabled: true });
  });

  it("saves the shop's contact policy only when it parses", async () => {
    const refused = await (await post("/app/programs?index", { intent: "policy", maxPerWeek: "3", quietStart: "9pm", quietEnd: "08:00" })).text();
    expect(refused).toContain("quietStart: a time of day as HH:MM");
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).contactPolicy).toBeNull();
    expect(await (await post("/app/programs?index", { intent: "policy", maxPerWeek: "3", quietStart: "22:00", quietEnd: "07:30", choice: "luck" })).text()).toContain("choice: Invalid option");
    expect((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).contactPolicy).toBeNull();
    expect((await post("/app/programs?index", { intent: "policy", maxPerWeek: "3", quietStart: "22:00", quietEnd: "07:30", choice: "priority" })).status).toBe(200);
    expect(JSON.parse((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).contactPolicy!)).toEqual({ maxPerWeek: 3, quietStart: "22:00", quietEnd: "07:30", choice: "priority" });
    const page = await (await fetch(`${server.url}/app/programs`)).text();
    expect(page).toContain("quiet hours 22:00-07:30 (Europe/London)");
    expect(page).toContain("the one with the lowest priority number");
  });

  it("answers 404 for another shop's program, and does not list it", async () => {
    const foreign = await createProgram(db, other.id, { kind: "post_purchase", name: "Theirs" });
    if (!foreign.ok) throw new Error(foreign.error);
    expect((await fetch(`${server.url}/app/programs/${foreign.value.programId}`)).status).toBe(404);
    expect((await post(`/app/programs/${foreign.value.programId}`, { name: "Mine now" })).status).toBe(404);
    expect(await (await fetch(`${server.url}/app/programs`)).text()).not.toContain("Theirs");
  });
});

describe.skipIf(!hasChromium)("the Programs pages in Chromium", () => {
  it("render without console errors, and a program's settings save from the keyboard", async () => {
    const created = await createProgram(db, shop.id, { kind: "abandoned_cart" });
    if (!created.ok) throw new Error(created.error);
    const artifacts = path.resolve("test-artifacts", "admin");
    mkdirSync(artifacts, { recursive: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.route((url) => !url.href.startsWith(server.url), (route) => { errors.push(`external request: ${route.request().url()}`); return route.abort(); });
      expect((await page.goto(`${server.url}/app/programs`, { waitUntil: "networkidle" }))?.status()).toBe(200);
      await page.screenshot({ path: path.join(artifacts, "programs.png"), fullPage: true });
      expect((await page.goto(`${server.url}/app/programs/${created.value.programId}`, { waitUntil: "networkidle" }))?.status()).toBe(200);
      // WHEN the merchant switches it on and saves with the keyboard
      await page.getByLabel("Enabled: evaluated every day and sent").focus();
      await page.keyboard.press("Space");
      await page.getByRole("button", { name: "Save" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("Saved").waitFor();
      await page.screenshot({ path: path.join(artifacts, "program.png"), fullPage: true });
      // THEN it is on, and nothing went wrong in the page
      expect((await db.program.findUniqueOrThrow({ where: { id: created.value.programId } })).enabled).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
