// The embedded admin in Chromium, in demo mode (PEARL_DEMO=1: the pages
// without a Shopify admin around them), against the built app on a real
// store: every page loads with data and without console errors, the main
// actions work from the keyboard, and each page is saved as a screenshot.

import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, hasChromium, launchChromium } from "../helpers/chromium.ts";
import { SMTPServer } from "smtp-server";
import { DEMO_TEMPLATE } from "../../app/activation/demoTemplate.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import { loadDashboard } from "../../app/admin/dashboard.server.ts";
import { loadSegmentList, loadSegmentPage } from "../../app/admin/segments.server.ts";
import { previewTemplate } from "../../app/admin/templates.server.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server.ts";
import { adminStore, type AdminStore } from "./adminStore.ts";

const ARTIFACTS = path.resolve("test-artifacts", "admin");
if (!hasChromium) console.warn(`${CHROMIUM} is missing (apt-get install chromium): the admin browser test is skipped.`);

let store: AdminStore;
let server: RunningServer;
let browser: Browser;
let base = "";

beforeAll(async () => {
  store = await adminStore();
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: store.target.url,
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: "test-app-secret",
    SHOPIFY_APP_URL: "http://127.0.0.1",
    PEARL_DEMO: "1",
    PEARL_DEMO_SHOP: store.shop.domain,
  });
  delete process.env.REDIS_URL;
  server = await startServer(0);
  base = server.url;
  mkdirSync(ARTIFACTS, { recursive: true });
  if (hasChromium) {
    browser = await launchChromium();
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
});

