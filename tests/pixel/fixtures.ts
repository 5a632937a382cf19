// Shopify standard events as the web pixel receives them, typed with the
// package's own types so a shape that drifts from Shopify's breaks tsc.
// Payloads follow Shopify's documented standard events (ids as the pixel API
// sends them: plain numeric strings for products and variants).

import {
  EventType,
  type Checkout,
  type Context,
  type Location,
  type PixelEventsCheckoutCompleted,
  type PixelEventsCheckoutStarted,
  type PixelEventsCollectionViewed,
  type PixelEventsPageViewed,
  type PixelEventsProductAddedToCart,
  type PixelEventsProductViewed,
  type PixelEventsSearchSubmitted,
  type ProductVariant,
} from "@shopify/web-pixels-extension";

export const SHOP = "pearl-test-store.myshopify.com";
export const STOREFRONT = "https://pearl-test-store.myshopify.com";
export const CLIENT_ID = "b3c4a1e2-5f6d-4c8b-9a0e-1d2c3b4a5f60";
/** The reference "now" of the tests: a few seconds after the events. */
export const NOW = Date.parse("2026-01-01T10:05:00.000Z");

export function context(href: string): Context {
  const url = new URL(href);
  const location: Location = {
    hash: url.hash,
    host: url.host,
    hostname: url.hostname,
    href: url.href,
    origin: url.origin,
    pathname: url.pathname,
    port: url.port,
    protocol: url.protocol,
    search: url.search,
  };
  return {
    document: { characterSet: "UTF-8", location, referrer: "https://www.google.com/", title: "Pearl Test Store" },
    navigator: {
      cookieEnabled: true,
      language: "en-US",
      languages: ["en-US", "en"],
      userAgent:
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
    },
    window: {
      innerHeight: 812,
      innerWidth: 1440,
      location,
      origin: url.origin,
      outerHeight: 900,
      outerWidth: 1440,
      pageXOffset: 0,
      pageYOffset: 0,
      screen: { height: 900, width: 1440 },
      screenX: 0,
      screenY: 25,
      scrollX: 0,
      scrollY: 0,
    },
  };
}

export const linenShirtBlueM: ProductVariant = {
  id: "44521316319543",
  image: { src: "//cdn.shopify.com/s/files/1/0612/3456/7890/files/linen-shirt-blue.jpg?v=1735689600" },
  price: { amount: 59, currencyCode: "EUR" },
  product: {
    id: "8123456789012",
    title: "Linen Shirt",
    type: "Shirts",
    untranslatedTitle: "Linen Shirt",
    url: "/products/linen-shirt",
    vendor: "Pearl Test Store",
  },
  sku: "LS-BLU-M",
  title: "Blue / M",
  untranslatedTitle: "Blue / M",
};

export const canvasToteNatural: ProductVariant = {
  id: "44521316352311",
  image: { src: "//cdn.shopify.com/s/files/1/0612/3456/7890/files/canvas-tote.jpg?v=1735689600" },
  price: { amount: 24.5, currencyCode: "EUR" },
  product: {
    id: "8123456821780",
    title: "Canvas Tote",
    type: "Bags",
    untranslatedTitle: "Canvas Tote",
    url: "/products/canvas-tote",
    vendor: "Pearl Test Store",
  },
  sku: "CT-NAT",
  title: "Natural",
  untranslatedTitle: "Natural",
};

const common = (id: string, seq: number, timestamp: string) => ({
  clientId: CLIENT_ID,
  id,
  seq,
  timestamp,
  type: EventType.Standard as const,
});

export const pageViewed: PixelEventsPageViewed = {
  ...common("sh-88153c5a-8F2D-4CCA-3231-EF5C032A4C3B", 0, "2026-01-01T10:00:00.000Z"),
  context: context(`${STOREFRONT}/pages/about-us`),
  data: {},
  name: "page_viewed",
};

export const productViewed: PixelEventsProductViewed = {
  ...common("sh-8a1e2c4f-0B3D-4E5F-6A7B-8C9D0E1F2A3B", 1, "2026-01-01T10:00:12.345Z"),
  context: context(`${STOREFRONT}/products/linen-shirt?variant=44521316319543`),
  data: { productVariant: linenShirtBlueM },
  name: "product_viewed",
};

export const collectionViewed: PixelEventsCollectionViewed = {
  ...common("sh-1c2d3e4f-5A6B-4C7D-8E9F-0A1B2C3D4E5F", 2, "2026-01-01T10:00:30.000Z"),
  context: context(`${STOREFRONT}/collections/summer`),
  data: {
    collection: { id: "312345678901", title: "Summer", productVariants: [linenShirtBlueM, canvasToteNatural] },
  },
  name: "collection_viewed",
};

