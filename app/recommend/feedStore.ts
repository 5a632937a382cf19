/**
 * Reading stored recommendations as FeedItem[] (the shape the CLI, feeds and
 * emails render): a segment's feed, and a customer's top-10, from the shop's
 * latest finished analysis run unless a run is named.
 *
 * A customer the run has no list for (new since the run) gets its segment's
 * feed, else the store's trending feed: the same cold start the run applies.
 */
import type { Db } from "../db.server.ts";
import { latestRun } from "../store/analysisRuns.ts";
import type { FeedItem } from "./feedItem.ts";
import { STORE_FEED_ID } from "./storeRecommendations.ts";

const productSelect = {
  id: true,
  externalId: true,
  title: true,
  handle: true,
  imageUrl: true,
  variants: { select: { price: true } },
  shop: { select: { currency: true } },
} as const;

interface ProductRow {
  id: string;
  externalId: string;
  title: string;
  handle: string | null;
  imageUrl: string | null;
  variants: { price: unknown }[];
  shop: { currency: string };
}

function feedItem(p: ProductRow, score: number, reason: string): FeedItem {
  const prices = p.variants.map((v) => Number(v.price)).filter((x) => Number.isFinite(x));
  return {
    productId: p.id,
    externalId: p.externalId,
    title: p.title,
    handle: p.handle,
    imageUrl: p.imageUrl,
    price: prices.length ? Math.min(...prices) : 0,
    currency: p.shop.currency,
    reason,
    score,
  };
}

async function runIdOf(db: Db, shopId: string, runId?: string): Promise<string | null> {
  if (runId) return runId;
  return (await latestRun(db, shopId))?.id ?? null;
}

/** A segment's feed (micro or macro id, or STORE_FEED_ID), best first; [] when there is no such feed. */
export async function loadSegmentFeed(db: Db, shopId: string, segmentId: string, runId?: string): Promise<FeedItem[]> {
  const run = await runIdOf(db, shopId, runId);
  if (!run) return [];
  const rows = await db.segmentFeedItem.findMany({
    where: { runId: run, segmentId, run: { shopId } },
    orderBy: { rank: "asc" },
    select: { score: true, reason: true, product: { select: productSelect } },
  });
  return rows.map((r) => feedItem(r.product, r.score, r.reason));
}

/** A customer's top-10 (by Customer.externalId), best first; [] when the shop has no run or no such customer. */
export async function loadCustomerTopK(db: Db, shopId: string, customerExternalId: string, runId?: string): Promise<FeedItem[]> {
  const run = await runIdOf(db, shopId, runId);
  if (!run) return [];
  const customer = await db.customer.findUnique({ where: { shopId_externalId: { shopId, externalId: customerExternalId } }, select: { id: true } });
  if (!customer) return [];
  const rows = await db.customerRecommendation.findMany({
    where: { runId: run, customerId: customer.id },
    orderBy: { rank: "asc" },
    select: { score: true, reason: true, product: { select: productSelect } },
  });
  if (rows.length) return rows.map((r) => feedItem(r.product, r.score, r.reason));
  const score = await db.customerScore.findUnique({ where: { runId_customerId: { runId: run, customerId: customer.id } }, select: { segmentId: true } });
  const feed = score ? await loadSegmentFeed(db, shopId, score.segmentId, run) : [];
  return (feed.length ? feed : await loadSegmentFeed(db, shopId, STORE_FEED_ID, run)).slice(0, 10);
}
