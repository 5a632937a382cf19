// Canonical records -> the JSONL lines a Shopify bulk query
// (app/backfill/bulkQueries.ts) writes for them: one object per line, nested
// connections (variants, line items) as lines of their own right after their
// parent with __parentId, GraphQL field names, gids, money as MoneyBag
// { shopMoney { amount } } with the amount a decimal string, enums in capitals.
// Used to play Shopify in tests and to build the backfill benchmark's file.

import type { AddressRecord, CustomerRecord, OrderRecord, ProductRecord } from "../store/records.ts";
import { shopifyId, type ShopifyResource } from "./ids.ts";
import { money, type JsonObject } from "./shopifyPayloads.ts";

export const gid = (resource: ShopifyResource, key: string): string => `gid://shopify/${resource}/${shopifyId(resource, key)}`;

const bag = (amount: number): JsonObject => ({ shopMoney: { amount: money(amount) } });

function mailingAddress(a: AddressRecord | null): JsonObject | null {
  if (!a) return null;
  const [firstName, ...rest] = (a.name ?? "").split(" ");
  return { name: a.name, firstName: firstName || null, lastName: rest.join(" ") || null, address1: a.address1, city: a.city, zip: a.zip, provinceCode: a.province, countryCodeV2: a.country };
}

const tagList = (tags: string): string[] => tags.split(",").map((t) => t.trim()).filter(Boolean);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function customerLine(c: CustomerRecord): JsonObject {
  return {
    id: gid("Customer", c.externalId),
    firstName: c.firstName,
    lastName: c.lastName,
    note: c.note,
    locale: c.locale,
    tags: tagList(c.tags),
    createdAt: iso(c.sourceCreatedAt),
    updatedAt: iso(c.sourceUpdatedAt),
    defaultEmailAddress: c.email ? { emailAddress: c.email, marketingState: c.acceptsMarketing ? "SUBSCRIBED" : "NOT_SUBSCRIBED" } : null,
    defaultPhoneNumber: c.phone ? { phoneNumber: c.phone } : null,
    defaultAddress: mailingAddress(c.address),
  };
}

export function productLines(p: ProductRecord): JsonObject[] {
  const id = gid("Product", p.externalId);
  return [
    {
      id,
      title: p.title,
      handle: p.handle,
      productType: p.productType,
      vendor: p.vendor,
      tags: tagList(p.tags),
      status: p.status.toUpperCase(),
      publishedAt: iso(p.publishedAt),
      createdAt: iso(p.sourceCreatedAt),
      updatedAt: iso(p.sourceUpdatedAt),
      featuredMedia: p.imageUrl ? { preview: { image: { url: p.imageUrl } } } : null,
    },
    ...p.variants.map((v) => ({
      id: gid("ProductVariant", v.externalId),
      title: v.title,
      sku: v.sku,
      price: money(v.price),
      compareAtPrice: v.compareAtPrice === null ? null : money(v.compareAtPrice),
      inventoryQuantity: v.inventoryQuantity,
      __parentId: id,
    })),
  ];
}

export function orderLines(o: OrderRecord): JsonObject[] {
  const id = gid("Order", o.externalId);
  return [
    {
      id,
      name: o.name,
      email: o.email,
      currencyCode: o.currency,
      processedAt: o.processedAt.toISOString(),
      createdAt: o.processedAt.toISOString(),
      updatedAt: iso(o.sourceUpdatedAt),
      cancelledAt: iso(o.cancelledAt),
      cancelReason: o.cancelReason?.toUpperCase() ?? null,
      displayFinancialStatus: o.financialStatus?.toUpperCase() ?? null,
      displayFulfillmentStatus: o.fulfillmentStatus?.toUpperCase() ?? "UNFULFILLED",
      sourceName: o.sourceName,
      note: o.note,
      tags: tagList(o.tags),
      discountCodes: o.discountCodes,
      subtotalPriceSet: bag(o.subtotalPrice),
      totalPriceSet: bag(o.totalPrice),
      totalDiscountsSet: bag(o.totalDiscounts),
      totalTaxSet: bag(o.totalTax),
      customer: o.customer ? { id: gid("Customer", o.customer.externalId) } : null,
      billingAddress: mailingAddress(o.billing),
      shippingAddress: mailingAddress(o.shipping),
      customAttributes: [],
    },
    ...o.lines.map((l, index) => ({
      id: gid("LineItem", l.externalId ?? `${o.externalId}#${index + 1}`),
      title: l.title,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      sku: l.sku,
      variantTitle: l.variantTitle,
      vendor: l.vendor,
      quantity: l.quantity,
      isGiftCard: l.giftCard,
      product: l.productExternalId ? { id: gid("Product", l.productExternalId) } : null,
      variant: l.variantExternalId ? { id: gid("ProductVariant", l.variantExternalId) } : null,
      originalUnitPriceSet: bag(l.price),
      totalDiscountSet: bag(l.totalDiscount),
      customAttributes: l.giftWrap ? [{ key: "gift_wrap", value: "yes" }] : [],
      __parentId: id,
    })),
  ];
}

/** Records as the JSONL text of a bulk result (tests; the benchmark streams lines instead). */
export function bulkJsonl(records: { customers?: CustomerRecord[]; products?: ProductRecord[]; orders?: OrderRecord[] }): string {
  const lines: JsonObject[] = [
    ...(records.customers ?? []).map(customerLine),
    ...(records.products ?? []).flatMap(productLines),
    ...(records.orders ?? []).flatMap(orderLines),
  ];
  return lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
}
