import { arr, int, num, obj, str, type Json } from "../ingest/shopify/fields.ts";
import type { AddressRecord, BasketLineRecord, CartRecord, CustomerRecord, OrderLineRecord, OrderRecord, ProductRecord } from "../store/records.ts";

// Magento 2 REST payloads -> the canonical records the Shopify translators
// produce, so that a Magento shop goes through the same writers, analyses
// and activation. The only place that knows Magento's shapes
// (OrderInterface, CustomerInterface, ProductInterface, CartInterface).

export class MagentoTranslationError extends Error {}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new MagentoTranslationError(`Magento payload has no ${what}`);
  return value;
}

/** Magento's timestamps are UTC without a zone: "2017-08-21 22:22:19". */
export function magentoDate(value: unknown): Date | null {
  const s = str(value);
  if (!s) return null;
  const d = new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s) ? `${s.replace(" ", "T")}Z` : s);
  return Number.isNaN(d.getTime()) ? null : d;
}

const idOf = (value: unknown): string | null => (value === null || value === undefined || value === 0 || value === "0" ? null : str(value));
const GIFT_WORDS = /\b(gift|present|wrap(ping)?)\b/i;

function address(value: unknown): AddressRecord | null {
  const a = obj(value);
  if (!a) return null;
  const street = Array.isArray(a.street) ? a.street.filter((s): s is string => typeof s === "string" && s !== "") : [];
  return {
    name: [str(a.firstname), str(a.lastname)].filter(Boolean).join(" ") || null,
    address1: street.join(", ") || null,
    city: str(a.city),
    zip: str(a.postcode),
    province: str(a.region_code) ?? str(obj(a.region)?.region_code) ?? (typeof a.region === "string" ? str(a.region) : null),
    country: str(a.country_id),
  };
}

export function customer(c: Json): CustomerRecord {
  const addresses = arr(c.addresses);
  const billingId = str(c.default_billing);
  const main = addresses.find((a) => str(a.id) === billingId || a.default_billing === true) ?? addresses[0] ?? null;
  const extension = obj(c.extension_attributes);
  return {
    externalId: required(idOf(c.id), "customer id"),
    email: str(c.email)?.toLowerCase() ?? null,
    firstName: str(c.firstname),
    lastName: str(c.lastname),
    phone: main ? str(main.telephone) : null,
    acceptsMarketing: extension?.is_subscribed === true,
    tags: "",
    note: null,
    locale: null,
    address: address(main),
    sourceCreatedAt: magentoDate(c.created_at),
    sourceUpdatedAt: magentoDate(c.updated_at),
  };
}

function customAttribute(p: Json, code: string): string | null {
  const found = arr(p.custom_attributes).find((a) => str(a.attribute_code) === code);
  return found ? str(found.value) : null;
}

/**
 * A Magento product is one sellable item: the store keeps it as a product
 * with one variant of the same id, which is what order items name
 * (product_id of the simple product).
 */
export function product(p: Json, mediaBaseUrl: string | null): ProductRecord {
  const externalId = required(idOf(p.id), "product id");
  const image = customAttribute(p, "image") ?? str(arr(p.media_gallery_entries)[0]?.file);
  return {
    externalId,
    title: str(p.name) ?? "(untitled)",
    handle: customAttribute(p, "url_key"),
    productType: str(p.type_id),
    vendor: customAttribute(p, "manufacturer"),
    tags: "",
    // 1 enabled, 2 disabled
    status: int(p.status, 1) === 2 ? "draft" : "active",
    imageUrl: image && image !== "no_selection" && mediaBaseUrl ? `${mediaBaseUrl}/catalog/product${image.startsWith("/") ? "" : "/"}${image}` : null,
    publishedAt: null,
    sourceCreatedAt: magentoDate(p.created_at),
    sourceUpdatedAt: magentoDate(p.updated_at),
    variants: [{ externalId, title: null, sku: str(p.sku), price: num(p.price), compareAtPrice: null, inventoryQuantity: null }],
  };
}

const FINANCIAL: Record<string, string> = {
  new: "pending",
  pending_payment: "pending",
  payment_review: "pending",
  holded: "pending",
  processing: "paid",
  complete: "paid",
  closed: "refunded",
  canceled: "voided",
};

