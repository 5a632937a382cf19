// Canonical records -> the JSON bodies Shopify would deliver as webhooks, in
// the shapes of Shopify's sample payloads (/work/shared/fixtures/shopify):
// customers/create, products/create, carts/create|update, checkouts/create,
// orders/create|cancelled, refunds/create. Pure functions: ids, tokens and
// identities are derived deterministically (see ids.ts, personas.ts).
//
// Ids are JSON numbers below 2^53 with their admin_graphql_api_id. Money is a
// string with two decimals ("2.55") as in Shopify's REST payloads, except the
// numeric `subtotal`/`total_tax` of refund line items (numbers, as Shopify
// sends them). Timestamps are the shop's local time with offset
// ("2011-06-01T10:00:00+01:00"), carts use UTC with milliseconds like the
// carts sample.

import type { BrowseEventName, CustomerRecord, OrderLineRecord, OrderRecord, ProductRecord, RefundRecord } from "../store/records.ts";
import { adminGraphqlId, shopifyId, stableToken } from "./ids.ts";
import type { DemoAddress, DemoPersona } from "./personas.ts";
import { formatInTimeZone } from "../imports/timeZone.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function money(amount: number): string {
  return (Math.round(amount * 100 + (amount >= 0 ? 1e-6 : -1e-6)) / 100).toFixed(2);
}

export function moneySet(amount: number, currency: string): JsonObject {
  const value = money(amount);
  return {
    shop_money: { amount: value, currency_code: currency },
    presentment_money: { amount: value, currency_code: currency },
  };
}

export function shopifyTime(at: Date, timeZone: string): string {
  return formatInTimeZone(at, timeZone);
}

// ---------------------------------------------------------------------------
// Ids of canonical records

export const customerId = (externalId: string): number => shopifyId("Customer", externalId);
export const productId = (externalId: string): number => shopifyId("Product", externalId);
export const variantId = (externalId: string): number => shopifyId("ProductVariant", externalId);
export const orderId = (externalId: string): number => shopifyId("Order", externalId);
export const refundId = (externalId: string): number => shopifyId("Refund", externalId);

/** The key of an order line: its externalId, else the order's id and the line's position. */
export function orderLineKey(orderExternalId: string, line: { externalId: string | null }, index: number): string {
  return line.externalId ?? `${orderExternalId}#${index + 1}`;
}

export const lineItemId = (lineKey: string): number => shopifyId("LineItem", lineKey);

/** Shopify order numbers are integers: the digits of the order's name or id, else a hash. */
export function orderNumber(order: OrderRecord): number {
  const digits = (order.name ?? order.externalId).replace(/\D/g, "");
  if (digits && digits.length <= 15) return Number(digits);
  return shopifyId("Order", `number:${order.externalId}`) % 1_000_000_000;
}

export function orderName(order: OrderRecord): string {
  const name = order.name ?? order.externalId;
  return name.startsWith("#") ? name : `#${name}`;
}

// ---------------------------------------------------------------------------
// Addresses and customers

export function addressPayload(address: DemoAddress): JsonObject {
  return {
    first_name: address.firstName,
    address1: address.address1,
    phone: address.phone,
    city: address.city,
    zip: address.zip || null,
    province: address.province,
    country: address.country,
    last_name: address.lastName,
    address2: null,
    company: null,
    latitude: null,
    longitude: null,
    name: `${address.firstName} ${address.lastName}`,
    country_code: address.countryCode,
    province_code: address.provinceCode,
  };
}

function defaultAddressPayload(customerExternalId: string, address: DemoAddress): JsonObject {
  const id = customerId(customerExternalId);
  return {
    id: shopifyId("MailingAddress", customerExternalId),
    customer_id: id,
    first_name: address.firstName,
    last_name: address.lastName,
    company: null,
    address1: address.address1,
    address2: null,
    city: address.city,
    province: address.province,
    country: address.country,
    zip: address.zip || null,
    phone: address.phone,
    name: `${address.firstName} ${address.lastName}`,
    province_code: address.provinceCode,
    country_code: address.countryCode,
    country_name: address.country,
    default: true,
  };
}

export interface CustomerPayloadInput {
  customer: CustomerRecord;
  persona: DemoPersona;
  currency: string;
  createdAt: Date;
  updatedAt?: Date;
  timeZone: string;
  /** customers/create carries `addresses`; the customer inside an order does not. */
  withAddresses?: boolean;
}

