import type { Tx } from "../store/tx.ts";

/**
 * shop/redact (48 hours after uninstall): everything of the shop goes.
 * Rows hang off Shop with ON DELETE CASCADE; sessions and inbox entries are
 * keyed by domain.
 */
export async function redactShop(tx: Tx, domain: string): Promise<void> {
  await tx.shop.deleteMany({ where: { domain } });
  await tx.session.deleteMany({ where: { shop: domain } });
  await tx.webhookInbox.deleteMany({ where: { shopDomain: domain } });
}