function orderLine(item: Json): OrderLineRecord {
  return {
    externalId: idOf(item.item_id),
    productExternalId: idOf(item.product_id),
    variantExternalId: idOf(item.product_id),
    sku: str(item.sku),
    title: str(item.name) ?? "(untitled)",
    variantTitle: null,
    vendor: null,
    quantity: int(item.qty_ordered),
    price: num(item.price),
    totalDiscount: Math.abs(num(item.discount_amount)),
    giftCard: str(item.product_type) === "giftcard",
    giftWrap: obj(item.gift_message) !== null || obj(obj(item.extension_attributes)?.gift_message) !== null,
  };
}

export function order(o: Json): OrderRecord {
  const state = str(o.state);
  const guest = o.customer_is_guest === 1 || o.customer_is_guest === true || !idOf(o.customer_id);
  const shipping = arr(obj(o.extension_attributes)?.shipping_assignments)[0];
  const note = str(o.customer_note);
  // A configurable product's line comes with its simple child: the parent carries the price.
  const lines = arr(o.items).filter((i) => !idOf(i.parent_item_id)).map(orderLine);
  const buyerEmail = str(o.customer_email)?.toLowerCase() ?? null;
  const billing = address(o.billing_address);
  return {
    externalId: required(idOf(o.entity_id), "order entity_id"),
    name: str(o.increment_id),
    customer: guest
      ? null
      : {
        externalId: String(o.customer_id),
        email: buyerEmail,
        firstName: str(o.customer_firstname),
        lastName: str(o.customer_lastname),
        phone: str(obj(o.billing_address)?.telephone),
        acceptsMarketing: false,
        tags: "",
        note: null,
        locale: null,
        address: billing,
        // The order knows the buyer's name and email, not their consent or
        // address book: dated as old as can be, so the customer record itself
        // (synced before or after) always wins over this copy.
        sourceCreatedAt: magentoDate(o.created_at),
        sourceUpdatedAt: new Date(0),
      },
    email: buyerEmail,
    currency: str(o.order_currency_code) ?? str(o.base_currency_code) ?? "USD",
    subtotalPrice: num(o.subtotal),
    totalPrice: num(o.grand_total),
    totalDiscounts: Math.abs(num(o.discount_amount)),
    totalTax: num(o.tax_amount),
    discountCodes: str(o.coupon_code) ? [str(o.coupon_code)!] : [],
    financialStatus: (state && FINANCIAL[state]) ?? state,
    fulfillmentStatus: state === "complete" ? "fulfilled" : num(o.total_qty_shipped ?? 0) > 0 ? "partial" : null,
    cancelledAt: state === "canceled" ? magentoDate(o.updated_at) : null,
    cancelReason: state === "canceled" ? "other" : null,
    // The quote an order was placed from is the cart Pearl stores under its id.
    cartToken: idOf(o.quote_id),
    checkoutToken: null,
    sourceName: "magento",
    note,
    tags: "",
    billing,
    shipping: address(obj(obj(shipping)?.shipping)?.address),
    giftNote: (note !== null && GIFT_WORDS.test(note)) || lines.some((l) => l.giftWrap),
    processedAt: required(magentoDate(o.created_at), "order created_at"),
    sourceUpdatedAt: magentoDate(o.updated_at),
    lines,
  };
}

function cartLine(item: Json): BasketLineRecord {
  return {
    productExternalId: null,
    variantExternalId: null,
    sku: str(item.sku),
    title: str(item.name),
    quantity: int(item.qty),
    price: num(item.price),
  };
}

/** A Magento quote (cart); its id is the token orders refer to through quote_id. */
export function cart(q: Json): CartRecord {
  const lines = arr(q.items).map(cartLine);
  const buyer = obj(q.customer);
  return {
    token: required(idOf(q.id), "cart id"),
    customerExternalId: buyer ? idOf(buyer.id) : null,
    note: str(q.customer_note),
    totalPrice: lines.reduce((sum, l) => sum + l.price * l.quantity, 0),
    sourceCreatedAt: magentoDate(q.created_at) ?? magentoDate(q.updated_at) ?? new Date(),
    sourceUpdatedAt: magentoDate(q.updated_at),
    lines,
  };
}
