import type {
  AddressRecord,
  BasketLineRecord,
  CartRecord,
  CheckoutRecord,
  CustomerRecord,
  OrderLineRecord,
  OrderRecord,
  ProductRecord,
  RefundRecord,
} from "../../store/records.ts";
import { arr, bool, date, id, int, money, num, obj, str, type Json } from "./fields.ts";

// Shopify webhook payloads -> canonical records. The only place that knows
// Shopify's REST webhook shapes. A payload without the fields a record cannot
// exist without (its id) is refused with a TranslationError; everything else
// degrades to null.

export class TranslationError extends Error {}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new TranslationError(`payload has no ${what}`);
  return value;
}

const GIFT_WORDS = /\b(gift|present|wrap(ping)?)\b/i;

export function address(value: unknown): AddressRecord | null {
  const a = obj(value);
  if (!a) return null;
  const first = str(a.first_name);
  const last = str(a.last_name);
  return {
    name: str(a.name) ?? ([first, last].filter(Boolean).join(" ") || null),
    address1: str(a.address1),
    city: str(a.city),
    zip: str(a.zip),
    province: str(a.province_code) ?? str(a.province),
    country: str(a.country_code) ?? str(a.country),
  };
}

export function customer(payload: Json): CustomerRecord {
  const addr = address(payload.default_address) ?? address(arr(payload.addresses)[0]);
  const consent = obj(payload.email_marketing_consent);
  return {
    externalId: required(id(payload.admin_graphql_api_id) ?? id(payload.id), "customer id"),
    email: str(payload.email)?.toLowerCase() ?? null,
    firstName: str(payload.first_name),
    lastName: str(payload.last_name),
    phone: str(payload.phone),
    acceptsMarketing: consent ? str(consent.state) === "subscribed" : bool(payload.accepts_marketing),
    tags: str(payload.tags) ?? "",
    note: str(payload.note),
    locale: str(payload.locale),
    address: addr,
    sourceCreatedAt: date(payload.created_at),
    sourceUpdatedAt: date(payload.updated_at),
  };
}

export function product(payload: Json): ProductRecord {
  const status = str(payload.status);
  const image = obj(payload.image) ?? arr(payload.images)[0] ?? null;
  return {
    externalId: required(id(payload.admin_graphql_api_id) ?? id(payload.id), "product id"),
    title: str(payload.title) ?? "(untitled)",
    handle: str(payload.handle),
    productType: str(payload.product_type),
    vendor: str(payload.vendor),
    tags: str(payload.tags) ?? "",
    status: status === "draft" || status === "archived" ? status : "active",
    imageUrl: image ? str(image.src) : null,
    publishedAt: date(payload.published_at),
    sourceCreatedAt: date(payload.created_at),
    sourceUpdatedAt: date(payload.updated_at),
    variants: arr(payload.variants).flatMap((v) => {
      const externalId = id(v.admin_graphql_api_id) ?? id(v.id);
      if (!externalId) return [];
      return [{
        externalId,
        title: str(v.title),
        sku: str(v.sku),
        price: num(v.price),
        compareAtPrice: v.compare_at_price == null ? null : num(v.compare_at_price),
        inventoryQuantity: v.inventory_quantity == null ? null : int(v.inventory_quantity),
      }];
    }),
  };
}

function hasGiftProperty(properties: unknown): boolean {
  return arr(properties).some((p) => GIFT_WORDS.test(`${str(p.name) ?? ""} ${str(p.value) ?? ""}`));
}

function orderLine(line: Json): OrderLineRecord {
  return {
    externalId: id(line.admin_graphql_api_id) ?? id(line.id),
    productExternalId: id(line.product_id),
    variantExternalId: id(line.variant_id),
    sku: str(line.sku),
    title: str(line.title) ?? str(line.name) ?? "(untitled)",
    variantTitle: str(line.variant_title),
    vendor: str(line.vendor),
    quantity: int(line.quantity),
    price: money(line, "price"),
    totalDiscount: money(line, "total_discount"),
    giftCard: bool(line.gift_card),
    giftWrap: hasGiftProperty(line.properties),
  };
}

