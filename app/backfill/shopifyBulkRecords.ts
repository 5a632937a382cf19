import type { ImportItem } from "../imports/importItems.ts";
import { arr, bool, date, id, int, num, obj, str, type Json } from "../ingest/shopify/fields.ts";
import { TranslationError } from "../ingest/shopify/translate.ts";
import type { AddressRecord, CustomerRecord, OrderLineRecord, OrderRecord, ProductRecord, VariantRecord } from "../store/records.ts";
import type { BulkObject } from "./bulkJsonl.ts";

// Objects of Shopify's Admin GraphQL API (as a bulk query writes them, see
// bulkQueries.ts) -> the same canonical records the webhook translator
// (ingest/shopify/translate.ts) makes of REST payloads: ids are the numeric
// tails of the gids, so a backfilled order and its later orders/updated
// webhook are one record.

const GIFT_WORDS = /\b(gift|present|wrap(ping)?)\b/i;

/** The type name of a gid: gid://shopify/Order/1 -> Order. */
export function gidType(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("gid://")) return null;
  const start = value.indexOf("/", 6) + 1; // after gid://<app>/
  const end = value.indexOf("/", start);
  return start > 0 && end > start ? value.slice(start, end) : null;
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new TranslationError(`bulk object has no ${what}`);
  return value;
}

/** MoneyBag { shopMoney { amount } }: the shop's currency, like the webhook translator. */
function shopMoney(node: Json, field: string): number {
  const bag = obj(node[field]);
  const money = bag ? obj(bag.shopMoney) : null;
  return money ? num(money.amount) : 0;
}

/** GraphQL tags are a list; REST sends "a, b": the store keeps the REST form. */
function tags(value: unknown): string {
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string").join(", ") : str(value) ?? "";
}

/** GraphQL enums (PAID, PARTIALLY_FULFILLED) in the REST spelling the store holds (paid, partial). */
function restEnum(value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  const lower = s.toLowerCase();
  return lower === "partially_fulfilled" ? "partial" : lower === "unfulfilled" ? null : lower;
}

function address(value: unknown): AddressRecord | null {
  const a = obj(value);
  if (!a) return null;
  const name = str(a.name) ?? ([str(a.firstName), str(a.lastName)].filter(Boolean).join(" ") || null);
  return {
    name,
    address1: str(a.address1),
    city: str(a.city),
    zip: str(a.zip),
    province: str(a.provinceCode) ?? str(a.province),
    country: str(a.countryCodeV2) ?? str(a.countryCode) ?? str(a.country),
  };
}

function hasGiftAttribute(attributes: unknown): boolean {
  return arr(attributes).some((a) => GIFT_WORDS.test(`${str(a.key) ?? ""} ${str(a.value) ?? ""}`));
}

export function bulkCustomer(node: Json): CustomerRecord {
  const email = obj(node.defaultEmailAddress);
  const phone = obj(node.defaultPhoneNumber);
  const consent = obj(node.emailMarketingConsent);
  const marketing = str(email?.marketingState) ?? str(consent?.marketingState);
  return {
    externalId: required(id(node.id), "customer id"),
    email: (str(email?.emailAddress) ?? str(node.email))?.toLowerCase() ?? null,
    firstName: str(node.firstName),
    lastName: str(node.lastName),
    phone: str(phone?.phoneNumber) ?? str(node.phone),
    acceptsMarketing: marketing === "SUBSCRIBED",
    tags: tags(node.tags),
    note: str(node.note),
    locale: str(node.locale),
    address: address(node.defaultAddress),
    sourceCreatedAt: date(node.createdAt),
    sourceUpdatedAt: date(node.updatedAt),
  };
}

function variant(node: Json): VariantRecord | null {
  const externalId = id(node.id);
  if (!externalId) return null;
  return {
    externalId,
    title: str(node.title),
    sku: str(node.sku),
    price: num(node.price),
    compareAtPrice: node.compareAtPrice == null ? null : num(node.compareAtPrice),
    inventoryQuantity: node.inventoryQuantity == null ? null : int(node.inventoryQuantity),
  };
}

