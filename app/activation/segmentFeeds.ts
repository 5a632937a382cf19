// Where campaigns, feed endpoints and the Shopify sync get a segment's
// products: the feed the recommender stored for the analysis run
// (SegmentFeedItem), or, for a run stored without recommendations, the
// segment's best sellers.

import type { Db } from "../db.server.ts";
import type { FeedItem } from "../recommend/feedItem.ts";
import { bestSellerFeed } from "./bestSellerFeed.ts";
import type { SegmentFeedLoader } from "./feedLoader.ts";

/**
 * The stored feeds of several segments of a run, in three queries whatever
 * their number (feed rows, their products, the products' first variants).
 * Segments without stored rows are missing from the map.
 */
export async function storedSegmentFeedsOf(db: Db, shopId: string, runId: string, segmentIds: readonly string[]): Promise<Map<string, FeedItem[]>> {
  const rows: { segmentId: string; productId: string; score: number; reason: string }[] = [];
  for (let i = 0; i < segmentIds.length; i += 500) {
    rows.push(...(await db.segmentFeedItem.findMany({
      where: { runId, segmentId: { in: segmentIds.slice(i, i + 500) } },
      orderBy: [{ segmentId: "asc" }, { rank: "asc" }],
      select: { segmentId: true, productId: true, score: true, reason: true },
    })));
  }
  const productIds = [...new Set(rows.map((r) => r.productId))];
  const products = new Map<string, { id: string; externalId: string; title: string; handle: string | null; imageUrl: string | null }>();
  const prices = new Map<string, number>();
  for (let i = 0; i < productIds.length; i += 500) {
    const ids = productIds.slice(i, i + 500);
    for (const p of await db.product.findMany({ where: { id: { in: ids }, shopId, deletedAt: null, status: "active" }, select: { id: true, externalId: true, title: true, handle: true, imageUrl: true } })) products.set(p.id, p);
    // The first variant's price, as the storefront shows "from" prices.
    for (const v of await db.variant.findMany({ where: { productId: { in: ids } }, orderBy: [{ productId: "asc" }, { createdAt: "asc" }], select: { productId: true, price: true } })) {
      if (!prices.has(v.productId)) prices.set(v.productId, Number(v.price));
    }
  }
  const { currency } = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  const feeds = new Map<string, FeedItem[]>();
  for (const r of rows) {
    const list = feeds.get(r.segmentId) ?? [];
    feeds.set(r.segmentId, list);
    const p = products.get(r.productId);
    if (p) list.push({ productId: p.id, externalId: p.externalId, title: p.title, handle: p.handle, imageUrl: p.imageUrl, price: prices.get(p.id) ?? 0, currency, reason: r.reason, score: r.score });
  }
  return feeds;
}

export async function storedSegmentFeed(db: Db, shopId: string, segmentId: string, runId: string): Promise<FeedItem[] | null> {
  return (await storedSegmentFeedsOf(db, shopId, runId, [segmentId])).get(segmentId) ?? null;
}

export function storedSegmentFeeds(db: Db): SegmentFeedLoader {
  return async (shopId, segmentId, runId) =>
    (runId ? await storedSegmentFeed(db, shopId, segmentId, runId) : null) ?? bestSellerFeed(db, shopId, segmentId, runId);
}
