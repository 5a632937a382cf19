import { formatAddress, shipsElsewhere } from "./giftSignals.ts";
import type { OrderRecord } from "./records.ts";
import { isStale, type Tx } from "./tx.ts";
import { insertLines } from "./insertLines.ts";
import { writeCustomer } from "./writeCustomer.ts";

const LINE_COLUMNS = ["shopId", "orderId", "externalId", "productExternalId", "variantExternalId", "sku", "title", "variantTitle", "vendor", "quantity", "price", "totalDiscount", "giftCard", "giftWrap"];

/** Upserts an order with its lines unless a newer version is stored; links its cart and checkout. */
export async function writeOrder(tx: Tx, shopId: string, rec: OrderRecord): Promise<void> {
  const stored = await tx.order.findUnique({
    where: { shopId_externalId: { shopId, externalId: rec.externalId } },
    select: { id: true, sourceUpdatedAt: true },
  });
  if (isStale(stored, rec.sourceUpdatedAt)) return;
  const customerId = rec.customer ? await writeCustomer(tx, shopId, rec.customer) : null;
  const data = {
    name: rec.name,
    customerId,
    email: rec.email,
    currency: rec.currency,
    subtotalPrice: rec.subtotalPrice,
    totalPrice: rec.totalPrice,
    totalDiscounts: rec.totalDiscounts,
    totalTax: rec.totalTax,
    discountCodes: rec.discountCodes.join(","),
    financialStatus: rec.financialStatus,
    fulfillmentStatus: rec.fulfillmentStatus,
    cancelledAt: rec.cancelledAt,
    cancelReason: rec.cancelReason,
    cartToken: rec.cartToken,
    checkoutToken: rec.checkoutToken,
    sourceName: rec.sourceName,
    note: rec.note,
    tags: rec.tags,
    billingName: rec.billing?.name ?? null,
    billingAddress: formatAddress(rec.billing),
    shippingName: rec.shipping?.name ?? null,
    shippingAddress: formatAddress(rec.shipping),
    shipsElsewhere: shipsElsewhere(rec.billing, rec.shipping),
    giftNote: rec.giftNote,
    processedAt: rec.processedAt,
    sourceUpdatedAt: rec.sourceUpdatedAt,
  };
  const order = stored
    ? await tx.order.update({ where: { id: stored.id }, data, select: { id: true } })
    : await tx.order.create({ data: { shopId, externalId: rec.externalId, ...data }, select: { id: true } });
  if (stored) await tx.orderLine.deleteMany({ where: { orderId: order.id } });
  await insertLines(tx, "OrderLine", LINE_COLUMNS, rec.lines.map((l) => [
    shopId, order.id, l.externalId, l.productExternalId, l.variantExternalId, l.sku, l.title, l.variantTitle, l.vendor,
    l.quantity, l.price, l.totalDiscount, l.giftCard, l.giftWrap,
  ]));
  if (rec.cartToken) {
    await tx.cart.updateMany({ where: { shopId, token: rec.cartToken }, data: { orderId: order.id } });
  }
  if (rec.checkoutToken) {
    await tx.checkout.updateMany({ where: { shopId, token: rec.checkoutToken }, data: { orderId: order.id } });
  }
}
