import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../app/activation/campaign.ts";
import { sendCampaign } from "../../app/activation/sendCampaign.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import { decideAbTest } from "../../app/experiments/abTest.server.ts";
import { recordEmailEvent } from "../../app/tracking/emailEvents.server.ts";
import { realShop, type RealShop } from "../activation/realShop.ts";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../helpers/smtpSink.ts";

const TEMPLATE = `<mjml lang="en-GB"><mj-body><mj-section><mj-column><mj-text>Dear {{ first_name | default: "customer" }}</mj-text></mj-column></mj-section><mj-product-feed count="2" /></mj-body></mjml>`;
const SUBJECT_A = "{{first_name}}, new in for you";
const SUBJECT_B = "Last days of the sale, {{first_name}}";
const APP_URL = "https://pearl.example";

let shop: RealShop;
let smtp: SmtpSink;
let templateId: string;
let segmentIds: string[];
let received: ReceivedMail[];
const run = promisify(execFile);

beforeAll(async () => {
  shop = await realShop();
  // GIVEN a real SMTP server in this process that keeps what it receives
  smtp = await startSmtpSink();
  received = smtp.received;
  const port = smtp.port;
  await shop.db.mailServer.create({ data: { shopId: shop.shop.id, host: "127.0.0.1", port, secure: false, fromAddress: "news@uk-gifts.test" } });
  const saved = await saveTemplate(shop.db, shop.shop.id, "ab", { subject: SUBJECT_A, mjml: TEMPLATE });
  if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
  templateId = saved.templateId;
  segmentIds = shop.segments.filter((s) => s.level === "micro").slice(0, 3).map((s) => s.id);
});

afterAll(async () => {
  await smtp?.close();
  await shop?.close();
});

const recipientsOf = (campaignId: string) => shop.db.campaignRecipient.findMany({ where: { campaignId }, include: { customer: true, variant: true } });
const subjectFor = (template: string, firstName: string | null) => template.replace("{{first_name}}", firstName ?? "").replace(/\s+/g, " ").trim();

async function abCampaign(name: string) {
  const created = await createCampaign(shop.db, {
    shopId: shop.shop.id, templateId, name, segmentIds,
    test: { share: 0.4, metric: "click", minSample: 10, days: 7, variants: [{ label: "B", subject: SUBJECT_B }] },
  });
  if (!created.ok) throw new Error(created.error);
  return created.campaignId;
}