export const searchSubmitted: PixelEventsSearchSubmitted = {
  ...common("sh-2d3e4f5a-6B7C-4D8E-9F0A-1B2C3D4E5F6A", 3, "2026-01-01T10:01:00.000Z"),
  context: context(`${STOREFRONT}/search?q=linen+shirt&options%5Bprefix%5D=last`),
  data: { searchResult: { query: "linen shirt", productVariants: [linenShirtBlueM] } },
  name: "search_submitted",
};

export const productAddedToCart: PixelEventsProductAddedToCart = {
  ...common("sh-3e4f5a6b-7C8D-4E9F-0A1B-2C3D4E5F6A7B", 4, "2026-01-01T10:01:45.500Z"),
  context: context(`${STOREFRONT}/products/linen-shirt?variant=44521316319543`),
  data: {
    cartLine: {
      cost: { totalAmount: { amount: 118, currencyCode: "EUR" } },
      merchandise: linenShirtBlueM,
      quantity: 2,
    },
  },
  name: "product_added_to_cart",
};

export const CHECKOUT_TOKEN = "5b2d6e8f0a1c3e5f7a9b1d3f5a7c9e1b";

export function checkout(overrides: Partial<Checkout> = {}): Checkout {
  return {
    attributes: [],
    billingAddress: null,
    buyerAcceptsEmailMarketing: false,
    buyerAcceptsSmsMarketing: false,
    currencyCode: "EUR",
    delivery: null,
    discountApplications: [],
    discountsAmount: { amount: 0, currencyCode: "EUR" },
    email: null,
    lineItems: [
      {
        discountAllocations: [],
        finalLinePrice: { amount: 118, currencyCode: "EUR" },
        id: "gid://shopify/CheckoutLineItem/44521316319543?checkout=5b2d6e8f0a1c3e5f7a9b1d3f5a7c9e1b",
        properties: [],
        quantity: 2,
        sellingPlanAllocation: null,
        title: "Linen Shirt",
        variant: linenShirtBlueM,
      },
    ],
    localization: {
      country: { isoCode: "FR" },
      language: { isoCode: "fr" },
      market: { handle: "fr", id: "gid://shopify/Market/12345678" },
    },
    order: null,
    phone: null,
    shippingAddress: null,
    shippingLine: null,
    smsMarketingPhone: null,
    subtotalPrice: { amount: 118, currencyCode: "EUR" },
    token: CHECKOUT_TOKEN,
    totalPrice: { amount: 118, currencyCode: "EUR" },
    totalTax: { amount: 19.67, currencyCode: "EUR" },
    transactions: [],
    ...overrides,
  };
}

export const checkoutStarted: PixelEventsCheckoutStarted = {
  ...common("sh-4f5a6b7c-8D9E-4F0A-1B2C-3D4E5F6A7B8C", 5, "2026-01-01T10:02:10.000Z"),
  context: context(`${STOREFRONT}/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpHWlBROUhT?locale=fr-FR`),
  data: { checkout: checkout() },
  name: "checkout_started",
};

export const checkoutCompleted: PixelEventsCheckoutCompleted = {
  ...common("sh-5a6b7c8d-9E0F-4A1B-2C3D-4E5F6A7B8C9D", 6, "2026-01-01T10:04:58.000Z"),
  context: context(`${STOREFRONT}/checkouts/cn/Z2NwLWV1cm9wZS13ZXN0NDowMUpHWlBROUhT/thank-you`),
  data: {
    checkout: checkout({
      email: "ada@example.com",
      order: { id: "6012345678901", customer: { id: "7345678901234", isFirstOrder: true } },
      shippingLine: { price: { amount: 4.9, currencyCode: "EUR" } },
      totalPrice: { amount: 122.9, currencyCode: "EUR" },
      transactions: [
        {
          amount: { amount: 122.9, currencyCode: "EUR" },
          gateway: "shopify_payments",
          paymentMethod: { name: "visa", type: "creditCard" },
        },
      ],
    }),
  },
  name: "checkout_completed",
};

export const ALL_EVENTS = [
  pageViewed,
  productViewed,
  collectionViewed,
  searchSubmitted,
  productAddedToCart,
  checkoutStarted,
  checkoutCompleted,
] as const;

/** A deterministic stand-in for setTimeout/clearTimeout. */
export class FakeTimers {
  now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  setTimer = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  };

  clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  get pending(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
