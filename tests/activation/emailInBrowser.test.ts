import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import { CHROMIUM, hasChromium, launchChromium } from "../helpers/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplate } from "../../app/activation/compileTemplate.ts";
import { personalize, renderSegmentEmail } from "../../app/activation/segmentEmail.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import type { FeedItem } from "../../app/recommend/feedItem.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";

const ARTIFACTS = path.resolve("test-artifacts", "email");
if (!hasChromium) console.warn(`${CHROMIUM} is missing (apt-get install chromium): the browser test is skipped.`);

let images: Server;
let imageBase = "";
let browser: Browser;

beforeAll(async () => {
  // Product images from an image server: the real data has none, so each is a drawn tile.
  images = createServer((req, res) => {
    const n = Number(/\/(\d+)\.svg$/.exec(req.url ?? "")?.[1] ?? 0);
    res.writeHead(200, { "Content-Type": "image/svg+xml" });
    res.end(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="hsl(${(n * 67) % 360} 55% 72%)"/><circle cx="300" cy="300" r="170" fill="#fff" opacity="0.6"/></svg>`);
  });
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  if (hasChromium) {
    browser = await launchChromium();
  }
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => images?.close(() => resolve()));
});

describe("a rendered email in Chromium", () => {
  it.skipIf(!hasChromium)("shows the product cards with their images, prices and tracked links", async () => {
    // GIVEN six real products, five with an image and one without
    const feed: FeedItem[] = [];
    for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
      if (item.kind !== "product") continue;
      const p = item.record;
      const i = feed.length;
      feed.push({ productId: `p${i}`, externalId: p.externalId, title: p.title, handle: p.handle, imageUrl: i === 4 ? null : `${imageBase}/img/${i}.svg`, price: Number(p.variants[0].price), currency: "GBP", reason: "bought by look-alikes", score: 1 });
      if (feed.length === 6) break;
    }
    const compiled = await compileTemplate({
      subject: "{{first_name}}, new in",
      mjml: `<mjml lang="en-GB">
  <mj-head><mj-title>New in for you</mj-title></mj-head>
  <mj-body background-color="#faf7f2">
    <mj-section background-color="#ffffff"><mj-column><mj-text font-size="22px" color="#1f2937">Hello {{ first_name | default: "there" }},</mj-text>
      <mj-text color="#4b5563">New in at {{shop_name}}, chosen for customers like you.</mj-text></mj-column></mj-section>
    <mj-wrapper background-color="#ffffff" padding="0 8px 16px"><mj-product-feed count="6" columns="3" /></mj-wrapper>
  </mj-body>
</mjml>`,
    });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    const email = personalize(
      renderSegmentEmail(compiled.template, feed, { storefrontUrl: "https://uk-gifts.myshopify.com", campaign: "cmp_browser", segmentId: "seg_gifts", currency: "GBP" }),
      { firstName: "Ada", lastName: "Lovelace", email: "ada@example.test", city: "London", country: "GB", token: "tok_browser" },
      "UK gift shop",
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, "seg_gifts.html");
    writeFileSync(file, email.html);

    // WHEN it is opened in Chromium, at desktop and at phone width
    for (const [name, width] of [["desktop", 800], ["phone", 375]] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`file://${file}`, { waitUntil: "load" });
      // THEN the five images loaded, the imageless card shows its panel, every card links with the token
      const loaded = await page.$$eval("img", (imgs) => imgs.map((img) => ({ src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0, shown: img.getBoundingClientRect().width })));
      expect(loaded.map((l) => l.src)).toEqual(feed.filter((f) => f.imageUrl).map((f) => f.imageUrl));
      expect(loaded.every((l) => l.ok && l.shown > 50)).toBe(true);
      const panel = await page.locator(".pearl-panel").boundingBox();
      expect(panel!.height).toBeGreaterThan(60);
      expect(await page.locator(".pearl-panel").innerText()).toBe(feed[4].title);
      const links = await page.$$eval("a[href*='pearl_t=']", (as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links.length).toBe(6 * 3);
      for (const link of links) expect(new URL(link).searchParams.get("pearl_t")).toBe("tok_browser");
      for (const item of feed) await expect(page.getByText(item.title, { exact: true }).first().isVisible()).resolves.toBe(true);
      expect(await page.getByText(new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(feed[0].price)).first().isVisible()).toBe(true);
      // cards sit side by side on a desktop and stack on a phone
      const boxes = await page.$$eval("img", (imgs) => imgs.slice(0, 2).map((img) => img.getBoundingClientRect().top));
      if (name === "desktop") expect(boxes[0]).toBe(boxes[1]);
      else expect(boxes[1]).toBeGreaterThan(boxes[0]);
      const shot = path.join(ARTIFACTS, `seg_gifts-${name}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      await page.close();
    }
  });
});
