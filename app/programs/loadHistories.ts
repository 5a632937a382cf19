// Every customer's history as the programs read it, from the store as of a
// moment (nothing after `now` is seen, so `pearl programs run --now` replays
// a past day): orders with lines, recent carts and checkouts with lines, and
// the two latest finished analyses' scores.

import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "../db.server.ts";
import { DAY_MS, type CustomerHistory, type HistoryBasket, type HistoryLine, type HistoryOrder, type HistoryScore } from "./history.ts";
import { storeKnowledge } from "./storeKnowledge.ts";

/** BG/NBD's expected purchases are stored over this horizon (app/intelligence/segments/valueScores.ts). */
const EXPECTED_PURCHASES_HORIZON_DAYS = 365;
/** Carts and checkouts older than this cannot trigger anything (the longest abandon delay plus withinDays). */
const BASKET_LOOKBACK_DAYS = 61;

export interface ContactableCustomer {
  email: string | null;
  acceptsMarketing: boolean;
}

export interface LoadedHistories {
  histories: CustomerHistory[];
  contacts: Map<string, ContactableCustomer>;
}

export async function loadHistories(db: Db, shopId: string, timeZone: string, now: Date): Promise<LoadedHistories> {
  const customers = await db.customer.findMany({ where: { shopId, deletedAt: null, redactedAt: null }, select: { id: true, email: true, acceptsMarketing: true } });
  const contacts = new Map(customers.map((c) => [c.id, { email: c.email, acceptsMarketing: c.acceptsMarketing }]));

  const orders = new Map<string, HistoryOrder[]>();
  const orderRows = await db.$queryRaw<{ id: string; customerId: string; processedAt: unknown; cancelledAt: unknown }[]>(Prisma.sql`
    SELECT o."id", o."customerId", o."processedAt", o."cancelledAt" FROM "Order" o
    WHERE o."shopId" = ${shopId} AND o."customerId" IS NOT NULL`);
  const byId = new Map<string, HistoryOrder>();
  for (const r of orderRows) {
    // Compared here, not in SQL: the two databases store DateTime differently.
    if (timeOf(r.processedAt) > now.getTime()) continue;
    const cancelledAt = r.cancelledAt === null ? null : timeOf(r.cancelledAt);
    const o: HistoryOrder = { id: r.id, placedAt: new Date(timeOf(r.processedAt)), cancelled: cancelledAt !== null && cancelledAt <= now.getTime(), lines: [] };
    byId.set(r.id, o);
    push(orders, r.customerId, o);
  }
  const lineRows = await db.$queryRaw<{ orderId: string; productExternalId: string | null; title: string; quantity: unknown; price: unknown }[]>(Prisma.sql`
    SELECT l."orderId", l."productExternalId", l."title", l."quantity", CAST(l."price" AS DOUBLE PRECISION) AS "price"
    FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
    WHERE l."shopId" = ${shopId} AND o."customerId" IS NOT NULL`);
  for (const l of lineRows) byId.get(l.orderId)?.lines.push({ productId: l.productExternalId, title: l.title, quantity: Number(l.quantity), price: Number(l.price) });
  for (const list of orders.values()) list.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || (a.id < b.id ? -1 : 1));

  const since = new Date(now.getTime() - BASKET_LOOKBACK_DAYS * DAY_MS);
  const basketWhere = { shopId, customerId: { not: null }, sourceCreatedAt: { lte: now }, OR: [{ sourceCreatedAt: { gte: since } }, { sourceUpdatedAt: { gte: since } }] };
  const lineSelect = { select: { productExternalId: true, title: true, quantity: true, price: true } } as const;
  const cartRows = await db.cart.findMany({ where: basketWhere, select: { token: true, customerId: true, orderId: true, sourceCreatedAt: true, sourceUpdatedAt: true, lines: lineSelect } });
  const checkoutRows = await db.checkout.findMany({ where: basketWhere, select: { token: true, cartToken: true, customerId: true, orderId: true, completedAt: true, sourceCreatedAt: true, sourceUpdatedAt: true, lines: lineSelect } });
  const checkedOut = new Set(checkoutRows.map((c) => c.cartToken).filter((t): t is string => !!t));
  const carts = new Map<string, HistoryBasket[]>();
  for (const c of cartRows) push(carts, c.customerId!, basket(c, now, c.orderId !== null, checkedOut.has(c.token)));
  const checkouts = new Map<string, HistoryBasket[]>();
  for (const c of checkoutRows) push(checkouts, c.customerId!, basket(c, now, c.orderId !== null || (c.completedAt !== null && c.completedAt <= now), false));

  const scores = await latestScores(db, shopId, now);
  const knowledge = storeKnowledge([...orders].map(([customerId, list]) => ({ customerId, orders: list })), timeZone, now);
  const histories: CustomerHistory[] = customers.map((c) => ({
    customerId: c.id,
    orders: orders.get(c.id) ?? [],
    carts: carts.get(c.id) ?? [],
    checkouts: checkouts.get(c.id) ?? [],
    score: scores.get(c.id) ?? null,
    store: knowledge,
  }));
  return { histories, contacts };
}

/** Scores of the latest finished analysis as of `now`, each with P(alive) of the one before. */
async function latestScores(db: Db, shopId: string, now: Date): Promise<Map<string, HistoryScore>> {
  const runs = await db.analysisRun.findMany({ where: { shopId, status: "done", asOf: { lte: now } }, orderBy: [{ asOf: "desc" }, { finishedAt: "desc" }], take: 2, select: { id: true, asOf: true } });
  const out = new Map<string, HistoryScore>();
  if (!runs.length) return out;
  const previous = new Map<string, number>();
  if (runs[1]) for (const s of await db.customerScore.findMany({ where: { runId: runs[1].id }, select: { customerId: true, pAlive: true } })) previous.set(s.customerId, s.pAlive);
  for (const s of await db.customerScore.findMany({ where: { runId: runs[0].id }, select: { customerId: true, segmentId: true, tier: true, pAlive: true, expectedPurchases: true } })) {
    out.set(s.customerId, { asOf: runs[0].asOf, segmentId: s.segmentId, tier: s.tier, pAlive: s.pAlive, previousPAlive: previous.get(s.customerId) ?? null, expectedPurchases: s.expectedPurchases, horizonDays: EXPECTED_PURCHASES_HORIZON_DAYS });
  }
  return out;
}

interface BasketRow {
  token: string;
  sourceCreatedAt: Date;
  sourceUpdatedAt: Date | null;
  lines: { productExternalId: string | null; title: string | null; quantity: number; price: Prisma.Decimal }[];
}

function basket(row: BasketRow, now: Date, converted: boolean, checkoutStarted: boolean): HistoryBasket {
  const updated = row.sourceUpdatedAt && row.sourceUpdatedAt <= now ? row.sourceUpdatedAt : row.sourceCreatedAt;
  const lines: HistoryLine[] = row.lines.map((l) => ({ productId: l.productExternalId, title: l.title ?? l.productExternalId ?? "", quantity: l.quantity, price: Number(l.price) }));
  return { token: row.token, startedAt: row.sourceCreatedAt, updatedAt: updated, converted, checkoutStarted, lines };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Prisma's raw queries return DateTime columns as Date on PostgreSQL and as ISO text (or ms) on SQLite. */
function timeOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number" || typeof v === "bigint") return Number(v);
  return Date.parse(String(v));
}
