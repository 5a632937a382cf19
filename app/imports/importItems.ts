import type { AddressRecord, CustomerRecord, OrderRecord, ProductRecord, RefundRecord } from "../store/records.ts";

/**
 * One canonical record produced by a file import, in the order a store can
 * write them: a customer before its first order, a product before the first
 * order that sells it, an order before its refunds.
 */
export type ImportItem =
  | { kind: "customer"; record: CustomerRecord }
  | { kind: "product"; record: ProductRecord }
  | { kind: "order"; record: OrderRecord }
  | { kind: "refund"; record: RefundRecord };

export type ImportItemKind = ImportItem["kind"];

/** Rounds an amount of money to cents (half away from zero, robust to 0.1 + 0.2 noise). */
export function roundMoney(value: number): number {
  const cents = Math.round(Math.abs(value) * 100 + 1e-6) / 100;
  return value < 0 ? -cents : cents;
}

/** A customer known only by an id (and maybe a country): what data files carry. */
export function anonymousCustomer(externalId: string, address: AddressRecord | null, firstSeen: Date): CustomerRecord {
  return {
    externalId,
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    acceptsMarketing: false,
    tags: "",
    note: null,
    locale: null,
    address,
    sourceCreatedAt: firstSeen,
    sourceUpdatedAt: firstSeen,
  };
}

/**
 * An order as data files carry it: a date, a total and lines, bought on the
 * web, with no discounts, tax, tokens or notes. Paid and fulfilled unless
 * the file says otherwise.
 */
export function fileOrder(
  order: Pick<OrderRecord, "externalId" | "customer" | "currency" | "processedAt" | "lines"> & { total: number } & Partial<Pick<OrderRecord, "name" | "financialStatus" | "fulfillmentStatus" | "cancelledAt" | "cancelReason" | "billing">>,
): OrderRecord {
  return {
    externalId: order.externalId,
    name: order.name ?? order.externalId,
    customer: order.customer,
    email: null,
    currency: order.currency,
    subtotalPrice: order.total,
    totalPrice: order.total,
    totalDiscounts: 0,
    totalTax: 0,
    discountCodes: [],
    financialStatus: order.financialStatus ?? "paid",
    fulfillmentStatus: order.fulfillmentStatus === undefined ? "fulfilled" : order.fulfillmentStatus,
    cancelledAt: order.cancelledAt ?? null,
    cancelReason: order.cancelReason ?? null,
    cartToken: null,
    checkoutToken: null,
    sourceName: "web",
    note: null,
    tags: "",
    billing: order.billing ?? null,
    shipping: null,
    giftNote: false,
    processedAt: order.processedAt,
    sourceUpdatedAt: order.processedAt,
    lines: order.lines,
  };
}
