import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSegmentEmail, personalize } from "../../app/activation/segmentEmail.ts";
import { compileTemplate } from "../../app/activation/compileTemplate.ts";
import { trackingToken } from "../../app/activation/trackingToken.ts";
import { derivePixelKey } from "../../app/pixel/pixelKey.ts";
import { installShop } from "../../app/store/installShop.ts";
import { TRANSPARENT_GIF } from "../../app/tracking/openPixel.ts";
import { startTestApp, type TestApp } from "../helpers/appServer.ts";
import { randomShopDomain } from "../helpers/testDb.ts";

let app: TestApp;
let treated: string;
let control: string;
let programToken: string;
let otherShopToken: string;

async function campaignWithRecipients(shopId: string, secret: string, customers: { id: string; control: boolean }[]) {
  const template = await app.db.emailTemplate.create({ data: { shopId, name: `t-${randomUUID()}`, subject: "Hello", mjml: "<mjml><mj-body></mj-body></mjml>" } });
  const campaign = await app.db.campaign.create({ data: { shopId, templateId: template.id, name: "Spring", segmentIds: "[]", holdoutShare: 0.1, attributionDays: 14, status: "sent", sentAt: new Date() } });
  const tokens = customers.map((c) => trackingToken(secret, campaign.id, c.id));
  await app.db.campaignRecipient.createMany({ data: customers.map((c, i) => ({ campaignId: campaign.id, customerId: c.id, segmentId: "s1", control: c.control, token: tokens[i], status: c.control ? "held" : "sent", sentAt: c.control ? null : new Date() })) });
  return { campaign, template, tokens };
}

beforeAll(async () => {
  app = await startTestApp();
  const [a, b, c] = await Promise.all(["1", "2", "3"].map((externalId) => app.db.customer.create({ data: { shopId: app.shop.id, externalId, email: `c${externalId}@example.com` } })));
  const { template, tokens } = await campaignWithRecipients(app.shop.id, app.shop.urlSecret, [{ id: a.id, control: false }, { id: b.id, control: true }]);
  [treated, control] = tokens;
  // A lifecycle program's send (written by app/programs in production) shares the token space.
  const program = await app.db.program.create({ data: { shopId: app.shop.id, kind: "win_back", name: "Win-back", templateId: template.id, enabled: true } });
  programToken = trackingToken(app.shop.urlSecret, program.id, c.id);
  await app.db.programSend.create({ data: { shopId: app.shop.id, programId: program.id, customerId: c.id, triggerKey: "lapse:2026-12-01", control: false, token: programToken, status: "sent", dueAt: new Date(), sentAt: new Date() } });
  // Another shop's recipient: its token must not count for this shop's storefront.
  const other = await installShop(app.db, { domain: randomShopDomain(), platform: "shopify" });
  const stranger = await app.db.customer.create({ data: { shopId: other.id, externalId: "9" } });
  otherShopToken = (await campaignWithRecipients(other.id, other.urlSecret, [{ id: stranger.id, control: false }])).tokens[0];
});
afterAll(() => app?.close());

const pixel = (segment: string) => fetch(`${app.url}/t/o/${segment}`);
const recipientByToken = (token: string) => app.db.campaignRecipient.findUniqueOrThrow({ where: { token } });
const eventsOf = (token: string) => app.db.emailEvent.findMany({ where: { token }, orderBy: { at: "asc" } });