export function order(payload: Json): OrderRecord {
  const buyer = obj(payload.customer);
  const note = str(payload.note);
  const lines = arr(payload.line_items).map(orderLine);
  return {
    externalId: required(id(payload.admin_graphql_api_id) ?? id(payload.id), "order id"),
    name: str(payload.name),
    customer: buyer && (id(buyer.admin_graphql_api_id) ?? id(buyer.id)) ? customer(buyer) : null,
    email: (str(payload.email) ?? str(payload.contact_email))?.toLowerCase() ?? null,
    currency: str(payload.currency) ?? "USD",
    subtotalPrice: money(payload, "subtotal_price"),
    totalPrice: money(payload, "total_price"),
    totalDiscounts: money(payload, "total_discounts"),
    totalTax: money(payload, "total_tax"),
    discountCodes: arr(payload.discount_codes).map((d) => str(d.code)).filter((c): c is string => c !== null),
    financialStatus: str(payload.financial_status),
    fulfillmentStatus: str(payload.fulfillment_status),
    cancelledAt: date(payload.cancelled_at),
    cancelReason: str(payload.cancel_reason),
    cartToken: str(payload.cart_token),
    checkoutToken: str(payload.checkout_token),
    sourceName: str(payload.source_name),
    landingSite: str(payload.landing_site),
    referringSite: str(payload.referring_site),
    note,
    tags: str(payload.tags) ?? "",
    billing: address(payload.billing_address),
    shipping: address(payload.shipping_address),
    giftNote: (note !== null && GIFT_WORDS.test(note)) || hasGiftProperty(payload.note_attributes) || lines.some((l) => l.giftWrap),
    processedAt: required(date(payload.processed_at) ?? date(payload.created_at), "order date"),
    sourceUpdatedAt: date(payload.updated_at),
    lines,
  };
}

export function refund(payload: Json): RefundRecord {
  const lines = arr(payload.refund_line_items).map((l) => {
    const item = obj(l.line_item);
    return {
      orderLineExternalId: id(l.line_item_id),
      productExternalId: item ? id(item.product_id) : null,
      quantity: int(l.quantity),
      subtotal: money(l, "subtotal"),
    };
  });
  const transactions = arr(payload.transactions).filter((t) => str(t.kind) === "refund" && str(t.status) !== "failure");
  const amount = transactions.length > 0
    ? transactions.reduce((sum, t) => sum + num(t.amount), 0)
    : lines.reduce((sum, l) => sum + l.subtotal, 0);
  return {
    externalId: required(id(payload.admin_graphql_api_id) ?? id(payload.id), "refund id"),
    orderExternalId: required(id(payload.order_id), "order_id"),
    amount,
    note: str(payload.note),
    processedAt: date(payload.processed_at) ?? date(payload.created_at) ?? new Date(),
    lines,
  };
}

function basketLine(line: Json): BasketLineRecord {
  return {
    productExternalId: id(line.product_id),
    variantExternalId: id(line.variant_id),
    sku: str(line.sku),
    title: str(line.title) ?? str(line.presentment_title),
    quantity: int(line.quantity),
    price: money(line, "price"),
  };
}

export function cart(payload: Json): CartRecord {
  const lines = arr(payload.line_items).map(basketLine);
  const buyer = obj(payload.customer);
  return {
    token: required(str(payload.token) ?? str(payload.id), "cart token"),
    customerExternalId: buyer ? id(buyer.admin_graphql_api_id) ?? id(buyer.id) : id(payload.customer_id),
    note: str(payload.note),
    totalPrice: lines.reduce((sum, l) => sum + l.price * l.quantity, 0),
    sourceCreatedAt: date(payload.created_at) ?? date(payload.updated_at) ?? new Date(),
    sourceUpdatedAt: date(payload.updated_at),
    lines,
  };
}

export function checkout(payload: Json): CheckoutRecord {
  const buyer = obj(payload.customer);
  return {
    token: required(str(payload.token), "checkout token"),
    cartToken: str(payload.cart_token),
    customer: buyer && (id(buyer.admin_graphql_api_id) ?? id(buyer.id)) ? customer(buyer) : null,
    email: str(payload.email)?.toLowerCase() ?? null,
    currency: str(payload.currency),
    totalPrice: money(payload, "total_price"),
    completedAt: date(payload.completed_at),
    recoveryUrl: str(payload.abandoned_checkout_url),
    sourceCreatedAt: date(payload.created_at) ?? new Date(),
    sourceUpdatedAt: date(payload.updated_at),
    lines: arr(payload.line_items).map(basketLine),
  };
}
