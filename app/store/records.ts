// Canonical records: what every source (Shopify webhooks, bulk exports,
// Magento, file imports) is translated into before it reaches the store.
// Platform payloads never travel past their translator.

export interface AddressRecord {
  name: string | null;
  address1: string | null;
  city: string | null;
  zip: string | null;
  province: string | null;
  country: string | null;
}

export interface CustomerRecord {
  externalId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  acceptsMarketing: boolean;
  tags: string;
  note: string | null;
  locale: string | null;
  address: AddressRecord | null;
  sourceCreatedAt: Date | null;
  sourceUpdatedAt: Date | null;
}

export interface VariantRecord {
  externalId: string;
  title: string | null;
  sku: string | null;
  price: number;
  compareAtPrice: number | null;
  inventoryQuantity: number | null;
}

export interface ProductRecord {
  externalId: string;
  title: string;
  handle: string | null;
  productType: string | null;
  vendor: string | null;
  tags: string;
  status: "active" | "draft" | "archived";
  imageUrl: string | null;
  publishedAt: Date | null;
  sourceCreatedAt: Date | null;
  sourceUpdatedAt: Date | null;
  variants: VariantRecord[];
}

export interface OrderLineRecord {
  externalId: string | null;
  productExternalId: string | null;
  variantExternalId: string | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  price: number;
  totalDiscount: number;
  giftCard: boolean;
  giftWrap: boolean;
}

export interface OrderRecord {
  externalId: string;
  name: string | null;
  /** The buyer, when known; guests have none. The customer is upserted with the order. */
  customer: CustomerRecord | null;
  email: string | null;
  currency: string;
  subtotalPrice: number;
  totalPrice: number;
  totalDiscounts: number;
  totalTax: number;
  discountCodes: string[];
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  sourceName: string | null;
  /** The buyer's landing page and referrer, for attribution (pearl_t, utm_*); only Shopify's webhooks report them. */
  landingSite?: string | null;
  referringSite?: string | null;
  note: string | null;
  tags: string;
  billing: AddressRecord | null;
  shipping: AddressRecord | null;
  giftNote: boolean;
  processedAt: Date;
  sourceUpdatedAt: Date | null;
  lines: OrderLineRecord[];
}

export interface RefundLineRecord {
  orderLineExternalId: string | null;
  productExternalId: string | null;
  quantity: number;
  subtotal: number;
}

export interface RefundRecord {
  externalId: string;
  orderExternalId: string;
  amount: number;
  note: string | null;
  processedAt: Date;
  lines: RefundLineRecord[];
}

export interface BasketLineRecord {
  productExternalId: string | null;
  variantExternalId: string | null;
  sku: string | null;
  title: string | null;
  quantity: number;
  price: number;
}

export interface CartRecord {
  token: string;
  customerExternalId: string | null;
  note: string | null;
  totalPrice: number;
  sourceCreatedAt: Date;
  sourceUpdatedAt: Date | null;
  lines: BasketLineRecord[];
}

export interface CheckoutRecord {
  token: string;
  cartToken: string | null;
  customer: CustomerRecord | null;
  email: string | null;
  currency: string | null;
  totalPrice: number;
  completedAt: Date | null;
  recoveryUrl: string | null;
  sourceCreatedAt: Date;
  sourceUpdatedAt: Date | null;
  lines: BasketLineRecord[];
}

export type BrowseEventName =
  | "page_viewed"
  | "product_viewed"
  | "collection_viewed"
  | "search_submitted"
  | "product_added_to_cart"
  | "checkout_started"
  | "checkout_completed";

export const BROWSE_EVENT_NAMES: readonly BrowseEventName[] = [
  "page_viewed",
  "product_viewed",
  "collection_viewed",
  "search_submitted",
  "product_added_to_cart",
  "checkout_started",
  "checkout_completed",
];

export interface BrowseEventRecord {
  eventId: string;
  name: BrowseEventName;
  clientId: string;
  customerExternalId: string | null;
  occurredAt: Date;
  url: string | null;
  productExternalId: string | null;
  variantExternalId: string | null;
  collectionId: string | null;
  searchQuery: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  value: number | null;
}
