// Credits a shop's orders to sends (matchOrder.ts) and stores one
// OrderAttribution per credited order. Idempotent: an order credited once is
// never looked at again, and re-running credits nothing twice. Only new orders
// are read: stored or updated since the last pass (Shop.attributedThrough,
// with a margin for transactions still committing then), and not before the
// shop's first send. An order examined without a match stays unmatched: a
// send can only be credited with orders placed after it. They are read in
// pages, each page with the sends it needs in a few queries.

import type { Db } from "../db.server.ts";
import { matchOrder, type AttributionMethod, type CampaignWindow, type SentMessage } from "./matchOrder.ts";
import { trackingOfUrl } from "../tracking/tokenInUrl.ts";

export interface AttributionTotals {
  examined: number;
  attributed: number;
  byMethod: Record<AttributionMethod, number>;
}

const PAGE = 500;
/** Longer than any ingestion transaction: orders committed during the last pass are read again. */
const OVERLAP_MS = 5 * 60_000;

export async function attributeShopOrders(db: Db, shopId: string, options: { pageSize?: number } = {}): Promise<AttributionTotals> {
  const totals: AttributionTotals = { examined: 0, attributed: 0, byMethod: { token: 0, utm: 0, window: 0 } };
  const passStart = new Date();
  const { attributedThrough } = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { attributedThrough: true } });
  const changedSince = attributedThrough ? new Date(attributedThrough.getTime() - OVERLAP_MS) : new Date(0);
  const [firstCampaign, firstProgram] = await Promise.all([
    db.campaignRecipient.aggregate({ where: { campaign: { shopId }, control: false, sentAt: { not: null } }, _min: { sentAt: true } }),
    db.programSend.aggregate({ where: { shopId, control: false, sentAt: { not: null } }, _min: { sentAt: true } }),
  ]);
  const starts = [firstCampaign._min.sentAt, firstProgram._min.sentAt].filter((d): d is Date => !!d);
  if (!starts.length) return totals;
  const since = new Date(Math.min(...starts.map((d) => d.getTime())));

  const pageSize = options.pageSize ?? PAGE;
  let after = "";
  for (;;) {
    const orders = await db.order.findMany({
      where: { shopId, id: { gt: after }, processedAt: { gte: since }, updatedAt: { gte: changedSince }, cancelledAt: null, attributions: { none: {} } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, customerId: true, processedAt: true, landingSite: true, totalPrice: true },
    });
    if (!orders.length) break;
    after = orders[orders.length - 1].id;
    totals.examined += orders.length;
    const inputs = await sendsFor(db, shopId, orders);
    const rows = [];
    for (const o of orders) {
      const c = matchOrder(o, { ...inputs, customerSends: o.customerId ? inputs.sendsOf.get(o.customerId) ?? [] : [], controlOf: (o.customerId && inputs.controlOf.get(o.customerId)) || new Set() });
      if (!c) continue;
      rows.push({ orderId: o.id, shopId, source: c.source, sourceId: c.sourceId, variantId: c.variantId, token: c.token, method: c.method, revenue: o.totalPrice });
      totals.byMethod[c.method]++;
    }
    await storeCredits(db, rows);
    totals.attributed += rows.length;
    if (orders.length < pageSize) break;
  }
  await db.shop.update({ where: { id: shopId }, data: { attributedThrough: passStart } });
  return totals;
}

type CreditRow = { orderId: string; shopId: string; source: string; sourceId: string; variantId: string | null; token: string | null; method: string; revenue: unknown };

/** One multi-row insert; when a concurrent pass credited one of the orders first, row by row, the first credit kept. */
async function storeCredits(db: Db, rows: CreditRow[]): Promise<void> {
  if (!rows.length) return;
  const data = rows.map((r) => ({ ...r, revenue: String(r.revenue) }));
  try {
    await db.orderAttribution.createMany({ data });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    await db.$transaction(data.map((r) => db.orderAttribution.upsert({ where: { orderId: r.orderId }, create: r, update: {} })));
  }
}

async function sendsFor(db: Db, shopId: string, orders: { customerId: string | null; landingSite: string | null }[]) {
  const customerIds = [...new Set(orders.map((o) => o.customerId).filter((id): id is string => !!id))];
  const landings = orders.map((o) => trackingOfUrl(o.landingSite));
  const tokens = [...new Set(landings.map((l) => l.token).filter((t): t is string => !!t))];
  const utmIds = [...new Set(landings.filter((l) => l.utmSource === "pearl").map((l) => l.utmCampaign).filter((c): c is string => !!c))];
  const campaignRow = { select: { campaignId: true, customerId: true, variantId: true, token: true, sentAt: true, control: true, campaign: { select: { attributionDays: true } } } } as const;
  const programRow = { select: { programId: true, customerId: true, token: true, sentAt: true, program: { select: { attributionDays: true } } } } as const;
  const [recipients, programSends, tokenRecipients, tokenProgramSends, campaigns] = await Promise.all([
    db.campaignRecipient.findMany({ where: { campaign: { shopId }, customerId: { in: customerIds }, OR: [{ control: true }, { sentAt: { not: null } }] }, ...campaignRow }),
    db.programSend.findMany({ where: { shopId, customerId: { in: customerIds }, control: false, sentAt: { not: null } }, ...programRow }),
    tokens.length ? db.campaignRecipient.findMany({ where: { campaign: { shopId }, token: { in: tokens }, control: false, sentAt: { not: null } }, ...campaignRow }) : [],
    tokens.length ? db.programSend.findMany({ where: { shopId, token: { in: tokens }, control: false, sentAt: { not: null } }, ...programRow }) : [],
    utmIds.length ? db.campaign.findMany({ where: { shopId, id: { in: utmIds }, sentAt: { not: null } }, select: { id: true, sentAt: true, attributionDays: true } }) : [],
  ]);
  const fromRecipient = (r: (typeof recipients)[number]): SentMessage => ({ source: "campaign", sourceId: r.campaignId, variantId: r.variantId, token: r.token, customerId: r.customerId, sentAt: r.sentAt!, attributionDays: r.campaign.attributionDays });
  const fromProgram = (s: (typeof programSends)[number]): SentMessage => ({ source: "program", sourceId: s.programId, variantId: null, token: s.token, customerId: s.customerId, sentAt: s.sentAt!, attributionDays: s.program.attributionDays });

  const sendsOf = new Map<string, SentMessage[]>();
  const controlOf = new Map<string, Set<string>>();
  const add = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const r of recipients) {
    if (r.control) controlOf.set(r.customerId, (controlOf.get(r.customerId) ?? new Set()).add(r.campaignId));
    else add(sendsOf, r.customerId, fromRecipient(r));
  }
  // A program's control rows hold back one trigger, not the customer: its other sends still count.
  for (const s of programSends) add(sendsOf, s.customerId, fromProgram(s));
  const byToken = new Map<string, SentMessage>([...tokenRecipients.map((r) => [r.token, fromRecipient(r)] as const), ...tokenProgramSends.map((s) => [s.token, fromProgram(s)] as const)]);
  const windows = new Map<string, CampaignWindow>(campaigns.map((c) => [c.id, { sentAt: c.sentAt!, attributionDays: c.attributionDays }]));
  return { byToken, sendsOf, controlOf, campaigns: windows };
}
