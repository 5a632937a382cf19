import type { Db } from "../db.server.ts";

export interface CustomerTransaction {
  /** The customer's id on the platform (the id of the imported file). */
  customerId: string;
  placedAt: Date;
  /** What the order is worth after refunds, in the shop's currency. */
  amount: number;
}

/**
 * Every purchase of an identified customer, as the CLV models read them:
 * cancelled orders are not purchases, and refunds reduce what one was worth.
 */
export async function loadTransactions(db: Db, shopId: string): Promise<CustomerTransaction[]> {
  const orders = await db.order.findMany({
    where: { shopId, customerId: { not: null }, cancelledAt: null },
    select: { processedAt: true, totalPrice: true, customer: { select: { externalId: true } }, refunds: { select: { amount: true } } },
  });
  return orders.map((o) => ({
    customerId: o.customer!.externalId,
    placedAt: o.processedAt,
    amount: Math.max(0, Number(o.totalPrice) - o.refunds.reduce((sum, r) => sum + Number(r.amount), 0)),
  }));
}
