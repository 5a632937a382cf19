import type { CartRecord, CheckoutRecord } from "./records.ts";
import { isStale, type Tx } from "./tx.ts";
import { customerIdFor, writeCustomer } from "./writeCustomer.ts";

async function orderIdFor(tx: Tx, shopId: string, where: { cartToken: string } | { checkoutToken: string }) {
  const order = await tx.order.findFirst({ where: { shopId, ...where }, select: { id: true } });
  return order?.id ?? null;
}

export async function writeCart(tx: Tx, shopId: string, rec: CartRecord): Promise<void> {
  const stored = await tx.cart.findUnique({ where: { shopId_token: { shopId, token: rec.token } }, select: { id: true, sourceUpdatedAt: true } });
  if (isStale(stored, rec.sourceUpdatedAt)) return;
  const data = {
    customerId: await customerIdFor(tx, shopId, rec.customerExternalId),
    orderId: await orderIdFor(tx, shopId, { cartToken: rec.token }),
    note: rec.note,
    totalPrice: rec.totalPrice,
    sourceCreatedAt: rec.sourceCreatedAt,
    sourceUpdatedAt: rec.sourceUpdatedAt,
  };
  const cart = stored
    ? await tx.cart.update({ where: { id: stored.id }, data, select: { id: true } })
    : await tx.cart.create({ data: { shopId, token: rec.token, ...data }, select: { id: true } });
  if (stored) await tx.cartLine.deleteMany({ where: { cartId: cart.id } });
  await tx.cartLine.createMany({ data: rec.lines.map((l) => ({ cartId: cart.id, ...l })) });
}

export async function writeCheckout(tx: Tx, shopId: string, rec: CheckoutRecord): Promise<void> {
  const stored = await tx.checkout.findUnique({ where: { shopId_token: { shopId, token: rec.token } }, select: { id: true, sourceUpdatedAt: true } });
  if (isStale(stored, rec.sourceUpdatedAt)) return;
  const data = {
    cartToken: rec.cartToken,
    customerId: rec.customer ? await writeCustomer(tx, shopId, rec.customer) : null,
    orderId: await orderIdFor(tx, shopId, { checkoutToken: rec.token }),
    email: rec.email,
    currency: rec.currency,
    totalPrice: rec.totalPrice,
    completedAt: rec.completedAt,
    recoveryUrl: rec.recoveryUrl,
    sourceCreatedAt: rec.sourceCreatedAt,
    sourceUpdatedAt: rec.sourceUpdatedAt,
  };
  const checkout = stored
    ? await tx.checkout.update({ where: { id: stored.id }, data, select: { id: true } })
    : await tx.checkout.create({ data: { shopId, token: rec.token, ...data }, select: { id: true } });
  if (stored) await tx.checkoutLine.deleteMany({ where: { checkoutId: checkout.id } });
  await tx.checkoutLine.createMany({ data: rec.lines.map((l) => ({ checkoutId: checkout.id, ...l })) });
}
