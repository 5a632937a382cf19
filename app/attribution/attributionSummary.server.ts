// What the sends earned, from OrderAttribution: per campaign and program, and
// per variant of one campaign. Conversion = sends with at least one credited
// order / sends; revenue = credited orders net of refunds, cancelled ones out.
// Orders credited by UTM to a campaign as a whole (a forwarded email, no
// token) add orders and revenue but no converted send.

import type { Db } from "../db.server.ts";
import type { AttributionMethod } from "./matchOrder.ts";

export interface AttributedFigures {
  sent: number;
  converted: number;
  conversion: number;
  orders: number;
  revenue: number;
  byMethod: Record<AttributionMethod, number>;
}

export interface SourceFigures extends AttributedFigures {
  source: "campaign" | "program";
  sourceId: string;
  name: string;
  kind: string | null;
}

export interface VariantAttribution extends AttributedFigures {
  variantId: string | null;
  label: string;
}

type Credited = { sourceId: string; variantId: string | null; token: string | null; method: string; revenue: unknown; order: { cancelledAt: Date | null; refunds: { amount: unknown }[] } };

function figures(sent: number, rows: Credited[]): AttributedFigures {
  const live = rows.filter((r) => !r.order.cancelledAt);
  const byMethod: Record<AttributionMethod, number> = { token: 0, utm: 0, window: 0 };
  for (const r of live) byMethod[r.method as AttributionMethod]++;
  const converted = new Set(live.map((r) => r.token).filter((t) => t !== null)).size;
  const revenue = live.reduce((s, r) => s + Number(r.revenue) - r.order.refunds.reduce((x, f) => x + Number(f.amount), 0), 0);
  return { sent, converted, conversion: sent ? converted / sent : 0, orders: live.length, revenue, byMethod };
}

const credited = { sourceId: true, variantId: true, token: true, method: true, revenue: true, order: { select: { cancelledAt: true, refunds: { select: { amount: true } } } } } as const;

export async function attributionBySource(db: Db, shopId: string): Promise<SourceFigures[]> {
  const [campaigns, programs, campaignSent, programSent, rows] = await Promise.all([
    db.campaign.findMany({ where: { shopId, sentAt: { not: null } }, select: { id: true, name: true } }),
    db.program.findMany({ where: { shopId }, select: { id: true, name: true, kind: true } }),
    db.campaignRecipient.groupBy({ by: ["campaignId"], where: { campaign: { shopId }, status: "sent" }, _count: { _all: true } }),
    db.programSend.groupBy({ by: ["programId"], where: { shopId, control: false, sentAt: { not: null } }, _count: { _all: true } }),
    db.orderAttribution.findMany({ where: { shopId }, select: { source: true, ...credited } }),
  ]);
  const sentOf = new Map([...campaignSent.map((c) => [`campaign|${c.campaignId}`, c._count._all] as const), ...programSent.map((p) => [`program|${p.programId}`, p._count._all] as const)]);
  const rowsOf = (source: string, id: string) => rows.filter((r) => r.source === source && r.sourceId === id);
  const out: SourceFigures[] = [
    ...campaigns.map((c) => ({ source: "campaign" as const, sourceId: c.id, name: c.name, kind: null, ...figures(sentOf.get(`campaign|${c.id}`) ?? 0, rowsOf("campaign", c.id)) })),
    ...programs.map((p) => ({ source: "program" as const, sourceId: p.id, name: p.name, kind: p.kind, ...figures(sentOf.get(`program|${p.id}`) ?? 0, rowsOf("program", p.id)) })),
  ];
  return out.filter((r) => r.sent > 0 || r.orders > 0).sort((a, b) => b.revenue - a.revenue || a.name.localeCompare(b.name));
}

export async function attributionByVariant(db: Db, campaignId: string): Promise<VariantAttribution[]> {
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { shopId: true, variants: { select: { id: true, label: true }, orderBy: { label: "asc" } } } });
  const [sent, rows] = await Promise.all([
    db.campaignRecipient.groupBy({ by: ["variantId"], where: { campaignId, status: "sent" }, _count: { _all: true } }),
    db.orderAttribution.findMany({ where: { shopId: campaign.shopId, source: "campaign", sourceId: campaignId }, select: credited }),
  ]);
  const sentOf = (variantId: string | null) => sent.find((s) => s.variantId === variantId)?._count._all ?? 0;
  const out: VariantAttribution[] = campaign.variants.map((v) => ({ variantId: v.id, label: v.label, ...figures(sentOf(v.id), rows.filter((r) => r.variantId === v.id)) }));
  const loose = rows.filter((r) => r.variantId === null);
  if (!campaign.variants.length || loose.length) out.push({ variantId: null, label: campaign.variants.length ? "no variant (forwarded, UTM only)" : "all recipients", ...figures(sentOf(null), loose) });
  return out;
}
