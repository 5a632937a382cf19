// A campaign's A/B test over the store: each variant's figures, the
// decision (decideTest.ts), and once there is one, the rest of the audience
// sent the winner (or A when the test ended without one) through the same
// sendCampaign path. Orders count through OrderAttribution (app/attribution/),
// so the order metric credits each order to one send, never a control member.

import type { Db } from "../db.server.ts";
import { sendCampaign, type SendOptions, type SendTotals } from "../activation/sendCampaign.ts";
import { attributeShopOrders } from "../attribution/attributeOrders.server.ts";
import { DEFAULT_TEST_DAYS, DEFAULT_TEST_MIN_SAMPLE, type TestMetric } from "./abTestRequest.ts";
import { decideTest, type TestDecision } from "./decideTest.ts";

export interface VariantFigures {
  id: string;
  label: string;
  subject: string | null;
  template: string | null;
  /** Sent the variant during the test. */
  recipients: number;
  opens: number;
  clicks: number;
  /** Recipients with at least one attributed order, and those orders' revenue. */
  orders: number;
  revenue: number;
  /** Sent the variant after the decision (the winner, or A). */
  restRecipients: number;
}

export interface AbTestReport {
  campaignId: string;
  metric: TestMetric;
  share: number;
  alpha: number;
  minSample: number;
  days: number;
  status: string;
  decidedAt: string | null;
  winnerVariantId: string | null;
  waiting: number;
  variants: VariantFigures[];
  decision: TestDecision;
  method: string;
}

export const AB_TEST_METHOD =
  "Rates per recipient sent the variant during the test: clicks (any tracked click) or orders (recipients with an order attributed to the send). The leading variant is compared with each other with a two-sided two-proportion z-test, or Fisher's exact test when an expected count is below 5, at alpha / (variants - 1) (Bonferroni). It wins only when every comparison is significant and every variant has the minimum sample; after the longest duration without a winner the test is inconclusive and the rest gets variant A.";

const DAY_MS = 86_400_000;

export async function abTestReport(db: Db, campaignId: string, now = new Date()): Promise<AbTestReport | null> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { variants: { include: { template: { select: { name: true } } }, orderBy: { label: "asc" } } } });
  if (campaign.testShare === null || campaign.variants.length < 2) return null;
  const metric = (campaign.testMetric ?? "click") as TestMetric;
  const recipients = await db.campaignRecipient.findMany({ where: { campaignId, control: false }, select: { customerId: true, variantId: true, status: true, sentAt: true, openedAt: true, clickedAt: true } });
  const attributions = await db.orderAttribution.findMany({ where: { shopId: campaign.shopId, source: "campaign", sourceId: campaignId }, select: { token: true, variantId: true, revenue: true, order: { select: { customerId: true, cancelledAt: true, refunds: { select: { amount: true } } } } } });
  // Per recipient: the orders credited to their own send (by token, UTM or window).
  const revenueOf = new Map<string, number>();
  for (const a of attributions) {
    const customerId = a.order.customerId;
    if (!a.variantId || !customerId || a.order.cancelledAt) continue;
    const net = Number(a.revenue) - a.order.refunds.reduce((s, r) => s + Number(r.amount), 0);
    revenueOf.set(`${a.variantId}|${customerId}`, (revenueOf.get(`${a.variantId}|${customerId}`) ?? 0) + net);
  }
  // The rest is sent after the decision: whoever was sent before it took part in the test.
  const inTest = (r: (typeof recipients)[number]) => r.status === "sent" && r.sentAt !== null && (!campaign.decidedAt || r.sentAt.getTime() < campaign.decidedAt.getTime());
  const variants: VariantFigures[] = campaign.variants.map((v) => {
    const mine = recipients.filter((r) => r.variantId === v.id);
    const tested = mine.filter(inTest);
    const buyers = tested.filter((r) => revenueOf.has(`${v.id}|${r.customerId}`));
    return {
      id: v.id, label: v.label, subject: v.subject, template: v.template?.name ?? null,
      recipients: tested.length,
      opens: tested.filter((r) => r.openedAt).length,
      clicks: tested.filter((r) => r.clickedAt).length,
      orders: buyers.length,
      revenue: buyers.reduce((s, r) => s + revenueOf.get(`${v.id}|${r.customerId}`)!, 0),
      restRecipients: mine.filter((r) => r.status === "sent" && !inTest(r)).length,
    };
  });
  const rules = { alpha: campaign.testAlpha, minSample: campaign.testMinSample ?? DEFAULT_TEST_MIN_SAMPLE, maxDays: campaign.testDays ?? DEFAULT_TEST_DAYS };
  const started = campaign.sentAt ?? now;
  const decision = decideTest(variants.map((v) => ({ id: v.id, label: v.label, recipients: v.recipients, successes: metric === "click" ? v.clicks : v.orders })), rules, (now.getTime() - started.getTime()) / DAY_MS);
  return {
    campaignId, metric, share: campaign.testShare, alpha: rules.alpha, minSample: rules.minSample, days: rules.maxDays,
    status: campaign.testStatus ?? "testing", decidedAt: campaign.decidedAt?.toISOString() ?? null, winnerVariantId: campaign.winnerVariantId,
    waiting: recipients.filter((r) => r.status === "waiting").length,
    variants, decision, method: AB_TEST_METHOD,
  };
}

export type AbDecideResult =
  | { ok: true; status: "testing" | "decided" | "inconclusive"; report: AbTestReport; sentVariant: string | null; totals: SendTotals | null }
  | { ok: false; error: string };

/**
 * Looks at the test now; when it is decided (or over without a winner), stores
 * that once and sends the waiting rest of the audience the chosen variant.
 * Calling it again after a decision sends only what is still unsent.
 * `now` is the clock the test's duration is measured on.
 */
export async function decideAbTest(db: Db, campaignId: string, options: SendOptions & { now?: Date }): Promise<AbDecideResult> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  if (campaign.testShare === null) return { ok: false, error: `campaign ${campaign.name} has no A/B test` };
  if (!campaign.sentAt) return { ok: false, error: `campaign ${campaign.name} has not been sent yet: its test starts with the send` };
  if (campaign.testMetric === "order") await attributeShopOrders(db, campaign.shopId);
  const now = options.now ?? new Date();
  let report = (await abTestReport(db, campaignId, now))!;
  if (campaign.testStatus === "testing" || campaign.testStatus === null) {
    const { decision } = report;
    if (decision.status === "testing") return { ok: true, status: "testing", report, sentVariant: null, totals: null };
    await db.$transaction([
      // decidedAt on the real clock: it separates the test's sends from the rest's.
      db.campaign.update({ where: { id: campaignId }, data: { testStatus: decision.status, winnerVariantId: decision.winnerVariantId, decidedAt: new Date() } }),
      db.campaignRecipient.updateMany({ where: { campaignId, status: "waiting" }, data: { status: "pending", variantId: decision.sendVariantId } }),
    ]);
  }
  const decided = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { variants: true } });
  const sendVariant = decided.winnerVariantId ?? decided.variants.find((v) => v.label === "A")?.id ?? null;
  const totals = await sendCampaign(db, campaignId, options);
  report = (await abTestReport(db, campaignId, now))!;
  return { ok: true, status: decided.testStatus as "decided" | "inconclusive", report, sentVariant: decided.variants.find((v) => v.id === sendVariant)?.label ?? null, totals };
}
