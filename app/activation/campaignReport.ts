// What a campaign earned: per segment and overall, treated recipients against
// their control group over the attribution window (orders placed from the
// send to `attributionDays` after it, refunds deducted, cancelled orders not
// counted). Intent to treat: every recipient drawn into the treated group
// counts, sent or not, so the comparison with the control group stays fair.
//
// Method: revenue per customer and conversion (share with at least one
// order) are compared as differences of means with Welch's 95% interval;
// incremental revenue = treated recipients x the difference in revenue per
// customer, and overall the sum over segments with a Welch-Satterthwaite
// interval (welchInterval.ts).

import type { Db } from "../db.server.ts";
import { moments, weightedDifferenceSum, welchDifference, type Difference, type Moments } from "./welchInterval.ts";

export interface GroupFigures {
  customers: number;
  converted: number;
  conversion: number;
  revenue: number;
  revenuePerCustomer: number;
}

export interface SegmentReport {
  segmentId: string;
  name: string;
  recipients: number;
  sent: number;
  controlSize: number;
  treated: GroupFigures;
  control: GroupFigures;
  conversionLift: Difference;
  revenuePerCustomerLift: Difference;
  incrementalRevenue: Difference;
}

export interface CampaignReport {
  campaignId: string;
  name: string;
  currency: string;
  sentAt: string | null;
  window: { from: string; to: string; days: number } | null;
  segments: SegmentReport[];
  total: { recipients: number; sent: number; controlSize: number; incrementalRevenue: Difference };
  method: string;
}

export const REPORT_METHOD =
  "Intent-to-treat: treated recipients vs the campaign's random control group, per segment. Orders from the send to the end of the attribution window, net of refunds, cancelled orders excluded. Differences of means with Welch's 95% t interval; incremental revenue = treated x difference in revenue per customer, summed over segments with Welch-Satterthwaite degrees of freedom.";

export async function campaignReport(db: Db, campaignId: string): Promise<CampaignReport> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { shop: { select: { currency: true } } } });
  const recipients = await db.campaignRecipient.findMany({ where: { campaignId }, select: { customerId: true, segmentId: true, control: true, status: true } });
  const segmentRows = await db.segment.findMany({ where: { id: { in: [...new Set(recipients.map((r) => r.segmentId))] } }, select: { id: true, name: true } });
  const names = new Map(segmentRows.map((s) => [s.id, s.name]));

  const revenue = new Map<string, number>();
  const converted = new Set<string>();
  let window: CampaignReport["window"] = null;
  if (campaign.sentAt) {
    const from = campaign.sentAt;
    const to = new Date(from.getTime() + campaign.attributionDays * 86_400_000);
    window = { from: from.toISOString(), to: to.toISOString(), days: campaign.attributionDays };
    const ids = recipients.map((r) => r.customerId);
    for (let i = 0; i < ids.length; i += 500) {
      const orders = await db.order.findMany({
        where: { shopId: campaign.shopId, customerId: { in: ids.slice(i, i + 500) }, processedAt: { gte: from, lt: to }, cancelledAt: null },
        select: { customerId: true, totalPrice: true, refunds: { select: { amount: true } } },
      });
      for (const o of orders) {
        const net = Number(o.totalPrice) - o.refunds.reduce((s, r) => s + Number(r.amount), 0);
        revenue.set(o.customerId!, (revenue.get(o.customerId!) ?? 0) + net);
        converted.add(o.customerId!);
      }
    }
  }

  const bySegment = new Map<string, typeof recipients>();
  for (const r of recipients) bySegment.set(r.segmentId, [...(bySegment.get(r.segmentId) ?? []), r]);
  const parts: { weight: number; a: Moments; b: Moments }[] = [];
  const segments: SegmentReport[] = [];
  for (const [segmentId, list] of bySegment) {
    const treated = list.filter((r) => !r.control);
    const control = list.filter((r) => r.control);
    const money = (group: typeof list) => group.map((r) => revenue.get(r.customerId) ?? 0);
    const bought = (group: typeof list) => group.map((r) => (converted.has(r.customerId) ? 1 : 0));
    const tRevenue = moments(money(treated));
    const cRevenue = moments(money(control));
    const perCustomer = welchDifference(tRevenue, cRevenue);
    parts.push({ weight: treated.length, a: tRevenue, b: cRevenue });
    segments.push({
      segmentId,
      name: names.get(segmentId) ?? segmentId,
      recipients: treated.length,
      sent: treated.filter((r) => r.status === "sent").length,
      controlSize: control.length,
      treated: figures(treated.length, bought(treated), money(treated)),
      control: figures(control.length, bought(control), money(control)),
      conversionLift: welchDifference(moments(bought(treated)), moments(bought(control))),
      revenuePerCustomerLift: perCustomer,
      incrementalRevenue: scale(perCustomer, treated.length),
    });
  }
  segments.sort((a, b) => b.recipients - a.recipients);
  return {
    campaignId,
    name: campaign.name,
    currency: campaign.shop.currency,
    sentAt: campaign.sentAt?.toISOString() ?? null,
    window,
    segments,
    total: {
      recipients: segments.reduce((s, x) => s + x.recipients, 0),
      sent: segments.reduce((s, x) => s + x.sent, 0),
      controlSize: segments.reduce((s, x) => s + x.controlSize, 0),
      incrementalRevenue: weightedDifferenceSum(parts),
    },
    method: REPORT_METHOD,
  };
}

function figures(customers: number, bought: number[], money: number[]): GroupFigures {
  const convertedCount = bought.reduce((s, b) => s + b, 0);
  const revenue = money.reduce((s, v) => s + v, 0);
  return { customers, converted: convertedCount, conversion: customers ? convertedCount / customers : 0, revenue, revenuePerCustomer: customers ? revenue / customers : 0 };
}

function scale(d: Difference, k: number): Difference {
  return {
    estimate: d.estimate * k,
    low: d.low === null ? null : d.low * k,
    high: d.high === null ? null : d.high * k,
    standardError: d.standardError === null ? null : d.standardError * k,
    degreesOfFreedom: d.degreesOfFreedom,
  };
}