export function bulkProduct(node: Json, children: readonly Json[]): ProductRecord {
  const status = str(node.status)?.toLowerCase();
  const media = obj(node.featuredMedia);
  const image = obj(obj(media?.preview)?.image) ?? obj(node.featuredImage);
  return {
    externalId: required(id(node.id), "product id"),
    title: str(node.title) ?? "(untitled)",
    handle: str(node.handle),
    productType: str(node.productType),
    vendor: str(node.vendor),
    tags: tags(node.tags),
    status: status === "draft" || status === "archived" ? status : "active",
    imageUrl: image ? str(image.url) : null,
    publishedAt: date(node.publishedAt),
    sourceCreatedAt: date(node.createdAt),
    sourceUpdatedAt: date(node.updatedAt),
    variants: children.filter((c) => gidType(c.id) === "ProductVariant").map(variant).filter((v): v is VariantRecord => v !== null),
  };
}

function lineItem(node: Json): OrderLineRecord {
  return {
    externalId: id(node.id),
    productExternalId: id(obj(node.product)?.id),
    variantExternalId: id(obj(node.variant)?.id),
    sku: str(node.sku),
    title: str(node.title) ?? str(node.name) ?? "(untitled)",
    variantTitle: str(node.variantTitle),
    vendor: str(node.vendor),
    quantity: int(node.quantity),
    price: shopMoney(node, "originalUnitPriceSet"),
    totalDiscount: shopMoney(node, "totalDiscountSet"),
    giftCard: bool(node.isGiftCard),
    giftWrap: hasGiftAttribute(node.customAttributes),
  };
}

export function bulkOrder(node: Json, children: readonly Json[]): OrderRecord {
  const buyer = obj(node.customer);
  const note = str(node.note);
  const lines = children.filter((c) => gidType(c.id) === "LineItem").map(lineItem);
  return {
    externalId: required(id(node.id), "order id"),
    name: str(node.name),
    customer: buyer && id(buyer.id) ? bulkCustomer(buyer) : null,
    email: str(node.email)?.toLowerCase() ?? null,
    currency: str(node.currencyCode) ?? "USD",
    subtotalPrice: shopMoney(node, "subtotalPriceSet"),
    totalPrice: shopMoney(node, "totalPriceSet"),
    totalDiscounts: shopMoney(node, "totalDiscountsSet"),
    totalTax: shopMoney(node, "totalTaxSet"),
    discountCodes: Array.isArray(node.discountCodes) ? node.discountCodes.filter((c): c is string => typeof c === "string") : [],
    financialStatus: restEnum(node.displayFinancialStatus),
    fulfillmentStatus: restEnum(node.displayFulfillmentStatus),
    cancelledAt: date(node.cancelledAt),
    cancelReason: restEnum(node.cancelReason),
    // Not on the GraphQL Order; the orders/create webhook that follows links them.
    cartToken: null,
    checkoutToken: null,
    sourceName: str(node.sourceName),
    note,
    tags: tags(node.tags),
    billing: address(node.billingAddress),
    shipping: address(node.shippingAddress),
    giftNote: (note !== null && GIFT_WORDS.test(note)) || hasGiftAttribute(node.customAttributes) || lines.some((l) => l.giftWrap),
    processedAt: required(date(node.processedAt) ?? date(node.createdAt), "order date"),
    sourceUpdatedAt: date(node.updatedAt),
    lines,
  };
}

/** One bulk object as the record it is; null for types the store does not keep. */
export function bulkItem(object: BulkObject): ImportItem | null {
  switch (gidType(object.node.id)) {
    case "Customer":
      return { kind: "customer", record: bulkCustomer(object.node) };
    case "Product":
      return { kind: "product", record: bulkProduct(object.node, object.children) };
    case "Order":
      return { kind: "order", record: bulkOrder(object.node, object.children) };
    default:
      return null;
  }
}
