import type { Tx } from "../store/tx.ts";

export interface RedactCustomerRequest {
  customerExternalId: string | null;
  email: string | null;
  orderExternalIds: string[];
}

/**
 * customers/redact: erase what identifies the customer, keep anonymous
 * commercial facts (order totals and lines) so the shop's revenue stays true.
 * Browsing is behaviour tied to a person: it goes entirely.
 */
export async function redactCustomer(tx: Tx, shopId: string, req: RedactCustomerRequest): Promise<void> {
  const email = req.email?.toLowerCase() ?? null;
  const customer = req.customerExternalId
    ? await tx.customer.findUnique({ where: { shopId_externalId: { shopId, externalId: req.customerExternalId } }, select: { id: true } })
    : null;
  const customerId = customer?.id ?? null;
  const whoseOrders = [
    ...(customerId ? [{ customerId }] : []),
    ...(email ? [{ email }] : []),
    ...(req.orderExternalIds.length ? [{ externalId: { in: req.orderExternalIds } }] : []),
  ];
  if (whoseOrders.length) {
    await tx.order.updateMany({
      where: { shopId, OR: whoseOrders },
      data: { email: null, note: null, billingName: null, billingAddress: null, shippingName: null, shippingAddress: null },
    });
  }
  const whoseBaskets = [...(customerId ? [{ customerId }] : []), ...(email ? [{ email }] : [])];
  if (whoseBaskets.length) {
    await tx.checkout.updateMany({ where: { shopId, OR: whoseBaskets }, data: { email: null, recoveryUrl: null } });
  }
  if (customerId) {
    await tx.cart.updateMany({ where: { shopId, customerId }, data: { note: null } });
    await tx.browseEvent.deleteMany({ where: { shopId, customerId } });
  }
  if (req.customerExternalId) {
    await tx.browseEvent.deleteMany({ where: { shopId, customerExternalId: req.customerExternalId } });
  }
  const exportsOf = [
    ...(req.customerExternalId ? [{ customerExternalId: req.customerExternalId }] : []),
    ...(email ? [{ email }] : []),
  ];
  if (exportsOf.length) await tx.dataExport.deleteMany({ where: { shopId, OR: exportsOf } });
  if (customerId) {
    await tx.customer.update({
      where: { id: customerId },
      data: {
        email: null, firstName: null, lastName: null, phone: null, note: null, tags: "",
        address1: null, city: null, zip: null, province: null, country: null, locale: null,
        redactedAt: new Date(),
      },
    });
  }
}
