import type { CustomerRecord } from "./records.ts";
import { isStale, type Tx } from "./tx.ts";

/** Upserts a customer unless the stored one is newer; returns its id either way. */
export async function writeCustomer(tx: Tx, shopId: string, rec: CustomerRecord): Promise<string> {
  const stored = await tx.customer.findUnique({
    where: { shopId_externalId: { shopId, externalId: rec.externalId } },
    select: { id: true, sourceUpdatedAt: true, deletedAt: true, redactedAt: true },
  });
  if (stored && (isStale(stored, rec.sourceUpdatedAt) || stored.redactedAt)) return stored.id;
  const data = {
    email: rec.email,
    firstName: rec.firstName,
    lastName: rec.lastName,
    phone: rec.phone,
    acceptsMarketing: rec.acceptsMarketing,
    tags: rec.tags,
    note: rec.note,
    locale: rec.locale,
    country: rec.address?.country ?? null,
    province: rec.address?.province ?? null,
    city: rec.address?.city ?? null,
    zip: rec.address?.zip ?? null,
    address1: rec.address?.address1 ?? null,
    sourceCreatedAt: rec.sourceCreatedAt,
    sourceUpdatedAt: rec.sourceUpdatedAt,
  };
  if (stored) {
    // An order's embedded customer may be older or thinner than the customer
    // webhook: never blank out what a fuller record wrote.
    const patch = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== ""));
    await tx.customer.update({ where: { id: stored.id }, data: patch });
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
