import type { Tx } from "../store/tx.ts";

export interface DataRequest {
  requestId: string;
  customerExternalId: string | null;
  email: string | null;
  orderExternalIds: string[];
}

/**
 * customers/data_request: everything Pearl stores about the customer, as one
 * JSON document kept for the merchant to hand over (Shopify does not take it back).
 */
export async function exportCustomer(tx: Tx, shopId: string, req: DataRequest): Promise<string> {
  const email = req.email?.toLowerCase() ?? null;
  const customer = req.customerExternalId
    ? await tx.customer.findUnique({ where: { shopId_externalId: { shopId, externalId: req.customerExternalId } } })
    : null;
  const orderWhere = [
    ...(customer ? [{ customerId: customer.id }] : []),
    ...(email ? [{ email }] : []),
    ...(req.orderExternalIds.length ? [{ externalId: { in: req.orderExternalIds } }] : []),
  ];
  const orders = orderWhere.length
    ? await tx.order.findMany({ where: { shopId, OR: orderWhere }, include: { lines: true, refunds: { include: { lines: true } } }, orderBy: { processedAt: "asc" } })
    : [];
  const carts = customer ? await tx.cart.findMany({ where: { shopId, customerId: customer.id }, include: { lines: true } }) : [];
  const checkouts = customer || email
    ? await tx.checkout.findMany({ where: { shopId, OR: [...(customer ? [{ customerId: customer.id }] : []), ...(email ? [{ email }] : [])] }, include: { lines: true } })
    : [];
  const browsing = customer || req.customerExternalId
    ? await tx.browseEvent.findMany({
        where: { shopId, OR: [...(customer ? [{ customerId: customer.id }] : []), ...(req.customerExternalId ? [{ customerExternalId: req.customerExternalId }] : [])] },
        orderBy: { occurredAt: "asc" },
      })
    : [];
  const document = JSON.stringify(
    { requestId: req.requestId, generatedAt: new Date().toISOString(), customer, orders, carts, checkouts, browsing },
    (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
    2,
  );
  await tx.dataExport.upsert({
    where: { shopId_requestId: { shopId, requestId: req.requestId } },
    create: { shopId, requestId: req.requestId, customerExternalId: req.customerExternalId, email, document },
    update: { document },
  });
  return document;
}