describe("an A/B test of subject lines over SMTP", () => {
  it("sends the test share its variants, declares no winner before significance, then sends the rest the winner", async () => {
    const campaignId = await abCampaign("Sale test");
    const before = await recipientsOf(campaignId);
    const treated = before.filter((r) => !r.control);
    const tested = treated.filter((r) => r.status === "pending");
    const waiting = treated.filter((r) => r.status === "waiting");
    // 40% of every segment's treated members, dealt evenly to A and B; the rest waits without a variant
    expect(tested.length).toBeGreaterThanOrEqual(40);
    expect(Math.abs(tested.filter((r) => r.variant!.label === "A").length - tested.filter((r) => r.variant!.label === "B").length)).toBeLessThanOrEqual(segmentIds.length);
    expect(waiting.every((r) => r.variantId === null)).toBe(true);
    expect(waiting.length).toBeGreaterThan(tested.length);

    // WHEN the test is sent
    const totals = await sendCampaign(shop.db, campaignId, { appUrl: APP_URL });
    // THEN only the test recipients got a message, each with its variant's subject and open pixel
    expect(totals).toMatchObject({ sent: tested.length, failed: 0 });
    expect(received).toHaveLength(tested.length);
    const byEmail = new Map(treated.map((r) => [r.customer.email!, r]));
    for (const { to: [to], mail } of received) {
      const r = byEmail.get(to)!;
      expect(r.status).toBe("pending");
      expect(mail.headers.get("x-pearl-variant")).toBe(r.variant!.label);
      expect(mail.subject).toBe(subjectFor(r.variant!.label === "A" ? SUBJECT_A : SUBJECT_B, r.customer.firstName));
      expect(mail.html).toContain(`${APP_URL}/t/o/${r.token}.gif`);
    }

    // WHEN it is looked at before any click: no winner, nothing more sent
    const early = await decideAbTest(shop.db, campaignId, { appUrl: APP_URL });
    expect(early).toMatchObject({ ok: true, status: "testing", totals: null });
    expect(received).toHaveLength(tested.length);
    expect((await shop.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).testStatus).toBe("testing");

    // WHEN a few A recipients click and B's (half of them) click more: still not significant at first ...
    const a = tested.filter((r) => r.variant!.label === "A");
    const b = tested.filter((r) => r.variant!.label === "B");
    await recordEmailEvent(shop.db, { token: a[0].token, kind: "click", url: "https://x/?a" });
    await recordEmailEvent(shop.db, { token: b[0].token, kind: "click", url: "https://x/?b" });
    const close = await decideAbTest(shop.db, campaignId, {});
    expect(close).toMatchObject({ ok: true, status: "testing" });
    // ... then with half of B clicking against one A click, significant
    for (const r of b.slice(1, Math.ceil(b.length / 2))) await recordEmailEvent(shop.db, { token: r.token, kind: "click", url: `https://${shop.shop.domain}/?pearl_t=${r.token}` });
    const decided = await decideAbTest(shop.db, campaignId, { appUrl: APP_URL });
    if (!decided.ok) throw new Error(decided.error);
    expect(decided.status).toBe("decided");
    expect(decided.sentVariant).toBe("B");
    const loser = decided.report.decision.variants.find((v) => v.label === "A")!;
    expect(loser.comparison!.pValue).toBeLessThan(0.05);
    expect(decided.report.variants.map((v) => [v.label, v.recipients, v.clicks])).toEqual([["A", a.length, 1], ["B", b.length, Math.ceil(b.length / 2)]]);

    // THEN the waiting rest got B's subject, once each, and the test's figures stay the test's
    expect(decided.totals).toMatchObject({ sent: waiting.length, failed: 0 });
    const rest = received.slice(tested.length);
    expect(rest).toHaveLength(waiting.length);
    const waitingByEmail = new Map(waiting.map((r) => [r.customer.email!, r]));
    for (const { to: [to], mail } of rest) {
      const r = waitingByEmail.get(to)!;
      expect(mail.subject).toBe(subjectFor(SUBJECT_B, r.customer.firstName));
      expect(mail.headers.get("x-pearl-variant")).toBe("B");
    }
    expect(new Set(rest.map((m) => m.to)).size).toBe(waiting.length);
    const campaign = await shop.db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { variants: true } });
    expect(campaign).toMatchObject({ testStatus: "decided", winnerVariantId: campaign.variants.find((v) => v.label === "B")!.id });
    expect(decided.report.variants.find((v) => v.label === "B")).toMatchObject({ recipients: b.length, restRecipients: waiting.length });
    // deciding again sends nothing twice
    expect(await decideAbTest(shop.db, campaignId, {})).toMatchObject({ ok: true, status: "decided", totals: { sent: 0 } });
    expect(received).toHaveLength(tested.length + waiting.length);
  });

  it("a test that ends without significance is inconclusive and the rest gets A", async () => {
    const campaignId = await abCampaign("Quiet test");
    const start = received.length;
    await sendCampaign(shop.db, campaignId, {});
    const waiting = (await recipientsOf(campaignId)).filter((r) => r.status === "waiting");
    // WHEN it is looked at after the 7 days with no clicks at all
    const result = await decideAbTest(shop.db, campaignId, { now: new Date(Date.now() + 8 * 86_400_000) });
    if (!result.ok) throw new Error(result.error);
    expect(result).toMatchObject({ status: "inconclusive", sentVariant: "A", totals: { sent: waiting.length } });
    expect((await shop.db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).winnerVariantId).toBeNull();
    const byEmail = new Map(waiting.map((r) => [r.customer.email!, r]));
    const rest = received.slice(start).filter((m) => byEmail.has(m.to[0]));
    expect(rest).toHaveLength(waiting.length);
    for (const { to: [to], mail } of rest) expect(mail.subject).toBe(subjectFor(SUBJECT_A, byEmail.get(to)!.customer.firstName));
  });

  it("refuses a test that cannot be run, with the reason", async () => {
    const bad = (test: Parameters<typeof createCampaign>[1]["test"]) => createCampaign(shop.db, { shopId: shop.shop.id, templateId, name: "Bad", segmentIds, test });
    expect(await bad({ share: 0, metric: "click", variants: [{ label: "B", subject: "x" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/test share/) });
    expect(await bad({ share: 0.2, metric: "click", variants: [] })).toMatchObject({ ok: false, error: expect.stringMatching(/at least one variant/) });
    expect(await bad({ share: 0.2, metric: "click", variants: [{ label: "C", subject: "x" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/without gaps/) });
    expect(await bad({ share: 0.2, metric: "click", variants: [{ label: "B", subject: "{{nope}}" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/unknown field/) });
  });

  it("runs from the command line: pearl send --variant-subject --test-share, then pearl ab-decide", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-ab-"));
    const file = path.join(dir, "sale.mjml");
    writeFileSync(file, TEMPLATE);
    const pearl = async (...args: string[]) => (await run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: shop.target.url }, maxBuffer: 64 * 1024 * 1024 })).stdout;
    const start = received.length;
    const sent = JSON.parse(await pearl("send", "--shop", shop.shop.domain, "--template", file, "--segments", segmentIds.join(","), "--subject", SUBJECT_A, "--variant-subject", `B:${SUBJECT_B}`, "--test-share", "0.3", "--test-metric", "click", "--app-url", APP_URL, "--json"));
    expect(sent).toMatchObject({ failed: 0 });
    expect(sent.waiting).toBeGreaterThan(sent.sent);
    expect(received.length - start).toBe(sent.sent);
    const decision = JSON.parse(await pearl("ab-decide", "--shop", shop.shop.domain, "--campaign", sent.campaignId, "--json"));
    expect(decision).toMatchObject({ status: "testing", totals: null, report: { metric: "click", share: 0.3, alpha: 0.05 } });
    expect(decision.report.variants.map((v: { label: string }) => v.label)).toEqual(["A", "B"]);
    await expect(pearl("send", "--shop", shop.shop.domain, "--template", file, "--segments", segmentIds.join(","), "--subject", "x", "--variant-subject", "B:y")).rejects.toMatchObject({ stderr: expect.stringMatching(/--test-share/) });
  });
});
