// Sends a campaign: the template is compiled once, filled once per segment
// with that segment's feed, then merged per recipient and handed to the
// shop's SMTP server. Control-group members get nothing; every recipient's
// outcome is stored. In an A/B test each recipient gets their variant's
// subject and template (compiled once per variant); recipients waiting for
// the winner are not "pending" and are sent only once it is known
// (app/experiments/abTest.server.ts).

import type { Transporter } from "nodemailer";
import type { Db } from "../db.server.ts";
import type { SegmentFeedLoader } from "./feedLoader.ts";
import { smtpTransport } from "./mailTransport.ts";
import { storefrontUrlOf } from "./productLink.ts";
import { personalize, renderSegmentEmail, type SegmentEmail } from "./segmentEmail.ts";
import { storedSegmentFeeds, storedSegmentFeedsOf } from "./segmentFeeds.ts";
import { compiledTemplate } from "./templates.ts";
import { compileTemplate, type CompiledTemplate } from "./compileTemplate.ts";
import { deliverInChunks } from "./deliverMail.ts";

export interface SendOptions {
  /** Defaults to the feeds stored with the analysis run (segmentFeeds.ts). */
  loadFeed?: SegmentFeedLoader;
  /** Defaults to the shop's MailServer. */
  transport?: Transporter;
  /** Pearl's public URL, for the open pixel (SHOPIFY_APP_URL); without it opens are not tracked. */
  appUrl?: string;
  /** Messages in flight at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SendTotals {
  sent: number;
  failed: number;
  held: number;
  segments: number;
}

export async function sendCampaign(db: Db, campaignId: string, options: SendOptions): Promise<SendTotals> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { shop: { include: { mailServer: true } } } });
  const { shop } = campaign;
  const server = shop.mailServer;
  if (!server) throw new Error(`shop ${shop.domain} has no mail server configured`);
  const transport = options.transport ?? smtpTransport(server);
  const templates = await variantTemplates(db, campaign);
  const shopName = shop.name ?? shop.domain;

  const pending = await db.campaignRecipient.findMany({
    where: { campaignId, status: "pending" },
    include: { customer: { select: { email: true, firstName: true, lastName: true, city: true, country: true } } },
  });
  const held = await db.campaignRecipient.count({ where: { campaignId, control: true } });
  await db.campaign.update({ where: { id: campaignId }, data: { status: "sending", sentAt: campaign.sentAt ?? new Date() } });

  const emails = new Map<string, SegmentEmail>();
  const emailKey = (r: { variantId: string | null; segmentId: string }) => `${r.variantId ?? ""}|${r.segmentId}`;
  const segmentIds = [...new Set(pending.map((r) => r.segmentId))];
  const stored = options.loadFeed ? null : campaign.runId ? await storedSegmentFeedsOf(db, shop.id, campaign.runId, segmentIds) : new Map();
  for (const segmentId of segmentIds) {
    const feed = stored?.get(segmentId) ?? (await (options.loadFeed ?? storedSegmentFeeds(db))(shop.id, segmentId, campaign.runId));
    for (const variantId of new Set(pending.filter((r) => r.segmentId === segmentId).map((r) => r.variantId))) {
      const template = templates.get(variantId ?? "")!.template;
      emails.set(emailKey({ variantId, segmentId }), renderSegmentEmail(template, feed, { storefrontUrl: storefrontUrlOf(shop.domain), campaign: campaign.id, segmentId, currency: shop.currency, appUrl: options.appUrl }));
    }
  }

  let totals: { sent: number; failed: number };
  try {
    totals = await deliverInChunks(pending, {
      transport, server, concurrency: options.concurrency, onProgress: options.onProgress,
      message(r) {
        const message = personalize(emails.get(emailKey(r))!, { ...r.customer, token: r.token }, shopName);
        const headers: Record<string, string> = { "X-Pearl-Campaign": campaign.id, "X-Pearl-Segment": r.segmentId };
        if (r.variantId) headers["X-Pearl-Variant"] = templates.get(r.variantId)!.label;
        return { to: r.customer.email!, subject: message.subject, html: message.html, text: message.text, headers };
      },
      async store(sent, failed) {
        const now = new Date();
        const where = (r: { customerId: string }) => ({ campaignId_customerId: { campaignId, customerId: r.customerId } });
        await db.$transaction([
          ...sent.map((x) => db.campaignRecipient.update({ where: where(x.item), data: { status: "sent", messageId: x.messageId, sentAt: now } })),
          ...failed.map((x) => db.campaignRecipient.update({ where: where(x.item), data: { status: "failed", error: x.error } })),
        ]);
      },
    });
  } finally {
    if (!options.transport) transport.close();
  }

  await db.campaign.update({ where: { id: campaignId }, data: { status: totals.failed && !totals.sent ? "failed" : "sent" } });
  return { ...totals, held, segments: segmentIds.length };
}

/** The compiled template of the campaign ("") and of each of its variants: a variant's own template and/or subject. */
async function variantTemplates(db: Db, campaign: { id: string; templateId: string }): Promise<Map<string, { label: string; template: CompiledTemplate }>> {
  const out = new Map([["", { label: "", template: await compiledTemplate(db, campaign.templateId) }]]);
  const variants = await db.campaignVariant.findMany({ where: { campaignId: campaign.id }, include: { template: true } });
  for (const v of variants) {
    if (!v.subject && !v.templateId) {
      out.set(v.id, { label: v.label, template: out.get("")!.template });
      continue;
    }
    const row = v.template ?? (await db.emailTemplate.findUniqueOrThrow({ where: { id: campaign.templateId } }));
    const compiled = await compileTemplate({ subject: v.subject ?? row.subject, mjml: row.mjml });
    // Variants' templates compiled when saved and their subjects were checked when the test was created.
    if (!compiled.ok) throw new Error(`variant ${v.label} does not compile: ${compiled.problems[0].message}`);
    out.set(v.id, { label: v.label, template: compiled.template });
  }
  return out;
}
