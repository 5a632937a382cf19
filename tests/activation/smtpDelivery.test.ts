import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../app/activation/campaign.ts";
import { sendCampaign } from "../../app/activation/sendCampaign.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import { storedSegmentFeeds } from "../../app/activation/segmentFeeds.ts";
import { realShop, type RealShop } from "./realShop.ts";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../helpers/smtpSink.ts";

const TEMPLATE = `<mjml lang="en-GB">
  <mj-body>
    <mj-section><mj-column><mj-text>Dear {{ first_name | default: "customer" }}, picked for you:</mj-text></mj-column></mj-section>
    <mj-product-feed count="4" columns="2" />
  </mj-body>
</mjml>`;

let shop: RealShop;
let smtp: SmtpSink;
let received: ReceivedMail[];

beforeAll(async () => {
  shop = await realShop();
  // GIVEN a real SMTP server in this process that keeps what it receives
  smtp = await startSmtpSink();
  received = smtp.received;
  const port = smtp.port;
  await shop.db.mailServer.create({ data: { shopId: shop.shop.id, host: "127.0.0.1", port, secure: false, fromAddress: "news@uk-gifts.test", fromName: "UK gift shop" } });
});

afterAll(async () => {
  await smtp?.close();
  await shop?.close();
});

describe("a campaign sent over SMTP to chosen segments", () => {
  it("delivers each recipient the product block of their own segment and holds out 10% of every segment", async () => {
    const saved = await saveTemplate(shop.db, shop.shop.id, "weekly", { subject: "{{first_name}}, new in for you", mjml: TEMPLATE });
    if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
    const chosen = shop.segments.filter((s) => s.size >= 10).slice(0, 3);
    expect(chosen.length).toBeGreaterThanOrEqual(2);

    // WHEN a campaign addresses those segments and is sent
    const created = await createCampaign(shop.db, { shopId: shop.shop.id, templateId: saved.templateId, name: "Spring", segmentIds: chosen.map((s) => s.id) });
    if (!created.ok) throw new Error(created.error);
    // (the feeds the analysis stored, as sendCampaign reads them by default)
    const loadFeed = storedSegmentFeeds(shop.db);
    const totals = await sendCampaign(shop.db, created.campaignId, {});

    // THEN every non-control recipient got exactly one message
    const recipients = await shop.db.campaignRecipient.findMany({ where: { campaignId: created.campaignId }, include: { customer: true } });
    const treated = recipients.filter((r) => !r.control);
    expect(totals).toMatchObject({ sent: treated.length, failed: 0, segments: chosen.length });
    expect(received).toHaveLength(treated.length);
    expect(treated.every((r) => r.status === "sent" && r.messageId)).toBe(true);

    // ... and sending again sends nothing twice
    expect(await sendCampaign(shop.db, created.campaignId, {})).toMatchObject({ sent: 0, failed: 0 });
    expect(received).toHaveLength(treated.length);

    // ... only customers who accept marketing were drawn, into either group
    expect(recipients.every((r) => r.customer.acceptsMarketing && r.customer.email)).toBe(true);
    expect(created.notMailable).toBeGreaterThan(0);

    // ... the control group is round(10%) of every segment and received nothing
    for (const s of chosen) {
      const members = recipients.filter((r) => r.segmentId === s.id);
      expect(members.filter((r) => r.control)).toHaveLength(Math.round(members.length * 0.1));
    }
    const mailedTo = new Set(received.flatMap((m) => m.to));
    for (const r of recipients.filter((r) => r.control)) expect(mailedTo.has(r.customer.email!)).toBe(false);

    // ... and each message's product block is its recipient's segment feed
    const feeds = new Map(await Promise.all(chosen.map(async (s) => [s.id, (await loadFeed(shop.shop.id, s.id, created.runId)).slice(0, 4)] as const)));
    const byEmail = new Map(treated.map((r) => [r.customer.email!, r]));
    for (const { to, mail } of received) {
      const r = byEmail.get(to[0])!;
      const feed = feeds.get(r.segmentId)!;
      expect(mail.headers.get("x-pearl-segment")).toBe(r.segmentId);
      expect(mail.subject).toBe(`${r.customer.firstName}, new in for you`);
      const html = mail.html as string;
      const titles = [...html.matchAll(/<a href="[^"]*" style="color:inherit;text-decoration:none">([^<]*)<\/a><\/div>\s*<\/td>/g)].map((m) => m[1]);
      expect(titles).toEqual(feed.map((f) => escapeHtml(f.title)));
      const links = [...html.matchAll(/href="(https:\/\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&")).filter((l) => new URL(l).host === shop.shop.domain);
      expect(links.length).toBeGreaterThanOrEqual(feed.length * 3);
      for (const link of links) {
        const url = new URL(link);
        expect(url.searchParams.get("pearl_t")).toBe(r.token);
        expect(url.searchParams.get("utm_content")).toBe(r.segmentId);
        expect(url.searchParams.get("utm_campaign")).toBe(created.campaignId);
      }
      // prices in the shop's currency
      for (const f of feed) expect(html).toContain(new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(f.price));
      // the plain-text part carries the same products and the greeting
      expect(mail.text).toContain(`Dear ${r.customer.firstName}, picked for you:`);
      for (const f of feed) expect(mail.text).toContain(f.title);
    }
  });
});

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
