// Campaigns in the admin: list, create (segments of the latest analysis, a
// holdout share), send through the shop's SMTP server, and the control-group
// report, all through app/activation and scoped to the authenticated shop.

import type { Db } from "../db.server.ts";
import { createCampaign, DEFAULT_ATTRIBUTION_DAYS } from "../activation/campaign.ts";
import { campaignReport } from "../activation/campaignReport.ts";
import { DEFAULT_HOLDOUT_SHARE } from "../activation/holdout.ts";
import { sendCampaign } from "../activation/sendCampaign.ts";
import { attributionByVariant } from "../attribution/attributionSummary.server.ts";
import { env } from "../config/env.server.ts";
import { abTestReport, decideAbTest } from "../experiments/abTest.server.ts";
import { TEST_METRICS, type TestMetric } from "../experiments/abTestRequest.ts";
import { latestRun, segmentsOfRun } from "../store/analysisRuns.ts";
import { invariantFound, requireShopRow } from "./shop.server.ts";

export async function listCampaigns(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  const rows = await db.campaign.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" }, include: { template: { select: { name: true } } } });
  const counts = await db.campaignRecipient.groupBy({ by: ["campaignId", "status"], where: { campaignId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
  const count = (id: string, statuses: string[]) => counts.filter((c) => c.campaignId === id && statuses.includes(c.status)).reduce((s, c) => s + c._count._all, 0);
  return rows.map((c) => ({
    id: c.id, name: c.name, template: c.template.name, status: c.status, createdAt: c.createdAt.toISOString(), sentAt: c.sentAt?.toISOString() ?? null,
    segments: (JSON.parse(c.segmentIds) as string[]).length, holdoutShare: c.holdoutShare,
    recipients: count(c.id, ["pending", "sent", "failed", "held", "waiting"]), control: count(c.id, ["held"]), sent: count(c.id, ["sent"]),
  }));
}

/** What the new-campaign form offers: the shop's templates and the latest analysis's segments. */
export async function loadCampaignForm(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  const [templates, run, mailServer] = await Promise.all([
    db.emailTemplate.findMany({ where: { shopId: shop.id }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    latestRun(db, shop.id),
    db.mailServer.findUnique({ where: { shopId: shop.id }, select: { host: true } }),
  ]);
  const segments = run ? (await segmentsOfRun(db, run.id)).map((s) => ({ id: s.id, name: s.name, level: s.level, size: s.size, parentId: s.parentId })) : [];
  return { templates, segments, hasMailServer: !!mailServer, defaults: { holdoutPercent: DEFAULT_HOLDOUT_SHARE * 100, attributionDays: DEFAULT_ATTRIBUTION_DAYS, testPercent: 20 } };
}

export interface CampaignInput {
  name: string;
  templateId: string;
  segmentIds: string[];
  holdoutPercent: number;
  attributionDays: number;
  /** An A/B test of a second subject line (variant B) on a share of the audience. */
  test?: { subject: string; testPercent: number; metric: TestMetric };
}

/** The form's fields checked; expected mistakes come back as messages. */
export function parseCampaignForm(form: FormData): { ok: true; input: CampaignInput } | { ok: false; error: string } {
  const name = String(form.get("name") ?? "").trim();
  const templateId = String(form.get("templateId") ?? "");
  const segmentIds = form.getAll("segmentId").map(String).filter(Boolean);
  const holdoutPercent = Number(form.get("holdoutPercent"));
  const attributionDays = Number(form.get("attributionDays"));
  if (!name) return { ok: false, error: "Give the campaign a name." };
  if (!templateId) return { ok: false, error: "Choose a template." };
  if (!segmentIds.length) return { ok: false, error: "Choose at least one segment." };
  if (!(holdoutPercent >= 1 && holdoutPercent <= 50)) return { ok: false, error: "The holdout must be between 1% and 50% (without a control group nothing can be measured)." };
  if (!(Number.isInteger(attributionDays) && attributionDays >= 1 && attributionDays <= 90)) return { ok: false, error: "The attribution window must be 1 to 90 days." };
  const subject = String(form.get("variantSubject") ?? "").trim();
  if (!subject) return { ok: true, input: { name, templateId, segmentIds, holdoutPercent, attributionDays } };
  const testPercent = Number(form.get("testPercent"));
  const metric = String(form.get("testMetric") ?? "click");
  if (!(testPercent > 0 && testPercent <= 100)) return { ok: false, error: "The A/B test's share of the audience must be more than 0% and at most 100%." };
  if (!(TEST_METRICS as readonly string[]).includes(metric)) return { ok: false, error: "The A/B test compares clicks or orders." };
  return { ok: true, input: { name, templateId, segmentIds, holdoutPercent, attributionDays, test: { subject, testPercent, metric: metric as TestMetric } } };
}

export async function createShopCampaign(db: Db, domain: string, input: CampaignInput) {
  const shop = await requireShopRow(db, domain);
  const template = await db.emailTemplate.findFirst({ where: { id: input.templateId, shopId: shop.id } });
  if (!template) return { ok: false as const, error: "No such template." };
  const test = input.test ? { share: input.test.testPercent / 100, metric: input.test.metric, variants: [{ label: "B", subject: input.test.subject }] } : undefined;
  return createCampaign(db, { shopId: shop.id, templateId: template.id, name: input.name, segmentIds: input.segmentIds, holdoutShare: input.holdoutPercent / 100, attributionDays: input.attributionDays, test });
}

async function requireCampaign(db: Db, domain: string, campaignId: string) {
  const shop = await requireShopRow(db, domain);
  return invariantFound(await db.campaign.findFirst({ where: { id: campaignId, shopId: shop.id }, include: { template: { select: { id: true, name: true } } } }), "Campaign");
}

/**
 * Sends what is still pending. Done within the request: a few thousand
 * messages to the merchant's own SMTP server take seconds.
 */
export async function sendShopCampaign(db: Db, domain: string, campaignId: string) {
  const campaign = await requireCampaign(db, domain, campaignId);
  const server = await db.mailServer.findUnique({ where: { shopId: campaign.shopId } });
  if (!server) return { ok: false as const, error: "Set up the shop's SMTP server in Settings first." };
  try {
    return { ok: true as const, totals: await sendCampaign(db, campaign.id, { appUrl: env().SHOPIFY_APP_URL }) };
  } catch (error) {
    return { ok: false as const, error: (error as Error).message };
  }
}

/** The A/B test looked at now; once decided, the rest of the audience is sent the winner (within the request, like a send). */
export async function decideShopAbTest(db: Db, domain: string, campaignId: string) {
  const campaign = await requireCampaign(db, domain, campaignId);
  if (!(await db.mailServer.findUnique({ where: { shopId: campaign.shopId } }))) return { ok: false as const, error: "Set up the shop's SMTP server in Settings first." };
  try {
    const result = await decideAbTest(db, campaign.id, { appUrl: env().SHOPIFY_APP_URL });
    if (!result.ok) return result;
    return { ok: true as const, decided: { status: result.status, sentVariant: result.sentVariant, sent: result.totals?.sent ?? 0, reason: result.report.decision.reason } };
  } catch (error) {
    return { ok: false as const, error: (error as Error).message };
  }
}

export async function loadCampaignPage(db: Db, domain: string, campaignId: string) {
  const campaign = await requireCampaign(db, domain, campaignId);
  const [report, pending, abTest, attribution] = await Promise.all([
    campaignReport(db, campaign.id),
    db.campaignRecipient.count({ where: { campaignId: campaign.id, status: "pending" } }),
    abTestReport(db, campaign.id),
    attributionByVariant(db, campaign.id),
  ]);
  return {
    campaign: { id: campaign.id, name: campaign.name, status: campaign.status, template: campaign.template, holdoutShare: campaign.holdoutShare, attributionDays: campaign.attributionDays, createdAt: campaign.createdAt.toISOString() },
    pending,
    report,
    abTest,
    attribution,
  };
}