/** customers/create body, or (withAddresses false) the `customer` of an order or checkout. */
export function customerPayload(input: CustomerPayloadInput): JsonObject {
  const { customer, persona, timeZone } = input;
  const id = customerId(customer.externalId);
  const created = shopifyTime(input.createdAt, timeZone);
  const updated = shopifyTime(input.updatedAt ?? input.createdAt, timeZone);
  const defaultAddress = defaultAddressPayload(customer.externalId, persona.address);
  const body: JsonObject = {
    id,
    created_at: created,
    updated_at: updated,
    first_name: persona.firstName,
    last_name: persona.lastName,
    state: "enabled",
    note: customer.note,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email: persona.email,
    phone: persona.phone,
    currency: input.currency,
    tags: customer.tags,
    tax_exemptions: [],
    email_marketing_consent: {
      state: persona.acceptsMarketing ? "subscribed" : "not_subscribed",
      opt_in_level: "single_opt_in",
      consent_updated_at: persona.acceptsMarketing ? created : null,
    },
    sms_marketing_consent: null,
    admin_graphql_api_id: adminGraphqlId("Customer", id),
    default_address: defaultAddress,
  };
  if (input.withAddresses !== false) body.addresses = [defaultAddress];
  return body;
}

// ---------------------------------------------------------------------------
// Products

export interface ProductPayloadInput {
  product: ProductRecord;
  createdAt: Date;
  timeZone: string;
  /** Image URL for `images`/`image`; null for a product without image. */
  imageUrl: string | null;
  productType?: string | null;
  vendor?: string | null;
}

