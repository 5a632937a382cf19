// Where campaigns, feed endpoints and the Shopify sync get a segment's
// products: the feed the recommender stored for the analysis run
// (SegmentFeedItem, app/recommend/feedStore.ts), or, for a run stored without
// recommendations, the segment's best sellers.

import type { Db } from "../db.server.ts";
import type { FeedItem } from "../recommend/feedItem.ts";
import { loadSegmentFeed } from "../recommend/feedStore.ts";
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
    // The lowest variant price, as loadSegmentFeed gives it ("from" prices).
    for (const v of await db.variant.findMany({ where: { productId: { in: ids } }, select: { productId: true, price: true } })) {
      const price = Number(v.price);
      if (Number.isFinite(price) && price < (prices.get(v.productId) ?? Infinity)) prices.set(v.productId, price);
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

export function storedSegmentFeeds(db: Db): SegmentFeedLoader {
  return async (shopId, segmentId, runId) => {
    const stored = await loadSegmentFeed(db, shopId, segmentId, runId ?? undefined);
    return stored.length ? stored : bestSellerFeed(db, shopId, segmentId, runId);
  };
}
