import { ORDER_LINE_COLUMNS, orderColumns, orderLineValues } from "./columns.ts";
import type { OrderRecord } from "./records.ts";
import { isStale, storedOlderThan, type Tx } from "./tx.ts";
import { insertLines } from "./insertLines.ts";
import { writeCustomer } from "./writeCustomer.ts";

/** Upserts an order with its lines unless a newer version is stored; links its cart and checkout. */
export async function writeOrder(tx: Tx, shopId: string, rec: OrderRecord): Promise<void> {
  const stored = await tx.order.findUnique({
    where: { shopId_externalId: { shopId, externalId: rec.externalId } },
    select: { id: true, sourceUpdatedAt: true },
  });
  if (isStale(stored, rec.sourceUpdatedAt)) return;
  const customerId = rec.customer ? await writeCustomer(tx, shopId, rec.customer) : null;
  const data = orderColumns(rec, customerId);
  if (stored) {
    const updated = await tx.order.updateMany({ where: { id: stored.id, ...storedOlderThan(rec.sourceUpdatedAt) }, data });
    if (updated.count === 0) return; // a newer version was stored meanwhile
    await tx.orderLine.deleteMany({ where: { orderId: stored.id } });
  }
  const order = stored ?? (await tx.order.create({ data: { shopId, externalId: rec.externalId, ...data }, select: { id: true } }));
  await insertLines(tx, "OrderLine", ["shopId", "orderId", ...ORDER_LINE_COLUMNS], rec.lines.map((l) => [shopId, order.id, ...orderLineValues(l)]));
  if (rec.cartToken) {
    await tx.cart.updateMany({ where: { shopId, token: rec.cartToken }, data: { orderId: order.id } });
  }
  if (rec.checkoutToken) {
    await tx.checkout.updateMany({ where: { shopId, token: rec.checkoutToken }, data: { orderId: order.id } });
  }
}
