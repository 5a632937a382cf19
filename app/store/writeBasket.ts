import { insertLines } from "./insertLines.ts";
import type { BasketLineRecord, CartRecord, CheckoutRecord } from "./records.ts";
import { isStale, storedOlderThan, type Tx } from "./tx.ts";
import { customerIdFor, writeCustomer } from "./writeCustomer.ts";

const BASKET_LINE_COLUMNS = ["productExternalId", "variantExternalId", "sku", "title", "quantity", "price"];
const basketLineValues = (l: BasketLineRecord) => [l.productExternalId, l.variantExternalId, l.sku, l.title, l.quantity, l.price];

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
  if (stored) {
    const updated = await tx.cart.updateMany({ where: { id: stored.id, ...storedOlderThan(rec.sourceUpdatedAt) }, data });
    if (updated.count === 0) return; // a newer version was stored meanwhile
    await tx.cartLine.deleteMany({ where: { cartId: stored.id } });
  }
  const cart = stored ?? (await tx.cart.create({ data: { shopId, token: rec.token, ...data }, select: { id: true } }));
  await insertLines(tx, "CartLine", ["cartId", ...BASKET_LINE_COLUMNS], rec.lines.map((l) => [cart.id, ...basketLineValues(l)]));
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
  if (stored) {
    const updated = await tx.checkout.updateMany({ where: { id: stored.id, ...storedOlderThan(rec.sourceUpdatedAt) }, data });
    if (updated.count === 0) return; // a newer version was stored meanwhile
    await tx.checkoutLine.deleteMany({ where: { checkoutId: stored.id } });
  }
  const checkout = stored ?? (await tx.checkout.create({ data: { shopId, token: rec.token, ...data }, select: { id: true } }));
  await insertLines(tx, "CheckoutLine", ["checkoutId", ...BASKET_LINE_COLUMNS], rec.lines.map((l) => [checkout.id, ...basketLineValues(l)]));
}
