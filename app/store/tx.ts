import type { Prisma } from "../generated/sqlite/client.ts";

/** A Prisma transaction (or the client itself): store writers run inside one. */
export type Tx = Prisma.TransactionClient;

/**
 * Shopify guarantees neither order nor single delivery: a write is stale when
 * what is stored is at least as recent as what arrives (or was deleted
 * later). The same version again (a repeated delivery, the customer embedded
 * in each of their orders) writes nothing.
 */
export function isStale(
  stored: { sourceUpdatedAt: Date | null; deletedAt?: Date | null } | null,
  incoming: Date | null,
): boolean {
  if (!stored || !incoming) return false;
  if (stored.deletedAt && incoming <= stored.deletedAt) return true;
  return stored.sourceUpdatedAt !== null && incoming <= stored.sourceUpdatedAt;
}

/**
 * isStale again, as the UPDATE's own condition. On PostgreSQL (read
 * committed) another worker can store a newer version between our read and
 * our write; the UPDATE then waits for that worker's row lock and checks its
 * WHERE on the row as committed, so the newer version stays and the update
 * touches nothing. (SQLite transactions take the write lock with their first
 * statement: no other writer can come between.)
 */
export function storedOlderThan(incoming: Date | null) {
  return incoming ? { OR: [{ sourceUpdatedAt: null }, { sourceUpdatedAt: { lt: incoming } }] } : {};
}

/** storedOlderThan for records a deletion can outdate (customers, products). */
export function storedOlderOrDeletedBefore(incoming: Date | null) {
  return incoming ? { AND: [storedOlderThan(incoming), { OR: [{ deletedAt: null }, { deletedAt: { lt: incoming } }] }] } : {};
}

/** Thrown when a delivery depends on one not yet stored (a refund before its order): retry later. */
export class NotYetApplicable extends Error {}
