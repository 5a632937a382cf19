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

/** Thrown when a delivery depends on one not yet stored (a refund before its order): retry later. */
export class NotYetApplicable extends Error {}
