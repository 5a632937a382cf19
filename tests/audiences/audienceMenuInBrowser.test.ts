// The "Export audience" menus in Chromium, in demo mode against the built
// app: from the segment page and from a campaign page, the chosen platform's
// CSV is downloaded with the server's file name and the same rows as the
// resource route, without console errors; the menu works from the keyboard.

import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../app/activation/campaign.ts";
import { DEMO_TEMPLATE } from "../../app/activation/demoTemplate.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import { startServer, type RunningServer } from "../../server.ts";
import { realShop, type RealShop } from "../activation/realShop.ts";
import { CHROMIUM, hasChromium, launchChromium } from "../helpers/chromium.ts";
import { sqliteTarget } from "../helpers/testDb.ts";

if (!hasChromium) console.warn(`${CHROMIUM} is missing (apt-get install chromium): the audience menu browser test is skipped.`);

let shop: RealShop;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  shop = await realShop({ target: sqliteTarget(), orders: 1500 });
  Object.assign(process.env, {
    NODE_ENV: "production", DATABASE_URL: shop.target.url, SHOPIFY_API_KEY: "test-api-key", SHOPIFY_API_SECRET: "test-app-secret",
    SHOPIFY_APP_URL: "http://127.0.0.1", PEARL_DEMO: "1", PEARL_DEMO_SHOP: shop.shop.domain,
  });
  delete process.env.REDIS_URL;
  server = await startServer(0);
  if (hasChromium) browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await shop?.close();
});

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  // The browser's own favicon request is no page's doing (the app serves none).
  page.on("console", (m) => { if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}

async function downloaded(page: Page, choose: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), choose()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, "utf8") };
}

describe.skipIf(!hasChromium)("audience export menus", () => {
  it("segment page: Meta's file by mouse, Google's from the keyboard, each the route's rows", async () => {
    const segment = shop.segments.find((s) => s.level === "micro")!;
    const { page, errors } = await openPage();
    await page.goto(`${server.url}/app/segments/${segment.id}`, { waitUntil: "networkidle" });

    const meta = await downloaded(page, async () => {
      await page.getByRole("button", { name: "Export audience" }).click();
      await page.getByRole("menuitem", { name: "Meta Custom Audiences (CSV)" }).click();
    });
    expect(meta.name).toMatch(/^pearl-meta-segment-.+\.csv$/);
    expect(meta.text).toBe(await (await fetch(`${server.url}/app/segments/${segment.id}/audience?format=meta`)).text());
    expect(meta.text.split("\n")[0]).toBe("email,phone,fn,ln,ct,st,zip,country");

    const google = await downloaded(page, async () => {
      await page.getByRole("button", { name: "Export audience" }).focus();
      await page.keyboard.press("Enter");
      // The menu moves focus to its first choice once open: keys pressed before that would land elsewhere.
      const focused = (name: string) => page.getByRole("menuitem", { name }).and(page.locator(":focus")).waitFor();
      await focused("Meta Custom Audiences (CSV)");
      await page.keyboard.press("ArrowDown");
      await focused("Google Customer Match (CSV)");
      await page.keyboard.press("Enter");
    });
    expect(google.name).toMatch(/^pearl-google-segment-.+\.csv$/);
    expect(google.text.split("\n")[0]).toBe("Email,Phone,First Name,Last Name,Country,Zip");
    expect(google.text.trimEnd().split("\n").length).toBe(meta.text.trimEnd().split("\n").length);
    expect(errors).toEqual([]);
  });

  it("campaign page: the clickers in Google's layout", async () => {
    const saved = await saveTemplate(shop.db, shop.shop.id, "Menu test", DEMO_TEMPLATE);
    if (!saved.ok) throw new Error("template does not compile");
    const created = await createCampaign(shop.db, { shopId: shop.shop.id, templateId: saved.templateId, name: "Winter", segmentIds: [shop.segments.find((s) => s.level === "micro")!.id], holdoutShare: 0.1, attributionDays: 14 });
    if (!created.ok) throw new Error(created.error);
    const treated = await shop.db.campaignRecipient.findMany({ where: { campaignId: created.campaignId, control: false }, take: 5, orderBy: { customerId: "asc" } });
    await shop.db.campaignRecipient.updateMany({ where: { campaignId: created.campaignId, customerId: { in: treated.map((t) => t.customerId) } }, data: { clickedAt: new Date() } });

    const { page, errors } = await openPage();
    await page.goto(`${server.url}/app/campaigns/${created.campaignId}`, { waitUntil: "networkidle" });
    const file = await downloaded(page, async () => {
      await page.getByRole("button", { name: "Export openers / clickers" }).click();
      // Two sections, Openers then Clickers, each with both platforms
      await page.getByRole("menuitem", { name: "Google Customer Match (CSV)" }).nth(1).click();
    });
    expect(file.name).toMatch(/^pearl-google-clickers-of-campaign-winter-/);
    expect(file.text.trimEnd().split("\n")).toHaveLength(1 + 5);
    expect(errors).toEqual([]);
  });
});
