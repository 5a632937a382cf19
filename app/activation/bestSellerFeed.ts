// A segment's best sellers among its own members' orders, as FeedItems: the
// feed used while an analysis run has no stored recommendations for the
// segment (see segmentFeeds.ts).

import type { Db } from "../db.server.ts";
import type { FeedItem } from "../recommend/feedItem.ts";

export async function bestSellerFeed(db: Db, shopId: string, segmentId: string, runId: string | null, size = 12): Promise<FeedItem[]> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  const members = await db.customerScore.findMany({
    where: { ...(runId ? { runId } : {}), OR: [{ segmentId }, { macroSegmentId: segmentId }] },
    select: { customerId: true },
  });
  const quantity = new Map<string, number>();
  for (let i = 0; i < members.length; i += 500) {
    const lines = await db.orderLine.findMany({
      where: { shopId, productExternalId: { not: null }, order: { customerId: { in: members.slice(i, i + 500).map((m) => m.customerId) } } },
      select: { productExternalId: true, quantity: true },
    });
    for (const l of lines) quantity.set(l.productExternalId!, (quantity.get(l.productExternalId!) ?? 0) + l.quantity);
  }
  const ranked = [...quantity].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const products = await db.product.findMany({
    where: { shopId, deletedAt: null, status: "active", externalId: { in: ranked.slice(0, size * 2).map(([id]) => id) } },
    include: { variants: { take: 1, orderBy: { createdAt: "asc" } } },
  });
  const byId = new Map(products.map((p) => [p.externalId, p]));
  const top = ranked.slice(0, size * 2).filter(([id]) => byId.has(id)).slice(0, size);
  const best = top[0]?.[1] ?? 1;
  return top.map(([externalId, q]) => {
    const p = byId.get(externalId)!;
    return { productId: p.id, externalId, title: p.title, handle: p.handle, imageUrl: p.imageUrl, price: Number(p.variants[0]?.price ?? 0), currency: shop.currency, reason: "a best seller in this segment", score: q / best };
  });
}
