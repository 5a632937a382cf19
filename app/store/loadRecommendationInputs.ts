import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "../db.server.ts";

/** A product as the recommender and its readers need it. */
export interface CatalogProduct {
  /** Product.id */
  id: string;
  externalId: string;
  title: string;
  handle: string | null;
  imageUrl: string | null;
  productType: string | null;
  /** The lowest variant price (0 without variants). */
  price: number;
  /** Published, active, not deleted and in stock (untracked inventory counts as in stock). */
  available: boolean;
}

/**
 * The shop's products with what decides whether they may be recommended:
 * status "active", publishedAt set, not deleted, and at least one variant in
 * stock or not inventory-tracked (inventoryQuantity null). A product without
 * variants is not for sale.
 */
export async function loadCatalog(db: Db, shopId: string): Promise<CatalogProduct[]> {
  const rows = await db.product.findMany({
    where: { shopId },
    select: {
      id: true,
      externalId: true,
      title: true,
      handle: true,
      imageUrl: true,
      productType: true,
      status: true,
      publishedAt: true,
      deletedAt: true,
      variants: { select: { price: true, inventoryQuantity: true } },
    },
  });
  return rows.map((p) => {
    let price = Infinity;
    let inStock = false;
    for (const v of p.variants) {
      price = Math.min(price, Number(v.price));
      if (v.inventoryQuantity === null || v.inventoryQuantity > 0) inStock = true;
    }
    return {
      id: p.id,
      externalId: p.externalId,
      title: p.title,
      handle: p.handle,
      imageUrl: p.imageUrl,
      productType: p.productType,
      price: Number.isFinite(price) ? price : 0,
      available: p.status === "active" && p.publishedAt !== null && p.deletedAt === null && inStock,
    };
  });
}

export interface ProductView {
  /** Customer.externalId */
  customer: string;
  productExternalId: string;
  occurredAt: number;
}

/** Product views of identified customers (the browse signal and cold start of the recommender), in one query. */
export async function loadProductViews(db: Db, shopId: string): Promise<ProductView[]> {
  const rows = await db.$queryRaw<{ customer: string; product: string; occurredAt: unknown }[]>(Prisma.sql`
    SELECT c."externalId" AS "customer", e."productExternalId" AS "product", e."occurredAt"
    FROM "BrowseEvent" e JOIN "Customer" c ON c."id" = e."customerId"
    WHERE e."shopId" = ${shopId} AND e."name" = 'product_viewed' AND e."productExternalId" IS NOT NULL`);
  return rows.map((r) => ({ customer: r.customer, productExternalId: r.product, occurredAt: timeOf(r.occurredAt) }));
}

/** Prisma's raw queries return DateTime columns as Date on PostgreSQL and as ISO text (or ms) on SQLite. */
function timeOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number" || typeof v === "bigint") return Number(v);
  return Date.parse(String(v));
}
