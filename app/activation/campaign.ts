// A campaign: a template sent to chosen segments of the latest analysis,
// with every segment's control group drawn and stored before anything is
// sent, so the report later compares the two groups as they were formed.

import type { Db } from "../db.server.ts";
import { latestFinishedRun, segmentMembers, segmentsOfRun, type AudienceMember } from "./audience.ts";
import { checkAbTest, type AbTestRequest } from "../experiments/abTestRequest.ts";
import { assignVariants } from "../experiments/variantSplit.ts";
import { controlGroup, DEFAULT_HOLDOUT_SHARE } from "./holdout.ts";
import { trackingToken } from "./trackingToken.ts";

export const DEFAULT_ATTRIBUTION_DAYS = 14;

export interface CampaignRequest {
  shopId: string;
  templateId: string;
  name: string;
  segmentIds: string[];
  holdoutShare?: number;
  attributionDays?: number;
  /** An A/B test of subject lines and/or templates (app/experiments/). */
  test?: AbTestRequest;
}

export type CreateCampaignResult =
  | { ok: true; campaignId: string; runId: string; recipients: number; control: number; notMailable: number }
  | { ok: false; error: string };

export async function createCampaign(db: Db, request: CampaignRequest): Promise<CreateCampaignResult> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: request.shopId } });
  const run = await latestFinishedRun(db, shop.id);
  if (!run) return { ok: false, error: "no finished analysis yet: run `pearl analyze` first" };
  const known = await segmentsOfRun(db, run.id);
  const chosen = request.segmentIds.map((id) => known.find((s) => s.id === id));
  const missing = request.segmentIds.filter((_, i) => !chosen[i]);
  if (missing.length) return { ok: false, error: `not segments of the latest analysis: ${missing.join(", ")}` };
  const members = await segmentMembers(db, run.id, chosen.map((s) => s!));
  // Only customers who can be mailed (an address, consent to marketing) are
  // drawn into either group: a control group of others would not be comparable.
  const eligible = members.filter((m) => m.email && m.acceptsMarketing);
  const holdoutShare = request.holdoutShare ?? DEFAULT_HOLDOUT_SHARE;
  const test = request.test ? await checkAbTest(db, shop.id, request.test) : null;
  if (test && !test.ok) return test;

  const campaign = await db.campaign.create({
    data: {
      shopId: shop.id, templateId: request.templateId, name: request.name, runId: run.id,
      segmentIds: JSON.stringify(request.segmentIds), holdoutShare, attributionDays: request.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS,
      ...(test ? { testShare: test.share, testMetric: test.metric, testAlpha: test.alpha, testMinSample: test.minSample, testDays: test.days, testStatus: "testing" } : {}),
    },
  });
  const variantIds: string[] = [];
  for (const v of test?.variants ?? []) variantIds.push((await db.campaignVariant.create({ data: { campaignId: campaign.id, ...v } })).id);
  const bySegment = new Map<string, AudienceMember[]>();
  for (const m of eligible) bySegment.set(m.segmentId, [...(bySegment.get(m.segmentId) ?? []), m]);
  const rows: { campaignId: string; customerId: string; segmentId: string; control: boolean; token: string; status: string; variantId: string | null }[] = [];
  let control = 0;
  for (const [segmentId, list] of bySegment) {
    const held = controlGroup(campaign.id, list.map((m) => m.customerId), holdoutShare);
    control += held.size;
    // With a test, a share of the treated members gets the variants; the rest waits for the winner.
    const dealt = test ? assignVariants(campaign.id, list.filter((m) => !held.has(m.customerId)).map((m) => m.customerId), test.share, variantIds.length) : null;
    for (const m of list) {
      const isControl = held.has(m.customerId);
      const variant = dealt?.get(m.customerId);
      const status = isControl ? "held" : dealt && variant === undefined ? "waiting" : "pending";
      rows.push({ campaignId: campaign.id, customerId: m.customerId, segmentId, control: isControl, token: trackingToken(shop.urlSecret, campaign.id, m.customerId), status, variantId: variant === undefined ? null : variantIds[variant] });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await db.campaignRecipient.createMany({ data: rows.slice(i, i + 1000) });
  return { ok: true, campaignId: campaign.id, runId: run.id, recipients: rows.length, control, notMailable: members.length - eligible.length };
}