/** A page whose console errors and uncaught exceptions are collected. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  // No network beyond the app: a request elsewhere would be a page depending on a CDN.
  await page.route((url) => !url.href.startsWith(base), (route) => { errors.push(`external request: ${route.request().url()}`); return route.abort(); });
  return { page, errors };
}

async function visit(page: Page, pathName: string) {
  const response = await page.goto(`${base}${pathName}`, { waitUntil: "networkidle" });
  expect(response?.status()).toBe(200);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe("admin loaders on the real store", () => {
  it("dashboard: revenue is the orders' total, tiers add up to the scored customers, the curve runs from (0,0) to (1,1)", async () => {
    const d = await loadDashboard(store.db, store.shop.domain);
    const orders = await store.db.order.findMany({ where: { shopId: store.shop.id, cancelledAt: null }, select: { totalPrice: true } });
    expect(d.revenue).toBeCloseTo(orders.reduce((sum, o) => sum + Number(o.totalPrice), 0), 2);
    expect(d.orders).toBe(orders.length);
    expect(d.tiers.map((t) => t.tier)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    expect(d.tiers.reduce((sum, t) => sum + t.customers, 0)).toBe(d.lastRun!.scored);
    expect(d.lorenz.points[0]).toEqual({ x: 0, y: 0 });
    expect(d.lorenz.points.at(-1)).toEqual({ x: 1, y: 1 });
    expect(d.lorenz.gini).toBeGreaterThan(0.3);
    // The grid holds the scored customers with a purchase (a customer whose only orders were cancelled has no longevity).
    const run = await store.db.analysisRun.findUniqueOrThrow({ where: { id: d.lastRun!.id } });
    const buyers = await store.db.order.groupBy({ by: ["customerId"], where: { shopId: store.shop.id, cancelledAt: null, customerId: { not: null }, processedAt: { lte: run.asOf }, customer: { scores: { some: { runId: run.id } } } } });
    expect(d.valueGrid!.cells.reduce((sum, c) => sum + c.count, 0)).toBe(buyers.length);
    expect(buyers.length).toBeGreaterThan(0.9 * d.lastRun!.scored);
  });

  it("segment page: moves in and out are the run's SegmentMove rows for the segment", async () => {
    const list = await loadSegmentList(store.db, store.shop.domain, new URLSearchParams("level=micro"));
    for (const row of list.rows) {
      const page = await loadSegmentPage(store.db, store.shop.domain, row.id);
      const runId = page.run.id;
      expect(page.moves.in.count).toBe(await store.db.segmentMove.count({ where: { runId, toSegmentId: row.id } }));
      expect(page.moves.out.count).toBe(await store.db.segmentMove.count({ where: { runId, fromSegmentId: row.id } }));
      expect(page.members.length).toBe(Math.min(25, row.size));
      expect(page.profile.size).toBe(row.size);
    }
    expect(list.rows.length).toBeGreaterThan(1);
  });
});

describe("tenant isolation", () => {
  it("answers 404 for another shop's segment, and for one that does not exist", async () => {
    // GIVEN a segment of the other shop in the same database
    const foreign = await store.db.segment.findFirstOrThrow({ where: { shopId: store.other.id } });
    const own = await store.db.segment.findFirstOrThrow({ where: { shopId: store.shop.id } });
    // WHEN the demo shop's admin asks for it by id THEN it is not found
    expect((await fetch(`${base}/app/segments/${foreign.id}`)).status).toBe(404);
    expect((await fetch(`${base}/app/segments/seg_nosuchid`)).status).toBe(404);
    expect((await fetch(`${base}/app/segments/${own.id}`)).status).toBe(200);
    // AND the other shop's segment names never appear in the list
    const list = await (await fetch(`${base}/app/segments`)).text();
    expect(list).not.toContain(foreign.id);
  });

  it("answers 404 for another shop's template and campaign, and previews none of its segments", async () => {
    // GIVEN a template and a campaign of the other shop
    const saved = await saveTemplate(store.db, store.other.id, "Other shop's", DEMO_TEMPLATE);
    if (!saved.ok) throw new Error("the demo template does not compile");
    const foreignSegment = await store.db.segment.findFirstOrThrow({ where: { shopId: store.other.id } });
    const campaign = await store.db.campaign.create({ data: { shopId: store.other.id, templateId: saved.templateId, name: "Other shop's", segmentIds: JSON.stringify([foreignSegment.id]) } });
    // WHEN the demo shop's admin asks for them THEN nothing of theirs is served
    expect((await fetch(`${base}/app/templates/${saved.templateId}`)).status).toBe(404);
    expect((await fetch(`${base}/app/campaigns/${campaign.id}`)).status).toBe(404);
    expect((await fetch(`${base}/app/campaigns/${campaign.id}`, { method: "POST", body: new URLSearchParams() })).status).toBe(404);
    expect(await previewTemplate(store.db, store.shop.domain, { ...DEMO_TEMPLATE, segmentId: foreignSegment.id })).toEqual({ ok: false, problems: [{ line: 1, message: "choose a segment of the latest analysis" }] });
    expect(await (await fetch(`${base}/app/campaigns`)).text()).not.toContain(campaign.id);
  });
});

describe.skipIf(!hasChromium)("the admin in Chromium (demo mode)", () => {
  it("dashboard: figures, three charts, the analysis runs; the menu works by keyboard", async () => {
    const { page, errors } = await openPage();
    await visit(page, "/app");
    await expect(page.getByText("Demo mode").count()).resolves.toBe(1);
    const customers = await store.db.customer.count({ where: { shopId: store.shop.id } });
    await expect(page.locator("text=Customers").first().isVisible()).resolves.toBe(true);
    expect(await page.content()).toContain(customers.toLocaleString("en"));
    for (const chart of ["tiers", "lorenz", "value-grid"]) expect(await page.locator(`svg[data-chart="${chart}"]`).count()).toBe(1);
    expect(await page.locator('svg[data-chart="tiers"] [data-tier]').count()).toBe(7);
    expect(await page.locator('svg[data-chart="value-grid"] [data-cell]').count()).toBeGreaterThan(3);
    await expect(page.getByText("Last run: data as of").count()).resolves.toBe(1);
    await shot(page, "dashboard");
    // Keyboard: Tab to the "Segments" menu entry, Enter follows it.
    await tabTo(page, (el) => el.textContent === "Segments" && el.tagName === "A");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/app\/segments$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("history: the shop's backfill jobs with their progress, and the backfill button", async () => {
    // GIVEN an orders backfill half applied
    await store.db.backfillJob.create({ data: { shopId: store.shop.id, resource: "orders", status: "applying", fileSize: 2_000_000n, bytesApplied: 1_000_000n, recordsApplied: 1234, objectCount: 2500 } });
    const { page, errors } = await openPage();
    await visit(page, "/app/history");
    await page.getByText("1,234 records").waitFor();
    expect(await page.getByRole("button", { name: "Backfill now" }).count()).toBe(1);
    expect(await page.locator('[role="progressbar"], .Polaris-ProgressBar').count()).toBeGreaterThan(0);
    await shot(page, "history");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("segments: the table of macro and micro segments sorts and filters through the URL; a segment page shows its profile, members, feed and moves", async () => {
    const { page, errors } = await openPage();
    await visit(page, "/app/segments");
    const total = await store.db.segmentSnapshot.count({ where: { run: { shopId: store.shop.id, status: "done" }, runId: (await store.db.analysisRun.findFirstOrThrow({ where: { shopId: store.shop.id, status: "done" }, orderBy: { finishedAt: "desc" } })).id } });
    expect(await page.locator("tbody tr").count()).toBe(total);
    await shot(page, "segments");

    // Sorting: the "Customers" heading is a button; clicking it sorts by size through the URL.
    const sizesShown = async () => (await page.locator("tbody tr td:nth-child(3)").allTextContents()).map((t) => Number(t.replace(/,/g, "")));
    await page.locator("thead th button", { hasText: "Customers" }).click();
    await page.waitForURL(/sort=size/);
    await expect.poll(sizesShown).toEqual([...(await sizesShown())].sort((a, b) => (/dir=asc/.test(page.url()) ? a - b : b - a)));
    await page.goto(`${base}/app/segments?sort=size&dir=asc`, { waitUntil: "networkidle" });
    const sizes = await sizesShown();
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

    // Filter by level from the keyboard: choose "Micro", Tab to "Apply filters", Enter.
    await page.getByLabel("Level").selectOption("micro");
    await page.getByLabel("Level").focus();
    await tabTo(page, (el) => el.textContent === "Apply filters");
    await page.keyboard.press("Enter");
    await page.waitForURL(/level=micro/);
    await expect.poll(async () => [...new Set(await page.locator("tbody tr td:nth-child(2)").allTextContents())]).toEqual(["micro"]);

    // A micro-segment's page.
    await page.locator("tbody tr a").first().click();
    await page.waitForURL(/\/app\/segments\/seg_/);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await shot(page, "segment");
    for (const heading of ["Profile", "Tier mix", "Product feed"]) expect(await page.getByRole("heading", { name: heading }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: /^Members/ }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: /^Moved in since the analysis as of/ }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: /^Moved out/ }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!hasChromium)("templates in Chromium", () => {
  it("previews a draft for a segment and a customer as typing pauses, shows MJML mistakes with their lines, and saves from the keyboard", async () => {
    const { page, errors } = await openPage();
    await visit(page, "/app/templates");
    await shot(page, "templates");
    await visit(page, "/app/templates/new");
    const frame = page.frameLocator('iframe[title="Email preview"]');
    // The starting template, rendered with the chosen segment's products.
    await frame.locator("a[href*='pearl_t=preview']").first().waitFor();
    expect(await page.getByTestId("preview-subject").textContent()).toMatch(/products$/);
    await shot(page, "template-editor");

    // A broken tag on line 3: the problem comes back with its line.
    const mjml = page.getByLabel(/^MJML/);
    const source = await mjml.inputValue();
    const broken = source.split("\n");
    broken.splice(2, 0, "  <mj-section><mj-colum>");
    await mjml.fill(broken.join("\n"));
    await page.getByTestId("preview-problems").waitFor();
    expect(await page.locator("[data-problem-line]").first().getAttribute("data-problem-line")).toMatch(/^\d+$/);
    expect(await page.getByTestId("preview-problems").textContent()).toMatch(/line \d+/);
    await shot(page, "template-errors");

    // Fixed again, previewed for one customer by id: their first name is in the email.
    await mjml.fill(source);
    const scored = await store.db.customerScore.findFirstOrThrow({ where: { run: { shopId: store.shop.id, status: "done" } }, orderBy: { clv365: "desc" }, include: { customer: true } });
    await page.getByLabel("or customer id").fill(scored.customer.externalId);
    await page.getByTestId("preview-subject").filter({ hasText: scored.customer.firstName! }).waitFor();
    await frame.getByText(new RegExp(scored.customer.firstName!)).first().waitFor();

    // Name it and save with the keyboard.
    await page.getByLabel("Name").fill("Browser test");
    await page.getByLabel("Name").focus();
    await tabTo(page, (el) => el.textContent === "Save template");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/app\/templates\/(?!new)[^/?]+\?saved=1/);
    const saved = await store.db.emailTemplate.findFirstOrThrow({ where: { shopId: store.shop.id, name: "Browser test" } });
    expect(saved.mjml).toBe(source);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!hasChromium)("settings and campaigns in Chromium", () => {
  it("sets up SMTP, segment size and the schedule; creates a campaign for a segment with a holdout, sends it from the keyboard and reads its report", async () => {
    // GIVEN a real SMTP server that counts what it receives, and a saved template
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        stream.on("data", () => {});
        stream.on("end", () => { received.push(session.envelope.rcptTo[0].address); callback(); });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const template = await saveTemplate(store.db, store.shop.id, "Campaign test", DEMO_TEMPLATE);
    expect(template.ok).toBe(true);
    const { page, errors } = await openPage();
    try {
      await visit(page, "/app/settings");
      expect(await page.getByText("Store: trending items").count()).toBe(1);
      expect(await page.locator("code", { hasText: "/json?sig=" }).count()).toBeGreaterThan(1);
      await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
      await page.getByLabel("Port", { exact: true }).fill(String(smtpPort));
      await page.getByLabel("From address", { exact: true }).fill("news@uk-gifts.test");
      await page.getByLabel("From name", { exact: true }).fill("UK gift shop");
      await page.getByLabel("From name", { exact: true }).focus();
      await tabTo(page, (el) => el.textContent === "Save SMTP server");
      await page.keyboard.press("Enter");
      await page.getByText(`Mail goes out through 127.0.0.1:${smtpPort}`).waitFor();
      expect((await store.db.mailServer.findUniqueOrThrow({ where: { shopId: store.shop.id } })).port).toBe(smtpPort);

      // Segment bounds that break the rule are refused with the reason.
      await page.getByLabel("Minimum customers").fill("300");
      await page.getByLabel("Maximum customers").fill("400");
      await page.getByRole("button", { name: "Save segment size" }).click();
      await page.getByText(/must be at least 2 x minSize - 1/).waitFor();

      await page.getByLabel("Run", { exact: true }).selectOption("7");
      await page.getByLabel("At (UTC)").selectOption("4");
      await page.getByRole("button", { name: "Save schedule" }).click();
      await page.getByText("Analysis every 7 day(s) at 4:00 UTC.").waitFor();
      await page.getByText(/Next run due \d{4}-\d\d-\d\d 04:00 UTC/).waitFor();
      await shot(page, "settings");

      // A campaign for the largest micro-segment, 20% held out.
      await visit(page, "/app/campaigns/new");
      await page.getByLabel("Campaign name").fill("Browser campaign");
      await page.getByLabel("Template", { exact: true }).selectOption({ label: "Campaign test" });
      await page.getByLabel("Holdout (control group)").fill("20");
      const micro = await store.db.segmentSnapshot.findFirstOrThrow({ where: { run: { shopId: store.shop.id }, segment: { level: "micro" } }, orderBy: [{ run: { finishedAt: "desc" } }, { size: "desc" }], include: { segment: true } });
      await page.getByLabel(new RegExp(`^${micro.segment.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(micro`)).check();
      await shot(page, "campaign-new");
      await page.getByRole("button", { name: "Create campaign" }).click();
      await page.waitForURL(/\/app\/campaigns\/(?!new)[^/]+$/);
      await page.getByRole("button", { name: "Send campaign" }).waitFor();
      const campaign = await store.db.campaign.findFirstOrThrow({ where: { shopId: store.shop.id, name: "Browser campaign" } });
      expect(campaign.holdoutShare).toBe(0.2);
      const pending = await store.db.campaignRecipient.count({ where: { campaignId: campaign.id, status: "pending" } });
      const held = await store.db.campaignRecipient.count({ where: { campaignId: campaign.id, control: true } });
      expect(pending).toBeGreaterThan(0);
      expect(held).toBeGreaterThan(0);

      // Send from the keyboard.
      await page.getByRole("button", { name: "Send campaign" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText(`${pending} sent, 0 failed, ${held} held out as the control group.`).waitFor();
      expect(received).toHaveLength(pending);
      await page.getByRole("heading", { name: "Control-group report" }).waitFor();
      // One segment in the control-group report (the page's last table); the attribution table above it has one row for the campaign's recipients
      const tables = page.locator("table");
      expect(await tables.last().locator("tbody tr").count()).toBe(1);
      await page.getByRole("heading", { name: "Attribution" }).waitFor();
      expect(await tables.first().locator("tbody tr").first().innerText()).toContain("all recipients");
      await shot(page, "campaign");
      await visit(page, "/app/campaigns");
      expect(await page.getByText("Browser campaign").count()).toBe(1);
      await shot(page, "campaigns");
      await visit(page, "/app/attribution");
      expect(await page.getByRole("link", { name: "Browser campaign" }).count()).toBe(1);
      await shot(page, "attribution");
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

/** Presses Tab until the focused element matches (at most 80 times). */
async function tabTo(page: Page, match: (el: Element) => boolean): Promise<void> {
  const src = `(${match.toString()})`;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((fn) => {
      const el = document.activeElement;
      // eslint-disable-next-line no-eval
      return !!el && (0, eval)(fn)(el);
    }, src);
    if (hit) return;
  }
  throw new Error("no focusable element matched after 80 Tabs");
}