describe("the open pixel over HTTP", () => {
  it("answers a 1x1 GIF, not cached, and records the first open of a treated recipient once", async () => {
    // WHEN the recipient's mail client loads the pixel twice
    for (let i = 0; i < 2; i++) {
      const res = await pixel(`${treated}.gif`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/gif");
      expect(res.headers.get("cache-control")).toContain("no-store");
      expect(Buffer.from(await res.arrayBuffer()).equals(TRANSPARENT_GIF)).toBe(true);
    }
    // THEN openedAt is set and one open event stored
    expect((await recipientByToken(treated)).openedAt).toBeInstanceOf(Date);
    expect((await eventsOf(treated)).map((e) => [e.kind, e.shopId])).toEqual([["open", app.shop.id]]);
  });

  it("opens of a program's send are recorded on the ProgramSend", async () => {
    expect((await pixel(`${programToken}.gif`)).status).toBe(200);
    expect((await app.db.programSend.findUniqueOrThrow({ where: { token: programToken } })).openedAt).toBeInstanceOf(Date);
  });

  it.each([
    ["an unknown token", `${"x".repeat(22)}.gif`],
    ["a malformed token", "not%20a%20token.gif"],
    ["an overlong token", `${"a".repeat(5000)}.gif`],
    ["a control-group member's token (never sent)", `${"CONTROL"}.gif`],
    ["no suffix and odd bytes", "%E2%80%AE%00"],
  ])("%s gets the same GIF and records nothing", async (_what, segment) => {
    const before = await app.db.emailEvent.count();
    const res = await pixel(segment === "CONTROL.gif" ? `${control}.gif` : segment);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(Buffer.from(await res.arrayBuffer()).equals(TRANSPARENT_GIF)).toBe(true);
    expect(await app.db.emailEvent.count()).toBe(before);
    expect((await recipientByToken(control)).openedAt).toBeNull();
  });
});

describe("clicks reported by the web pixel", () => {
  const key = () => derivePixelKey(app.shop.urlSecret, app.shop.domain);
  const pageView = (url: string) => ({ id: randomUUID(), name: "page_viewed", timestamp: new Date(Date.now() - 30_000).toISOString(), clientId: "browser-1", url });
  const post = (events: unknown[]) =>
    fetch(`${app.url}/api/pixel`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ v: 1, shop: app.shop.domain, key: key(), events }) });

  it("a page view whose URL carries pearl_t is a click, recorded once however often the pixel re-sends it", async () => {
    const link = `https://${app.shop.domain}/products/teapot?utm_source=pearl&utm_medium=email&utm_campaign=c&pearl_t=${treated}`;
    const batch = [pageView(link)];
    // WHEN the pixel sends the landing page view, then re-sends the same batch
    expect((await post(batch)).status).toBe(200);
    expect((await post(batch)).status).toBe(200);
    // THEN the recipient clicked, once
    expect((await recipientByToken(treated)).clickedAt).toBeInstanceOf(Date);
    expect((await eventsOf(treated)).filter((e) => e.kind === "click").map((e) => e.url)).toEqual([link]);
  });

  it("a click without a recorded open marks the email opened too (images were blocked)", async () => {
    await post([pageView(`https://${app.shop.domain}/?pearl_t=${programToken}`)]);
    const send = await app.db.programSend.findUniqueOrThrow({ where: { token: programToken } });
    expect(send.clickedAt).toBeInstanceOf(Date);
    expect(send.openedAt).toBeInstanceOf(Date);
  });

  it("tokens of another shop, of the control group, or malformed are ignored", async () => {
    const before = await app.db.emailEvent.count();
    const res = await post([
      pageView(`https://${app.shop.domain}/?pearl_t=${otherShopToken}`),
      pageView(`https://${app.shop.domain}/?pearl_t=${control}`),
      pageView(`https://${app.shop.domain}/?pearl_t=%3Cscript%3E`),
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 3 });
    expect(await app.db.emailEvent.count()).toBe(before);
    expect((await app.db.campaignRecipient.findUniqueOrThrow({ where: { token: otherShopToken } })).clickedAt).toBeNull();
  });
});

describe("the open pixel in every email", () => {
  it("ends the HTML with the recipient's pixel on Pearl's URL, and leaves the text part alone", async () => {
    const compiled = await compileTemplate({ subject: "Hi", mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>Hello</mj-text></mj-column></mj-section></mj-body></mjml>" });
    if (!compiled.ok) throw new Error("template");
    const email = renderSegmentEmail(compiled.template, [], { storefrontUrl: "https://shop.example", campaign: "c1", segmentId: "s1", currency: "GBP", appUrl: "https://pearl.example/" });
    const message = personalize(email, { firstName: null, lastName: null, email: null, city: null, country: null, token: "tok_0123456789abcdefghij" }, "Shop");
    expect(message.html).toMatch(/<img src="https:\/\/pearl\.example\/t\/o\/tok_0123456789abcdefghij\.gif" width="1" height="1" alt=""[^>]*\/>\s*<\/body>/);
    expect(message.text).not.toContain("/t/o/");
  });
});
