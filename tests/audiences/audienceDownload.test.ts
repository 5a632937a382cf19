// The admin's audience downloads over real HTTP against the built app, as
// the embedded admin calls them: with a Shopify session token (a JWT signed
// with the app's secret, as App Bridge sends it) for a shop whose offline
// session is stored. Another shop's segment or campaign is a 404; without a
// token nothing is served.

import { createHash, createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../app/activation/campaign.ts";
import { DEMO_TEMPLATE } from "../../app/activation/demoTemplate.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import { realShop, type RealShop } from "../activation/realShop.ts";
import { startTestApp, TEST_SECRET, type TestApp } from "../helpers/appServer.ts";
import { defaultTarget } from "../helpers/testDb.ts";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const b64url = (v: string | Buffer) => Buffer.from(v).toString("base64url");

/** A session token as App Bridge sends it (HS256 over the app's secret; aud = the app's client id). */
function sessionToken(shop: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({
    iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: "test-api-key", sub: "42",
    exp: now + 60, nbf: now - 5, iat: now - 5, jti: randomUUID(), sid: randomUUID(),
  }));
  const signature = createHmac("sha256", TEST_SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

// The admin's fetches come from a browser (Shopify's library turns away bots, and undici's "node" is one).
const BROWSER = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36" };

let app: TestApp;
let mine: RealShop;
let other: RealShop;
let get: (path: string, token?: string | null) => Promise<Response>;

beforeAll(async () => {
  const target = defaultTarget();
  mine = await realShop({ target, orders: 1500 });
  other = await realShop({ target, orders: 150 });
  app = await startTestApp(target);
  // The offline session Shopify's OAuth / token exchange would have stored at install
  await app.db.session.create({
    data: { id: `offline_${mine.shop.domain}`, shop: mine.shop.domain, state: "", isOnline: false, accessToken: "shpat_test", scope: process.env.SCOPES ?? "read_customers,write_customers,read_orders,read_products,write_pixels,read_customer_events" },
  });
  get = (path, token = sessionToken(mine.shop.domain)) => fetch(`${app.url}${path}`, { headers: { ...BROWSER, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await mine?.close();
  await other?.close();
});

describe("segment audience download", () => {
  it("streams the segment as Meta's CSV, as an attachment, with only consenting customers", async () => {
    const segment = mine.segments.filter((s) => s.level === "micro").sort((a, b) => b.size - a.size)[0];
    const response = await get(`/app/segments/${segment.id}/audience?format=meta`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="pearl-meta-segment-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // streamed: no length known up front
    expect(response.headers.get("content-length")).toBeNull();
    const [header, ...rows] = (await response.text()).trimEnd().split("\n");
    expect(header).toBe("email,phone,fn,ln,ct,st,zip,country");

    const members = await mine.db.customerScore.findMany({ where: { runId: mine.runId, segmentId: segment.id }, include: { customer: true } });
    const expected = new Set(members.filter((m) => m.customer.acceptsMarketing).map((m) => sha256(m.customer.email!.trim().toLowerCase())));
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(members.length);
    expect(new Set(rows.map((r) => r.split(",")[0]))).toEqual(expected);
    expect(rows).toHaveLength(expected.size);
  });

  it("answers 404 for another shop's segment and an unknown one, 400 for an unknown format", async () => {
    const foreign = other.segments[0];
    expect((await get(`/app/segments/${foreign.id}/audience?format=meta`)).status).toBe(404);
    expect((await get(`/app/segments/seg_nosuchid/audience?format=google`)).status).toBe(404);
    expect((await get(`/app/segments/${mine.segments[0].id}/audience?format=tiktok`)).status).toBe(400);
  });

  it("serves nothing without a valid session token", async () => {
    // A forged signature: its first character changed (the last one carries bits a decoder may ignore).
    const [header, payload, signature] = sessionToken(mine.shop.domain).split(".");
    const forged = `${header}.${payload}.${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    for (const token of [null, forged]) {
      const response = await fetch(`${app.url}/app/segments/${mine.segments[0].id}/audience?format=meta`, { headers: { ...BROWSER, ...(token ? { Authorization: `Bearer ${token}` } : {}) }, redirect: "manual" });
      expect(response.status).not.toBe(200);
      expect(response.headers.get("content-type") ?? "").not.toContain("text/csv");
    }
  });
});

describe("campaign audience download", () => {
  it("streams a campaign's clickers in Google's layout; another shop's campaign is a 404", async () => {
    const saved = await saveTemplate(mine.db, mine.shop.id, "Audience download", DEMO_TEMPLATE);
    if (!saved.ok) throw new Error("template does not compile");
    const segment = mine.segments.find((s) => s.level === "micro")!;
    const created = await createCampaign(mine.db, { shopId: mine.shop.id, templateId: saved.templateId, name: "Autumn", segmentIds: [segment.id], holdoutShare: 0.1, attributionDays: 14 });
    if (!created.ok) throw new Error(created.error);
    const treated = await mine.db.campaignRecipient.findMany({ where: { campaignId: created.campaignId, control: false }, include: { customer: true }, orderBy: { customerId: "asc" }, take: 7 });
    await mine.db.campaignRecipient.updateMany({ where: { campaignId: created.campaignId, customerId: { in: treated.map((t) => t.customerId) } }, data: { openedAt: new Date(), clickedAt: new Date() } });

    const response = await get(`/app/campaigns/${created.campaignId}/audience?format=google&who=clickers`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/filename="pearl-google-clickers-of-campaign-autumn-/);
    const [header, ...rows] = (await response.text()).trimEnd().split("\n");
    expect(header).toBe("Email,Phone,First Name,Last Name,Country,Zip");
    expect(new Set(rows.map((r) => r.split(",")[0]))).toEqual(new Set(treated.map((t) => sha256(t.customer.email!.trim().toLowerCase()))));

    expect((await get(`/app/campaigns/${created.campaignId}/audience?format=google`)).status).toBe(400);
    const foreignTemplate = await saveTemplate(other.db, other.shop.id, "Other", DEMO_TEMPLATE);
    if (!foreignTemplate.ok) throw new Error("template does not compile");
    const foreign = await other.db.campaign.create({ data: { shopId: other.shop.id, templateId: foreignTemplate.templateId, name: "Other shop's", segmentIds: JSON.stringify([other.segments[0].id]) } });
    expect((await get(`/app/campaigns/${foreign.id}/audience?format=meta&who=openers`)).status).toBe(404);
  });
});
