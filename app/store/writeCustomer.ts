import { customerColumns, nonBlank } from "./columns.ts";
import type { CustomerRecord } from "./records.ts";
import { isStale, storedOlderOrDeletedBefore, type Tx } from "./tx.ts";

/** Upserts a customer unless the stored one is newer; returns its id either way. */
export async function writeCustomer(tx: Tx, shopId: string, rec: CustomerRecord): Promise<string> {
  const stored = await tx.customer.findUnique({
    where: { shopId_externalId: { shopId, externalId: rec.externalId } },
    select: { id: true, sourceUpdatedAt: true, deletedAt: true, redactedAt: true },
  });
  if (stored && (isStale(stored, rec.sourceUpdatedAt) || stored.redactedAt)) return stored.id;
  const data = customerColumns(rec);
  if (stored) {
    await tx.customer.updateMany({ where: { id: stored.id, redactedAt: null, ...storedOlderOrDeletedBefore(rec.sourceUpdatedAt) }, data: nonBlank(data) });
    return stored.id;
  }
  const created = await tx.customer.create({ data: { shopId, externalId: rec.externalId, ...data }, select: { id: true } });
  return created.id;
}

export async function customerIdFor(tx: Tx, shopId: string, externalId: string | null): Promise<string | null> {
  if (!externalId) return null;
  const found = await tx.customer.findUnique({ where: { shopId_externalId: { shopId, externalId } }, select: { id: true } });
  return found?.id ?? null;
}

export async function deleteCustomer(tx: Tx, shopId: string, externalId: string, at: Date): Promise<void> {
  await tx.customer.upsert({
    where: { shopId_externalId: { shopId, externalId } },
    create: { shopId, externalId, deletedAt: at },
    update: { deletedAt: at },
  });
}
