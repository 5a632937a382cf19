import { productColumns } from "./columns.ts";
import type { ProductRecord } from "./records.ts";
import { isStale, storedOlderOrDeletedBefore, type Tx } from "./tx.ts";

export async function writeProduct(tx: Tx, shopId: string, rec: ProductRecord): Promise<void> {
  const stored = await tx.product.findUnique({
    where: { shopId_externalId: { shopId, externalId: rec.externalId } },
    select: { id: true, sourceUpdatedAt: true, deletedAt: true },
  });
  if (isStale(stored, rec.sourceUpdatedAt)) return;
  const data = productColumns(rec);
  if (stored) {
    const updated = await tx.product.updateMany({ where: { id: stored.id, ...storedOlderOrDeletedBefore(rec.sourceUpdatedAt) }, data });
    if (updated.count === 0) return; // a newer version was stored meanwhile
  }
  const product = stored ?? (await tx.product.create({ data: { shopId, externalId: rec.externalId, ...data }, select: { id: true } }));
  // The payload lists every variant: those missing were deleted in the store.
  await tx.variant.deleteMany({
    where: { productId: product.id, externalId: { notIn: rec.variants.map((v) => v.externalId) } },
  });
  for (const v of rec.variants) {
    const fields = { title: v.title, sku: v.sku, price: v.price, compareAtPrice: v.compareAtPrice, inventoryQuantity: v.inventoryQuantity };
    await tx.variant.upsert({
      where: { shopId_externalId: { shopId, externalId: v.externalId } },
      create: { shopId, productId: product.id, externalId: v.externalId, ...fields },
      update: { productId: product.id, ...fields },
    });
  }
}

export async function deleteProduct(tx: Tx, shopId: string, externalId: string, at: Date): Promise<void> {
  await tx.product.upsert({
    where: { shopId_externalId: { shopId, externalId } },
    create: { shopId, externalId, title: "(deleted)", deletedAt: at },
    update: { deletedAt: at },
  });
}
