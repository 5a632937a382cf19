import { formatAddress, shipsElsewhere } from "./giftSignals.ts";
import type { CustomerRecord, OrderLineRecord, OrderRecord, ProductRecord } from "./records.ts";

// How canonical records map onto the store's columns, in one place for both
// writers: the webhook drain (Prisma, row by row) and file imports (bulk SQL).

/**
 * The fields that hold something: a customer embedded in an order may be
 * older or thinner than the customer's own record, so an update never blanks
 * out what a fuller one wrote.
 */
export function nonBlank<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== "")) as Partial<T>;
}

export function customerColumns(rec: CustomerRecord) {
  return {
    email: rec.email,
    firstName: rec.firstName,
    lastName: rec.lastName,
    phone: rec.phone,
    acceptsMarketing: rec.acceptsMarketing,
    tags: rec.tags,
    note: rec.note,
    locale: rec.locale,
    country: rec.address?.country ?? null,
    province: rec.address?.province ?? null,
    city: rec.address?.city ?? null,
    zip: rec.address?.zip ?? null,
    address1: rec.address?.address1 ?? null,
    sourceCreatedAt: rec.sourceCreatedAt,
    sourceUpdatedAt: rec.sourceUpdatedAt,
  };
}

export function productColumns(rec: ProductRecord) {
  return {
    title: rec.title,
    handle: rec.handle,
    productType: rec.productType,
    vendor: rec.vendor,
    tags: rec.tags,
    status: rec.status,
    imageUrl: rec.imageUrl,
    publishedAt: rec.publishedAt,
    sourceCreatedAt: rec.sourceCreatedAt,
    sourceUpdatedAt: rec.sourceUpdatedAt,
  };
}

export function orderColumns(rec: Omit<OrderRecord, "lines">, customerId: string | null) {
  return {
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
    landingSite: rec.landingSite ?? null,
    referringSite: rec.referringSite ?? null,
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
}

/** Order line columns after (id, shopId, orderId), as raw values for multi-row inserts. */
export const ORDER_LINE_COLUMNS = ["externalId", "productExternalId", "variantExternalId", "sku", "title", "variantTitle", "vendor", "quantity", "price", "totalDiscount", "giftCard", "giftWrap"] as const;

export function orderLineValues(l: OrderLineRecord) {
  return [l.externalId, l.productExternalId, l.variantExternalId, l.sku, l.title, l.variantTitle, l.vendor, l.quantity, l.price, l.totalDiscount, l.giftCard, l.giftWrap];
}