/** products/create body: Shopify's product webhook shape with `variants`, `options` and `images`. */
export function productPayload(input: ProductPayloadInput): JsonObject {
  const { product, timeZone } = input;
  const id = productId(product.externalId);
  const at = shopifyTime(input.createdAt, timeZone);
  const variants: JsonObject[] = product.variants.map((variant, index) => {
    const vid = variantId(variant.externalId);
    const inventoryItem = shopifyId("InventoryItem", variant.externalId);
    return {
      id: vid,
      product_id: id,
      title: variant.title ?? "Default Title",
      price: money(variant.price),
      sku: variant.sku,
      position: index + 1,
      inventory_policy: "deny",
      compare_at_price: variant.compareAtPrice === null ? null : money(variant.compareAtPrice),
      fulfillment_service: "manual",
      inventory_management: null,
      option1: variant.title ?? "Default Title",
      option2: null,
      option3: null,
      created_at: at,
      updated_at: at,
      taxable: true,
      barcode: null,
      grams: 0,
      weight: 0,
      weight_unit: "kg",
      inventory_item_id: inventoryItem,
      inventory_quantity: variant.inventoryQuantity ?? 0,
      old_inventory_quantity: variant.inventoryQuantity ?? 0,
      requires_shipping: true,
      image_id: null,
      admin_graphql_api_id: adminGraphqlId("ProductVariant", vid),
    };
  });
  const images: JsonObject[] = [];
  if (input.imageUrl) {
    const imageId = shopifyId("ProductImage", product.externalId);
    images.push({
      id: imageId,
      alt: product.title,
      position: 1,
      product_id: id,
      created_at: at,
      updated_at: at,
      admin_graphql_api_id: adminGraphqlId("ProductImage", imageId),
      width: 600,
      height: 600,
      src: input.imageUrl,
      variant_ids: [],
    });
  }
  return {
    admin_graphql_api_id: adminGraphqlId("Product", id),
    body_html: `<p>${escapeHtml(product.title)}</p>`,
    created_at: at,
    handle: product.handle,
    id,
    product_type: input.productType ?? product.productType ?? "",
    published_at: product.status === "active" ? at : null,
    template_suffix: null,
    title: product.title,
    updated_at: at,
    vendor: input.vendor ?? product.vendor ?? "",
    status: product.status,
    published_scope: "global",
    tags: product.tags,
    variants,
    options: [
      {
        id: shopifyId("ProductOption", product.externalId),
        product_id: id,
        name: "Title",
        position: 1,
        values: variants.map((variant) => variant.title as string),
      },
    ],
    images,
    image: images[0] ?? null,
    media: [],
    variant_gids: variants.map((variant) => ({
      admin_graphql_api_id: variant.admin_graphql_api_id,
      updated_at: at,
    })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// ---------------------------------------------------------------------------
// Orders

export function lineItemPayload(orderExternalId: string, line: OrderLineRecord, index: number, currency: string): JsonObject {
  const id = lineItemId(orderLineKey(orderExternalId, line, index));
  const product = line.productExternalId === null ? null : productId(line.productExternalId);
  const variant =
    line.variantExternalId !== null ? variantId(line.variantExternalId) : product === null ? null : variantId(line.productExternalId as string);
  return {
    id,
    admin_graphql_api_id: adminGraphqlId("LineItem", id),
    attributed_staffs: [],
    current_quantity: line.quantity,
    fulfillable_quantity: line.quantity,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: line.giftCard,
    grams: 0,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    price: money(line.price),
    price_set: moneySet(line.price, currency),
    product_exists: product !== null,
    product_id: product,
    properties: line.giftWrap ? [{ name: "Gift wrap", value: "Yes" }] : [],
    quantity: line.quantity,
    requires_shipping: !line.giftCard,
    sales_line_item_group_id: null,
    sku: line.sku,
    taxable: true,
    title: line.title,
    total_discount: money(line.totalDiscount),
    total_discount_set: moneySet(line.totalDiscount, currency),
    variant_id: variant,
    variant_inventory_management: null,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

export interface OrderPayloadInput {
  order: OrderRecord;
  shop: string;
  timeZone: string;
  /** The embedded customer (customerPayload with withAddresses false), null for guests. */
  customer: JsonObject | null;
  email: string | null;
  phone?: string | null;
  locale?: string | null;
  buyerAcceptsMarketing?: boolean;
  billing: DemoAddress | null;
  shipping: DemoAddress | null;
  note?: string | null;
  noteAttributes?: { name: string; value: string }[];
  cartToken?: string | null;
  checkoutToken?: string | null;
  /** Default: the order's cancelledAt, else its processedAt. */
  updatedAt?: Date;
}

/** orders/create (and orders/cancelled, orders/updated: same shape) body. */
export function orderPayload(input: OrderPayloadInput): JsonObject {
  const { order, timeZone } = input;
  const currency = order.currency;
  const id = orderId(order.externalId);
  const created = shopifyTime(order.processedAt, timeZone);
  const updated = shopifyTime(input.updatedAt ?? order.cancelledAt ?? order.processedAt, timeZone);
  const token = stableToken(`order:${order.externalId}`);
  const lineItemsTotal = order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const number = orderNumber(order);
  const zero = moneySet(0, currency);
  return {
    id,
    admin_graphql_api_id: adminGraphqlId("Order", id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: input.buyerAcceptsMarketing ?? false,
    cancel_reason: order.cancelReason,
    cancelled_at: order.cancelledAt ? shopifyTime(order.cancelledAt, timeZone) : null,
    cart_token: input.cartToken ?? order.cartToken,
    checkout_token: input.checkoutToken ?? order.checkoutToken,
    client_details: null,
    closed_at: null,
    confirmation_number: token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: input.email,
    created_at: created,
    currency,
    current_shipping_price_set: zero,
    current_subtotal_price: money(order.subtotalPrice),
    current_subtotal_price_set: moneySet(order.subtotalPrice, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: money(order.totalDiscounts),
    current_total_discounts_set: moneySet(order.totalDiscounts, currency),
    current_total_duties_set: null,
    current_total_price: money(order.totalPrice),
    current_total_price_set: moneySet(order.totalPrice, currency),
    current_total_tax: money(order.totalTax),
    current_total_tax_set: moneySet(order.totalTax, currency),
    customer_locale: input.locale ?? "en",
    device_id: null,
    discount_codes: order.discountCodes.map((code) => ({ code, amount: "0.00", type: "fixed_amount" })),
    duties_included: false,
    email: input.email,
    estimated_taxes: false,
    financial_status: order.financialStatus,
    fulfillment_status: order.fulfillmentStatus === "fulfilled" ? null : order.fulfillmentStatus,
    landing_site: "/",
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: "MTAwMDAwMDAwMQ",
    merchant_of_record_app_id: null,
    name: orderName(order),
    note: input.note ?? order.note,
    note_attributes: input.noteAttributes ?? [],
    number: Math.max(1, number - 1000),
    order_number: number,
    order_status_url: `https://${input.shop}/${Math.floor(id / 1000) % 1_000_000_000}/orders/${token}/authenticate?key=${stableToken(`status:${order.externalId}`)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["shopify_payments"],
    phone: input.phone ?? null,
    po_number: null,
    presentment_currency: currency,
    processed_at: created,
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.sourceName ?? "web",
    source_url: null,
    subtotal_price: money(order.subtotalPrice),
    subtotal_price_set: moneySet(order.subtotalPrice, currency),
    tags: order.tags,
    tax_exempt: false,
    tax_lines: [],
    taxes_included: true,
    test: false,
    token,
    total_cash_rounding_payment_adjustment_set: zero,
    total_cash_rounding_refund_adjustment_set: zero,
    total_discounts: money(order.totalDiscounts),
    total_discounts_set: moneySet(order.totalDiscounts, currency),
    total_line_items_price: money(lineItemsTotal),
    total_line_items_price_set: moneySet(lineItemsTotal, currency),
    total_outstanding: "0.00",
    total_price: money(order.totalPrice),
    total_price_set: moneySet(order.totalPrice, currency),
    total_shipping_price_set: zero,
    total_tax: money(order.totalTax),
    total_tax_set: moneySet(order.totalTax, currency),
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: updated,
    user_id: null,
    billing_address: input.billing ? addressPayload(input.billing) : null,
    customer: input.customer,
    discount_applications: [],
    fulfillments: [],
    line_items: order.lines.map((line, index) => lineItemPayload(order.externalId, line, index, currency)),
    payment_terms: null,
    refunds: [],
    shipping_address: input.shipping ? addressPayload(input.shipping) : null,
    shipping_lines: [],
    returns: [],
    line_item_groups: [],
  };
}

// ---------------------------------------------------------------------------
// Refunds

export interface RefundedItemInfo {
  title: string;
  sku: string | null;
  variantExternalId: string | null;
}

export interface RefundPayloadInput {
  refund: RefundRecord;
  currency: string;
  timeZone: string;
  /** Title and sku of a refunded product (e.g. from its ProductRecord); defaults to the product id. */
  describe?: (productExternalId: string | null) => RefundedItemInfo | null;
}

/**
 * refunds/create body: `order_id`, `refund_line_items` (each with
 * `line_item_id`, `quantity`, numeric `subtotal` and the refunded
 * `line_item`), one refund `transactions` entry for the amount. Refund lines
 * that point at no order line (the original order lacked that stock code)
 * cannot be refund line items in Shopify: their amount goes to
 * `order_adjustments` (kind "refund_discrepancy") so the refund still adds up.
 */
export function refundPayload(input: RefundPayloadInput): JsonObject {
  const { refund, currency, timeZone } = input;
  const id = refundId(refund.externalId);
  const order = orderId(refund.orderExternalId);
  const at = shopifyTime(refund.processedAt, timeZone);
  const refundLineItems: JsonObject[] = [];
  const adjustments: JsonObject[] = [];
  refund.lines.forEach((line, index) => {
    if (line.orderLineExternalId === null) {
      const adjustmentId = shopifyId("OrderAdjustment", `${refund.externalId}:${index}`);
      adjustments.push({
        id: adjustmentId,
        order_id: order,
        refund_id: id,
        amount: money(-line.subtotal),
        tax_amount: "0.00",
        kind: "refund_discrepancy",
        reason: "Refund discrepancy",
        amount_set: moneySet(-line.subtotal, currency),
        tax_amount_set: moneySet(0, currency),
      });
      return;
    }
    const info = input.describe?.(line.productExternalId) ?? null;
    const itemId = lineItemId(line.orderLineExternalId);
    const unitPrice = line.quantity > 0 ? line.subtotal / line.quantity : line.subtotal;
    const product = line.productExternalId === null ? null : productId(line.productExternalId);
    const variantKey = info?.variantExternalId ?? line.productExternalId;
    const title = info?.title ?? line.productExternalId ?? "Custom item";
    refundLineItems.push({
      id: shopifyId("RefundLineItem", `${refund.externalId}:${index}`),
      quantity: line.quantity,
      line_item_id: itemId,
      location_id: null,
      restock_type: "return",
      subtotal: Math.round(line.subtotal * 100) / 100,
      total_tax: 0,
      subtotal_set: moneySet(line.subtotal, currency),
      total_tax_set: moneySet(0, currency),
      line_item: {
        id: itemId,
        admin_graphql_api_id: adminGraphqlId("LineItem", itemId),
        variant_id: variantKey === null ? null : variantId(variantKey),
        title,
        quantity: line.quantity,
        sku: info?.sku ?? null,
        variant_title: null,
        vendor: null,
        fulfillment_service: "manual",
        product_id: product,
        requires_shipping: true,
        taxable: true,
        gift_card: false,
        name: title,
        variant_inventory_management: null,
        properties: [],
        product_exists: product !== null,
        fulfillable_quantity: 0,
        grams: 0,
        price: money(unitPrice),
        total_discount: "0.00",
        fulfillment_status: "fulfilled",
        price_set: moneySet(unitPrice, currency),
        total_discount_set: moneySet(0, currency),
        discount_allocations: [],
        duties: [],
        tax_lines: [],
      },
    });
  });
  const transactionId = shopifyId("OrderTransaction", `refund:${refund.externalId}`);
  return {
    id,
    admin_graphql_api_id: adminGraphqlId("Refund", id),
    order_id: order,
    created_at: at,
    note: refund.note,
    user_id: null,
    processed_at: at,
    restock: true,
    duties: [],
    total_duties_set: moneySet(0, currency),
    return: null,
    refund_shipping_lines: [],
    order_adjustments: adjustments,
    refund_line_items: refundLineItems,
    transactions: [
      {
        id: transactionId,
        admin_graphql_api_id: adminGraphqlId("OrderTransaction", transactionId),
        order_id: order,
        kind: "refund",
        gateway: "shopify_payments",
        status: "success",
        message: "Transaction approved",
        created_at: at,
        test: false,
        authorization: null,
        location_id: null,
        user_id: null,
        parent_id: shopifyId("OrderTransaction", `sale:${refund.orderExternalId}`),
        processed_at: at,
        device_id: null,
        error_code: null,
        source_name: "web",
        receipt: {},
        amount: money(refund.amount),
        currency,
        payment_id: `#${refund.orderExternalId}.2`,
        total_unsettled_set: moneySet(0, currency),
        manual_payment_gateway: false,
      },
    ],
  };
}

// ---------------------------------------------------------------------------
// Carts and checkouts

/** A line in a cart or checkout, already resolved to Shopify ids. */
export interface BasketLine {
  productId: number | null;
  variantId: number | null;
  sku: string | null;
  title: string;
  quantity: number;
  price: number;
  giftCard?: boolean;
}

/** Basket lines of an order: its lines with their Shopify product and variant ids. */
export function basketLinesOf(order: OrderRecord, onlyProducts: boolean): BasketLine[] {
  const lines: BasketLine[] = [];
  for (const line of order.lines) {
    if (onlyProducts && line.productExternalId === null) continue;
    lines.push({
      productId: line.productExternalId === null ? null : productId(line.productExternalId),
      variantId:
        line.variantExternalId !== null
          ? variantId(line.variantExternalId)
          : line.productExternalId === null
            ? null
            : variantId(line.productExternalId),
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      price: line.price,
      giftCard: line.giftCard,
    });
  }
  return lines;
}

export interface CartPayloadInput {
  token: string;
  lines: BasketLine[];
  currency: string;
  createdAt: Date;
  updatedAt: Date;
  note?: string | null;
}

/** carts/create and carts/update body (identical shapes). Carts carry no customer. */
export function cartPayload(input: CartPayloadInput): JsonObject {
  const { currency } = input;
  return {
    id: input.token,
    token: input.token,
    line_items: input.lines.map((line, index) => {
      const linePrice = line.price * line.quantity;
      const variant = line.variantId ?? shopifyId("ProductVariant", `custom:${input.token}:${index}`);
      return {
        id: variant,
        properties: null,
        quantity: line.quantity,
        variant_id: variant,
        key: `${variant}:${stableToken(`cart-line:${input.token}:${variant}`)}`,
        discounted_price: money(line.price),
        discounts: [],
        gift_card: line.giftCard ?? false,
        grams: 0,
        line_price: money(linePrice),
        original_line_price: money(linePrice),
        original_price: money(line.price),
        price: money(line.price),
        product_id: line.productId,
        sku: line.sku,
        taxable: true,
        title: line.title,
        total_discount: "0.00",
        vendor: null,
        discounted_price_set: moneySet(line.price, currency),
        line_price_set: moneySet(linePrice, currency),
        original_line_price_set: moneySet(linePrice, currency),
        price_set: moneySet(line.price, currency),
        total_discount_set: moneySet(0, currency),
        parent_relationship: null,
      };
    }),
    note: input.note ?? null,
    updated_at: input.updatedAt.toISOString(),
    created_at: input.createdAt.toISOString(),
  };
}

export interface CheckoutPayloadInput {
  token: string;
  cartToken: string | null;
  shop: string;
  timeZone: string;
  currency: string;
  lines: BasketLine[];
  email: string | null;
  customer: JsonObject | null;
  billing: DemoAddress | null;
  shipping: DemoAddress | null;
  buyerAcceptsMarketing?: boolean;
  locale?: string | null;
  note?: string | null;
  noteAttributes?: { name: string; value: string }[];
  createdAt: Date;
  updatedAt: Date;
  completedAt?: Date | null;
}

/** checkouts/create (and checkouts/update) body. */
export function checkoutPayload(input: CheckoutPayloadInput): JsonObject {
  const { currency, timeZone } = input;
  const id = shopifyId("Checkout", input.token);
  const total = input.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return {
    id,
    token: input.token,
    cart_token: input.cartToken,
    email: input.email,
    gateway: null,
    buyer_accepts_marketing: input.buyerAcceptsMarketing ?? false,
    created_at: shopifyTime(input.createdAt, timeZone),
    updated_at: shopifyTime(input.updatedAt, timeZone),
    landing_site: "/",
    note: input.note ?? null,
    note_attributes: input.noteAttributes ?? [],
    referring_site: null,
    shipping_lines: [],
    taxes_included: true,
    total_weight: 0,
    currency,
    completed_at: input.completedAt ? shopifyTime(input.completedAt, timeZone) : null,
    closed_at: null,
    user_id: null,
    location_id: null,
    source_identifier: null,
    source_url: null,
    device_id: null,
    phone: null,
    customer_locale: input.locale ?? "en",
    line_items: input.lines.map((line, index) => {
      const linePrice = line.price * line.quantity;
      return {
        applied_discounts: [],
        discount_allocations: [],
        key: stableToken(`checkout-line:${input.token}:${index}`),
        destination_location_id: null,
        fulfillment_service: "manual",
        gift_card: line.giftCard ?? false,
        grams: 0,
        origin_location_id: null,
        presentment_title: line.title,
        presentment_variant_title: "",
        product_id: line.productId,
        properties: null,
        quantity: line.quantity,
        requires_shipping: !(line.giftCard ?? false),
        sku: line.sku,
        tax_lines: [],
        taxable: true,
        title: line.title,
        variant_id: line.variantId,
        variant_title: "",
        variant_price: money(line.price),
        vendor: null,
        user_id: null,
        unit_price_measurement: {
          measured_type: null,
          quantity_value: null,
          quantity_unit: null,
          reference_value: null,
          reference_unit: null,
        },
        rank: null,
        compare_at_price: null,
        line_price: money(linePrice),
        price: money(line.price),
      };
    }),
    name: `#${id}`,
    source: null,
    abandoned_checkout_url: `https://${input.shop}/${id % 1_000_000_000}/checkouts/${input.token}/recover?key=${stableToken(`recover:${input.token}`)}`,
    discount_codes: [],
    tax_lines: [],
    source_name: "web",
    presentment_currency: currency,
    buyer_accepts_sms_marketing: false,
    sms_marketing_phone: null,
    total_discounts: "0.00",
    total_line_items_price: money(total),
    total_price: money(total),
    total_tax: "0.00",
    subtotal_price: money(total),
    total_duties: null,
    reservation_token: null,
    billing_address: input.billing ? addressPayload(input.billing) : null,
    shipping_address: input.shipping ? addressPayload(input.shipping) : null,
    customer: input.customer,
  };
}

// ---------------------------------------------------------------------------
// Pixel batches (Pearl's wire format)

/** Pixel event names are the canonical browse event names. */
export type PixelEventName = BrowseEventName;

export interface PixelEvent {
  id: string;
  name: PixelEventName;
  timestamp: string;
  clientId: string;
  customerId: string | null;
  url: string | null;
  productId: string | null;
  variantId: string | null;
  collectionId: string | null;
  searchQuery: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  value: number | null;
}

export interface PixelBatch {
  v: 1;
  shop: string;
  key: string;
  events: PixelEvent[];
}

export function pixelBatch(shop: string, key: string, events: PixelEvent[]): PixelBatch {
  return { v: 1, shop, key, events };
}
