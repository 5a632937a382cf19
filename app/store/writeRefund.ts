import type { RefundRecord } from "./records.ts";
import { NotYetApplicable, type Tx } from "./tx.ts";

/** Refunds are immutable in Shopify: the first delivery wins, repeats change nothing. */
export async function writeRefund(tx: Tx, shopId: string, rec: RefundRecord): Promise<void> {
  const order = await tx.order.findUnique({
    where: { shopId_externalId: { shopId, externalId: rec.orderExternalId } },
    select: { id: true },
  });
  if (!order) throw new NotYetApplicable(`order ${rec.orderExternalId} of refund ${rec.externalId} is not stored yet`);
  const exists = await tx.refund.findUnique({ where: { shopId_externalId: { shopId, externalId: rec.externalId } }, select: { id: true } });
  if (exists) return;
  await tx.refund.create({
    data: {
      shopId,
      orderId: order.id,
      externalId: rec.externalId,
      amount: rec.amount,
      note: rec.note,
      processedAt: rec.processedAt,
      lines: { create: rec.lines },
    },
  });
}
