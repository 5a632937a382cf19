// The demo store's traffic: canonical records (e.g. the online-retail import)
// replayed as what Shopify and Pearl's web pixel would send, in time order.
//
// For every sale order, at its processedAt T:
//   products/create   for products sold for the first time, an hour before T (so before
//                     any visit that could show them)
//   pixel events      a storefront visit in the minutes before T: page_viewed, sometimes
//                     collection_viewed or search_submitted, product_viewed for the bought
//                     items (at most maxProductsPerSession) and 1-3 items not bought,
//                     product_added_to_cart for the bought ones, checkout_started, and
//                     checkout_completed at T. A customer's visits never overlap: when
//                     the data has two orders minutes apart, the second visit is
//                     squeezed in between (possibly to a single instant).
//   carts/create      at the first add to cart (that line), carts/update at the last (all
//                     product lines); its token is the order's cart_token
//   customers/create  just before the checkout, for a customer's first order
//   checkouts/create  at checkout_started, with cart_token; its token is the order's checkout_token
//   orders/create     at T, billing = the buyer, shipping = the buyer or, for gifts, someone else
// Matched cancellations give refunds/create at their date, unmatched ones orders/cancelled
// (with customers/create and products/create first when needed; no session).
// A seeded share of customers (abandonShare, default 1 in 4) come back 1-20 days after
// their first order (or just before their next order, if that comes sooner) and leave a
// cart of 1-3 products they bought or only viewed then; half of them also start a
// checkout. These carts and checkouts never become orders. Carts carry no customer (as
// in Shopify); the visit's pixel events carry the customer id and the cart token.
//
// Times: webhook payloads keep the records' times (2010-2011 for online-retail). Pixel
// event timestamps can be moved with `timeShiftMs` or `pixelTime` (Pearl's endpoint
// rejects events older than 7 days); `compressTimeline` maps a whole period into a
// recent window. Every message carries `at`, its original time; messages come sorted
// by `at`. A pixel batch holds up to maxEventsPerBatch consecutive events of one session
// and is sent (`at`) at its last event, as a browser batching events would.
//
// Webhook ids, event ids, tokens and numeric ids are derived from the records and the seed
// (see ids.ts): the same input always gives the same messages, so a replay is idempotent.
// Memory: per customer and product a few ids; pending messages of the last three hours
// plus planned abandoned visits.

import type { ImportItem } from "../imports/importItems.ts";
import { streamOnlineRetail, type OnlineRetailOptions } from "../imports/onlineRetail.ts";
import type { ImportSource } from "../imports/textSource.ts";
import { BROWSE_EVENT_NAMES, type CustomerRecord, type OrderRecord, type ProductRecord, type RefundRecord } from "../store/records.ts";
import { pick, randomInt, sample, seededRandom, shopifyId, stableToken, stableUuid, type Random } from "./ids.ts";
import { customerPersona, guestPersona, orderGiftPlan, type DemoAddress, type DemoPersona } from "./personas.ts";
import {
  basketLinesOf,
  cartPayload,
  checkoutPayload,
  customerId as shopifyCustomerId,
  customerPayload,
  orderPayload,
  pixelBatch,
  productId as shopifyProductId,
  productPayload,
  refundPayload,
  variantId as shopifyVariantId,
  type BasketLine,
  type JsonObject,
  type PixelEvent,
  type PixelEventName,
} from "./shopifyPayloads.ts";

export type DemoWebhookTopic =
  | "customers/create"
  | "products/create"
  | "carts/create"
  | "carts/update"
  | "checkouts/create"
  | "orders/create"
  | "orders/cancelled"
  | "refunds/create";

export type DemoMessage =
  | {
      kind: "webhook";
      topic: DemoWebhookTopic;
      /** Unique per delivery (X-Shopify-Webhook-Id), deterministic. */
      webhookId: string;
      /** X-Shopify-Event-Id. */
      eventId: string;
      /** Original time of the event (X-Shopify-Triggered-At). */
      at: Date;
      body: string;
    }
  | {
      kind: "pixel";
      /** Original time of the batch's last event (timestamps in the body may be shifted). */
      at: Date;
      events: number;
      body: string;
    };

export interface DemoTrafficOptions {
  /** The shop's myshopify domain, e.g. "pearl-demo.myshopify.com". */
  shop: string;
  /** The shop's public key, sent in pixel batches. */
  publicKey: string;
  /** Seed of every random choice; default "pearl-demo". */
  seed?: string | number;
  /** The shop's time zone for Shopify timestamps; default Europe/London. */
  timeZone?: string;
  /** Added to pixel event timestamps (not to webhook payloads). */
  timeShiftMs?: number;
  /** Maps a pixel event's original time to the timestamp sent; overrides timeShiftMs. */
  pixelTime?: (original: Date) => Date;
  /** Stop after this many orders/create. */
  maxOrders?: number;
  /** Stop at records after this instant (messages after it are dropped). */
  until?: Date;
  /** Share of customers who later abandon a cart; default 0.25. */
  abandonShare?: number;
  /** Bought items viewed and added to cart in a session, at most; default 20. */
  maxProductsPerSession?: number;
  /** Events per pixel batch, at most; default 25. */
  maxEventsPerBatch?: number;
  /** Emit pixel batches; default true. */
  pixels?: boolean;
  /** Image URL of a product; default a placeholder image showing its title. */
  productImageUrl?: (product: ProductRecord) => string | null;
}

export interface DemoTrafficStats {
  webhooks: Record<DemoWebhookTopic, number>;
  pixelBatches: number;
  pixelEvents: number;
  pixelEventsByName: Record<PixelEventName, number>;
  orders: number;
  guestOrders: number;
  giftOrders: number;
  abandonedCarts: number;
  abandonedCheckouts: number;
}

interface ProductInfo {
  externalId: string;
  productId: number;
  variantId: number;
  handle: string;
  title: string;
  price: number;
  sku: string | null;
  collections: Collection[];
}

interface Collection {
  handle: string;
  title: string;
  words: string[];
}

/** Storefront collections of the demo, by words in product titles. */
export const DEMO_COLLECTIONS: readonly Collection[] = [
  { handle: "christmas", title: "Christmas", words: ["CHRISTMAS", "XMAS", "ADVENT", "SANTA", "REINDEER", "SNOWFLAKE", "TREE"] },
  { handle: "hearts-and-love", title: "Hearts & Love", words: ["HEART", "LOVE", "VALENTINE"] },
  { handle: "retrospot", title: "Retrospot & Polkadot", words: ["RETROSPOT", "POLKADOT", "SPOTTY"] },
  { handle: "vintage", title: "Vintage", words: ["VINTAGE", "ANTIQUE", "REGENCY", "BAROQUE", "VICTORIAN"] },
  { handle: "bags", title: "Bags", words: ["BAG", "CHARLOTTE", "SHOPPER"] },
  { handle: "candles-and-lights", title: "Candles & Lights", words: ["CANDLE", "T-LIGHT", "LIGHTS", "LANTERN", "LIGHT"] },
  { handle: "baking-and-tea", title: "Baking & Tea", words: ["CAKE", "BAKING", "TEA", "BISCUIT", "CAKESTAND", "MUG", "CUP"] },
  { handle: "kitchen", title: "Kitchen", words: ["KITCHEN", "BOWL", "PLATE", "JAR", "TIN", "LUNCH BOX", "APRON", "SPOON"] },
  { handle: "garden", title: "Garden", words: ["GARDEN", "WATERING", "PLANT", "BIRD", "FLOWER"] },
  { handle: "kids", title: "Kids", words: ["CHILDRENS", "CHILDS", "TOY", "DOLLY", "SPACEBOY", "DINOSAUR", "GAME"] },
  { handle: "cards-and-wrap", title: "Cards & Wrap", words: ["CARD", "WRAP", "GIFT TAG", "PAPER", "RIBBON", "NAPKINS"] },
  { handle: "home-decor", title: "Home Decor", words: ["SIGN", "FRAME", "DOORMAT", "CLOCK", "MIRROR", "HOOK", "CUSHION", "DOORSTOP"] },
];

const TOPICS: DemoWebhookTopic[] = [
  "customers/create",
  "products/create",
  "carts/create",
  "carts/update",
  "checkouts/create",
  "orders/create",
  "orders/cancelled",
  "refunds/create",
];

const EVENT_NAMES: readonly PixelEventName[] = BROWSE_EVENT_NAMES;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
/** A visit before an order lasts at most this long (longer ones are compressed). */
const MAX_SESSION_MS = 50 * MINUTE;
/** Products sold for the first time are published this long before the sale. */
const PRODUCT_LEAD_MS = 60 * MINUTE;
/** An abandoned visit is generated once the records have moved this far past its time. */
const PLAN_RELEASE_MS = 2 * 60 * MINUTE;
/** Nothing generated for a record lies further before the record's time than this. */
const LOOKBACK_MS = 3 * 60 * MINUTE;

/**
 * A mapping for `pixelTime`: moves [from, to] linearly onto [intoFrom, intoTo],
 * e.g. nine months of browsing into the last six days.
 */
export function compressTimeline(from: Date, to: Date, intoFrom: Date, intoTo: Date): (original: Date) => Date {
  const span = Math.max(1, to.getTime() - from.getTime());
  const into = intoTo.getTime() - intoFrom.getTime();
  return (original) => new Date(intoFrom.getTime() + ((original.getTime() - from.getTime()) / span) * into);
}

/** The default product image: a placeholder picture with the product's title. */
export function placeholderImageUrl(product: ProductRecord): string {
  const text = product.title.length > 40 ? `${product.title.slice(0, 37)}...` : product.title;
  return `https://placehold.co/600x600/png?text=${encodeURIComponent(text)}`;
}

function collectionsOf(title: string): Collection[] {
  const upper = title.toUpperCase();
  return DEMO_COLLECTIONS.filter((collection) => collection.words.some((word) => upper.includes(word)));
}

// ---------------------------------------------------------------------------
// A min-heap of pending messages by (time, sequence)

interface Pending {
  t: number;
  seq: number;
  message: DemoMessage;
  /** Event names of a pixel batch, for the statistics. */
  names?: PixelEventName[];
}

class MessageHeap {
  private items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  private less(a: Pending, b: Pending): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }
  push(item: Pending): void {
    const items = this.items;
    items.push(item);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.less(items[at], items[parent])) break;
      [items[at], items[parent]] = [items[parent], items[at]];
      at = parent;
    }
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  pop(): Pending | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let smallest = at;
        if (left < items.length && this.less(items[left], items[smallest])) smallest = left;
        if (right < items.length && this.less(items[right], items[smallest])) smallest = right;
        if (smallest === at) break;
        [items[at], items[smallest]] = [items[smallest], items[at]];
        at = smallest;
      }
    }
    return top;
  }
}

// ---------------------------------------------------------------------------

interface AbandonPlan {
  at: number;
  customer: CustomerRecord;
  persona: DemoPersona;
  currency: string;
  products: { info: ProductInfo; quantity: number; viewGap: number; addGap: number }[];
  withCheckout: boolean;
  checkoutGap: number;
  duration: number;
}

interface SessionEvent {
  name: PixelEventName;
  t: number;
  url: string;
  product: ProductInfo | null;
  collection: Collection | null;
  searchQuery: string | null;
  cartToken: string | null;
  checkoutToken: string | null;
  value: number | null;
  /** Logged-in customer id for this event, if any. */
  customerId: string | null;
}

/**
 * Demo traffic for a stream of canonical records in time order (customers and
 * products before the orders that use them, as the importers emit them).
 * Yields messages sorted by `at`; the return value is the statistics.
 */
export async function* demoTraffic(
  items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
  options: DemoTrafficOptions,
): AsyncGenerator<DemoMessage, DemoTrafficStats> {
  const seed = options.seed ?? "pearl-demo";
  const timeZone = options.timeZone ?? "Europe/London";
  const shop = options.shop;
  const base = `https://${shop}`;
  const abandonShare = options.abandonShare ?? 0.25;
  const maxProducts = Math.max(1, options.maxProductsPerSession ?? 20);
  const maxEventsPerBatch = Math.max(1, options.maxEventsPerBatch ?? 25);
  const emitPixels = options.pixels ?? true;
  const shift = options.timeShiftMs ?? 0;
  const pixelTime = options.pixelTime ?? ((original: Date) => new Date(original.getTime() + shift));
  const imageUrl = options.productImageUrl ?? placeholderImageUrl;
  const until = options.until?.getTime() ?? Number.POSITIVE_INFINITY;

  const stats: DemoTrafficStats = {
    webhooks: Object.fromEntries(TOPICS.map((topic) => [topic, 0])) as Record<DemoWebhookTopic, number>,
    pixelBatches: 0,
    pixelEvents: 0,
    pixelEventsByName: Object.fromEntries(EVENT_NAMES.map((name) => [name, 0])) as Record<PixelEventName, number>,
    orders: 0,
    guestOrders: 0,
    giftOrders: 0,
    abandonedCarts: 0,
    abandonedCheckouts: 0,
  };

  const heap = new MessageHeap();
  let seq = 0;
  const productRecords = new Map<string, ProductRecord>();
  const createdProducts = new Map<string, ProductInfo>();
  const catalog: ProductInfo[] = [];
  const customerCreatedAt = new Map<string, Date>();
  const personas = new Map<string, DemoPersona>();

  const webhook = (topic: DemoWebhookTopic, key: string, t: number, body: JsonObject): void => {
    heap.push({
      t,
      seq: seq++,
      message: {
        kind: "webhook",
        topic,
        webhookId: stableUuid(`webhook:${seed}:${topic}:${key}:${t}`),
        eventId: stableUuid(`event:${seed}:${topic}:${key}:${t}`),
        at: new Date(t),
        body: JSON.stringify(body),
      },
    });
  };

  const personaOf = (customer: CustomerRecord): DemoPersona => {
    let persona = personas.get(customer.externalId);
    if (!persona) {
      persona = customerPersona(customer.externalId, customer.address?.country ?? null, seed);
      personas.set(customer.externalId, persona);
    }
    return persona;
  };

  const embeddedCustomer = (customer: CustomerRecord, currency: string): JsonObject =>
    customerPayload({
      customer,
      persona: personaOf(customer),
      currency,
      createdAt: customerCreatedAt.get(customer.externalId) ?? customer.sourceCreatedAt ?? new Date(0),
      timeZone,
      withAddresses: false,
    });

  const ensureCustomer = (customer: CustomerRecord, t: number, currency: string): boolean => {
    if (customerCreatedAt.has(customer.externalId)) return false;
    const createdAt = new Date(t);
    customerCreatedAt.set(customer.externalId, createdAt);
    webhook(
      "customers/create",
      customer.externalId,
      t,
      customerPayload({ customer, persona: personaOf(customer), currency, createdAt, timeZone }),
    );
    return true;
  };

  const ensureProduct = (externalId: string, fallback: { title: string; price: number; sku: string | null }, t: number): ProductInfo => {
    let info = createdProducts.get(externalId);
    if (info) return info;
    const record: ProductRecord = productRecords.get(externalId) ?? {
      externalId,
      title: fallback.title,
      handle: externalId.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      productType: null,
      vendor: null,
      tags: "",
      status: "active",
      imageUrl: null,
      publishedAt: null,
      sourceCreatedAt: null,
      sourceUpdatedAt: null,
      variants: [
        { externalId, title: null, sku: fallback.sku, price: fallback.price, compareAtPrice: null, inventoryQuantity: null },
      ],
    };
    const collections = collectionsOf(record.title);
    const variant = record.variants[0];
    info = {
      externalId,
      productId: shopifyProductId(externalId),
      variantId: shopifyVariantId(variant?.externalId ?? externalId),
      handle: record.handle ?? externalId.toLowerCase(),
      title: record.title,
      price: variant?.price ?? fallback.price,
      sku: variant?.sku ?? fallback.sku,
      collections,
    };
    createdProducts.set(externalId, info);
    catalog.push(info);
    webhook(
      "products/create",
      externalId,
      t,
      productPayload({
        product: record,
        createdAt: new Date(t),
        timeZone,
        imageUrl: record.imageUrl ?? imageUrl(record),
        productType: record.productType ?? collections[0]?.title ?? "Gifts",
        vendor: record.vendor ?? "Pearl Demo Gifts",
      }),
    );
    return info;
  };

  const pushSession = (sessionKey: string, clientId: string, events: SessionEvent[]): void => {
    if (!emitPixels || events.length === 0) return;
    const wire: PixelEvent[] = events.map((event, index) => ({
      id: stableUuid(`pixel:${seed}:${sessionKey}:${index}`),
      name: event.name,
      timestamp: pixelTime(new Date(event.t)).toISOString(),
      clientId,
      customerId: event.customerId,
      url: event.url,
      productId: event.product ? String(event.product.productId) : null,
      variantId: event.product ? String(event.product.variantId) : null,
      collectionId: event.collection ? String(collectionId(event.collection)) : null,
      searchQuery: event.searchQuery,
      cartToken: event.cartToken,
      checkoutToken: event.checkoutToken,
      value: event.value,
    }));
    for (let start = 0; start < wire.length; start += maxEventsPerBatch) {
      const batch = wire.slice(start, start + maxEventsPerBatch);
      const t = events[Math.min(events.length, start + maxEventsPerBatch) - 1].t;
      heap.push({
        t,
        seq: seq++,
        message: { kind: "pixel", at: new Date(t), events: batch.length, body: JSON.stringify(pixelBatch(shop, options.publicKey, batch)) },
        names: batch.map((event) => event.name),
      });
    }
  };

  const clientIdFor = (key: string): string => stableUuid(`client:${seed}:${key}`);

  /** Latest activity (order, cancellation, abandoned visit) per customer: sessions never overlap. */
  const lastActivity = new Map<string, number>();
  /** Abandoned visits planned after a first order, generated once their time has come. */
  const planned = new Map<string, AbandonPlan>();

  const none = { product: null, collection: null, searchQuery: null, cartToken: null, checkoutToken: null, value: null };

  /** The storefront visit before an order and the order's webhooks. */
  const orderSession = (order: OrderRecord): void => {
    const T = order.processedAt.getTime();
    const random = seededRandom(seed, `session:${order.externalId}`);
    const customer = order.customer;
    const firstOrder = customer !== null && !customerCreatedAt.has(customer.externalId);
    const persona = customer ? personaOf(customer) : guestPersona(order.externalId, order.billing?.country ?? null, seed);
    const loggedIn = customer !== null && !firstOrder ? String(shopifyCustomerId(customer.externalId)) : null;
    const knownId = customer ? String(shopifyCustomerId(customer.externalId)) : null;
    const clientId = clientIdFor(customer ? `customer:${customer.externalId}` : `guest:${order.externalId}`);
    const cartToken = stableToken(`cart:${order.externalId}`);
    const checkoutToken = stableToken(`checkout:${order.externalId}`);

    // Products sold for the first time are published an hour before the sale,
    // before any session that could show them.
    const boughtLines = order.lines.filter((line) => line.productExternalId !== null);
    const boughtIds = new Set(boughtLines.map((line) => line.productExternalId as string));
    const extras = sample(random, catalog, randomInt(random, 1, 3)).filter((info) => !boughtIds.has(info.externalId));
    for (const line of boughtLines) {
      ensureProduct(line.productExternalId as string, { title: line.title, price: line.price, sku: line.sku }, T - PRODUCT_LEAD_MS);
    }
    const viewedBought = [...boughtIds].slice(0, maxProducts).map((id) => createdProducts.get(id) as ProductInfo);
    const views = [...viewedBought.map((info) => ({ info, bought: true })), ...extras.map((info) => ({ info, bought: false }))];
    for (let at = views.length - 1; at > 0; at--) {
      const other = Math.floor(random() * (at + 1));
      [views[at], views[other]] = [views[other], views[at]];
    }

    // The visit, as offsets from its start.
    const timeline: Omit<SessionEvent, "t">[] = [];
    const offsets: number[] = [];
    let clock = 0;
    const add = (gapMs: number, event: Omit<SessionEvent, "t">): number => {
      clock += gapMs;
      offsets.push(clock);
      timeline.push(event);
      return timeline.length - 1;
    };
    add(0, { ...none, name: "page_viewed", url: `${base}/`, customerId: loggedIn });
    const roll = random();
    const withCollection = views.map((view) => view.info).find((info) => info.collections.length > 0);
    if (roll < 0.35 && withCollection) {
      const collection = pick(random, withCollection.collections);
      add(randomInt(random, 10, 60) * SECOND, {
        ...none,
        name: "collection_viewed",
        url: `${base}/collections/${collection.handle}`,
        collection,
        customerId: loggedIn,
      });
    } else if (roll < 0.6 && viewedBought.length > 0) {
      const words = viewedBought[0].title.toLowerCase().split(/[^a-z]+/).filter((word) => word.length >= 4);
      const query = words.length ? pick(random, words) : "gift";
      add(randomInt(random, 10, 60) * SECOND, {
        ...none,
        name: "search_submitted",
        url: `${base}/search?q=${encodeURIComponent(query)}`,
        searchQuery: query,
        customerId: loggedIn,
      });
    }
    const addIndexes: number[] = [];
    for (const { info, bought } of views) {
      add(randomInt(random, 20, 90) * SECOND, {
        ...none,
        name: "product_viewed",
        url: `${base}/products/${info.handle}`,
        product: info,
        value: info.price,
        customerId: loggedIn,
      });
      if (!bought) continue;
      const line = boughtLines.find((candidate) => candidate.productExternalId === info.externalId);
      addIndexes.push(
        add(randomInt(random, 5, 25) * SECOND, {
          ...none,
          name: "product_added_to_cart",
          url: `${base}/cart`,
          product: info,
          cartToken,
          value: Math.round((line ? line.price * line.quantity : info.price) * 100) / 100,
          customerId: loggedIn,
        }),
      );
    }
    const hasCart = boughtLines.length > 0;
    const checkoutIndex = add(randomInt(random, 30, 120) * SECOND, {
      ...none,
      name: "checkout_started",
      url: `${base}/checkouts/cn/${checkoutToken}`,
      cartToken: hasCart ? cartToken : null,
      checkoutToken,
      value: order.totalPrice,
      customerId: loggedIn,
    });
    add(randomInt(random, 60, 300) * SECOND, {
      ...none,
      name: "checkout_completed",
      url: `${base}/checkouts/cn/${checkoutToken}/thank-you`,
      cartToken: hasCart ? cartToken : null,
      checkoutToken,
      value: order.totalPrice,
      customerId: knownId,
    });

    // Fit the visit after the customer's previous activity (an abandoned visit
    // due before this order goes first) and within MAX_SESSION_MS.
    let floor = customer ? (lastActivity.get(customer.externalId) ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
    let start = Math.max(T - Math.min(clock, MAX_SESSION_MS), floor + SECOND);
    const plan = customer ? planned.get(customer.externalId) : undefined;
    if (plan && plan.at < T) {
      planned.delete(plan.customer.externalId);
      const at = Math.min(plan.at, start - plan.duration - MINUTE);
      if (at > floor) {
        abandonedVisit(plan, at);
        floor = at + plan.duration;
        start = Math.max(start, floor + SECOND);
      }
    }
    start = Math.min(start, T);
    const scale = clock > 0 ? Math.min(1, (T - start) / clock) : 1;
    const events: SessionEvent[] = timeline.map((event, index) => ({
      ...event,
      t: index === timeline.length - 1 ? T : start + Math.floor(offsets[index] * scale),
    }));
    if (customer) lastActivity.set(customer.externalId, T);
    pushSession(`order:${order.externalId}`, clientId, events);

    // Cart webhooks: created at the first add, updated at the last with every product line.
    const cartLines = basketLinesOf(order, true);
    if (hasCart) {
      const adds = addIndexes.map((index) => events[index]);
      const firstAdd = adds[0]?.t ?? events[checkoutIndex].t;
      const lastAdd = adds[adds.length - 1]?.t ?? firstAdd;
      const firstProduct = adds[0]?.product?.productId;
      const firstLine = cartLines.find((line) => line.productId === firstProduct) ?? cartLines[0];
      const updatedAt = Math.min(lastAdd + SECOND, events[checkoutIndex].t);
      webhook(
        "carts/create",
        cartToken,
        firstAdd,
        cartPayload({ token: cartToken, lines: [firstLine], currency: order.currency, createdAt: new Date(firstAdd), updatedAt: new Date(firstAdd) }),
      );
      webhook(
        "carts/update",
        cartToken,
        updatedAt,
        cartPayload({ token: cartToken, lines: cartLines, currency: order.currency, createdAt: new Date(firstAdd), updatedAt: new Date(updatedAt) }),
      );
    }

    // Gift or not: who pays, who receives.
    const gift = orderGiftPlan(order.externalId, order.processedAt, order.billing?.country ?? customer?.address?.country ?? null, seed, persona);
    const billing = persona.address;
    const shipping = gift.gift && gift.recipient ? gift.recipient : billing;
    const noteAttributes = gift.giftWrap ? [{ name: "Gift wrap", value: "Yes" }] : [];
    if (gift.gift) stats.giftOrders++;

    const checkoutAt = events[checkoutIndex].t;
    if (customer) ensureCustomer(customer, checkoutAt, order.currency);
    const customerJson = customer ? embeddedCustomer(customer, order.currency) : null;
    webhook(
      "checkouts/create",
      checkoutToken,
      checkoutAt,
      checkoutPayload({
        token: checkoutToken,
        cartToken: hasCart ? cartToken : null,
        shop,
        timeZone,
        currency: order.currency,
        lines: basketLinesOf(order, false),
        email: persona.email,
        customer: customerJson,
        billing,
        shipping,
        buyerAcceptsMarketing: persona.acceptsMarketing,
        locale: persona.locale,
        note: gift.note,
        noteAttributes,
        createdAt: new Date(checkoutAt),
        updatedAt: new Date(checkoutAt),
      }),
    );
    webhook(
      "orders/create",
      order.externalId,
      T,
      orderPayload({
        order,
        shop,
        timeZone,
        customer: customerJson,
        email: persona.email,
        phone: persona.phone,
        locale: persona.locale,
        buyerAcceptsMarketing: persona.acceptsMarketing,
        billing,
        shipping,
        note: gift.note,
        noteAttributes,
        cartToken: hasCart ? cartToken : null,
        checkoutToken,
      }),
    );
    stats.orders++;
    if (!customer) stats.guestOrders++;

    if (customer && firstOrder) {
      const candidates = [...extras, ...viewedBought];
      const abandonRandom = seededRandom(seed, `abandon:${customer.externalId}`);
      if (abandonRandom() < abandonShare && candidates.length > 0) {
        planned.set(customer.externalId, planAbandonment(customer, persona, order, candidates, abandonRandom));
      }
    }
  };

  const planAbandonment = (
    customer: CustomerRecord,
    persona: DemoPersona,
    order: OrderRecord,
    candidates: ProductInfo[],
    random: Random,
  ): AbandonPlan => {
    const at = order.processedAt.getTime() + randomInt(random, 1, 20) * DAY + randomInt(random, -180, 180) * MINUTE;
    const products = sample(random, candidates, randomInt(random, 1, 3)).map((info) => ({
      info,
      quantity: randomInt(random, 1, 6),
      viewGap: randomInt(random, 20, 90) * SECOND,
      addGap: randomInt(random, 5, 25) * SECOND,
    }));
    const withCheckout = random() < 0.5;
    const checkoutGap = randomInt(random, 30, 120) * SECOND;
    const duration =
      products.reduce((sum, product) => sum + product.viewGap + product.addGap, 0) + (withCheckout ? checkoutGap : SECOND);
    return { at, customer, persona, currency: order.currency, products, withCheckout, checkoutGap, duration };
  };

  /** A visit that leaves a cart (and maybe a checkout) behind, starting at `start`. */
  const abandonedVisit = (plan: AbandonPlan, start: number): void => {
    if (start > until) return;
    const { customer, persona } = plan;
    const customerIdText = String(shopifyCustomerId(customer.externalId));
    const cartToken = stableToken(`abandoned-cart:${customer.externalId}`);
    const checkoutToken = stableToken(`abandoned-checkout:${customer.externalId}`);
    const events: SessionEvent[] = [];
    let t = start;
    events.push({ ...none, name: "page_viewed", t, url: `${base}/`, customerId: customerIdText });
    const lines: BasketLine[] = [];
    const addTimes: number[] = [];
    for (const { info, quantity, viewGap, addGap } of plan.products) {
      t += viewGap;
      events.push({ ...none, name: "product_viewed", t, url: `${base}/products/${info.handle}`, product: info, value: info.price, customerId: customerIdText });
      t += addGap;
      addTimes.push(t);
      events.push({
        ...none,
        name: "product_added_to_cart",
        t,
        url: `${base}/cart`,
        product: info,
        cartToken,
        value: Math.round(info.price * quantity * 100) / 100,
        customerId: customerIdText,
      });
      lines.push({ productId: info.productId, variantId: info.variantId, sku: info.sku, title: info.title, quantity, price: info.price });
    }
    const firstAdd = addTimes[0];
    const total = Math.round(lines.reduce((sum, line) => sum + line.price * line.quantity, 0) * 100) / 100;
    const checkoutAt = t + plan.checkoutGap;
    if (plan.withCheckout) {
      events.push({
        ...none,
        name: "checkout_started",
        t: checkoutAt,
        url: `${base}/checkouts/cn/${checkoutToken}`,
        cartToken,
        checkoutToken,
        value: total,
        customerId: customerIdText,
      });
    }
    lastActivity.set(customer.externalId, Math.max(lastActivity.get(customer.externalId) ?? 0, start + plan.duration));
    pushSession(`abandoned:${customer.externalId}`, clientIdFor(`customer:${customer.externalId}`), events);
    webhook(
      "carts/create",
      cartToken,
      firstAdd,
      cartPayload({ token: cartToken, lines: [lines[0]], currency: plan.currency, createdAt: new Date(firstAdd), updatedAt: new Date(firstAdd) }),
    );
    const updatedAt = t + SECOND;
    webhook(
      "carts/update",
      cartToken,
      updatedAt,
      cartPayload({ token: cartToken, lines, currency: plan.currency, createdAt: new Date(firstAdd), updatedAt: new Date(updatedAt) }),
    );
    stats.abandonedCarts++;
    if (plan.withCheckout) {
      stats.abandonedCheckouts++;
      webhook(
        "checkouts/create",
        checkoutToken,
        checkoutAt,
        checkoutPayload({
          token: checkoutToken,
          cartToken,
          shop,
          timeZone,
          currency: plan.currency,
          lines,
          email: persona.email,
          customer: embeddedCustomer(customer, plan.currency),
          billing: persona.address,
          shipping: persona.address,
          buyerAcceptsMarketing: persona.acceptsMarketing,
          locale: persona.locale,
          createdAt: new Date(checkoutAt),
          updatedAt: new Date(checkoutAt),
        }),
      );
    }
  };

  /** Abandoned visits whose time has come (all of them at the end). */
  const releasePlans = (before: number): void => {
    for (const [key, plan] of planned) {
      if (plan.at >= before) continue;
      planned.delete(key);
      const floor = lastActivity.get(key) ?? Number.NEGATIVE_INFINITY;
      if (plan.at > floor) abandonedVisit(plan, plan.at);
    }
  };

  const cancelledOrder = (order: OrderRecord): void => {
    const T = (order.cancelledAt ?? order.processedAt).getTime();
    const customer = order.customer;
    for (const line of order.lines) {
      if (line.productExternalId !== null) {
        ensureProduct(line.productExternalId, { title: line.title, price: line.price, sku: line.sku }, T - PRODUCT_LEAD_MS);
      }
    }
    const persona = customer ? personaOf(customer) : guestPersona(order.externalId, order.billing?.country ?? null, seed);
    if (customer) {
      ensureCustomer(customer, T - SECOND, order.currency);
      lastActivity.set(customer.externalId, Math.max(lastActivity.get(customer.externalId) ?? 0, T));
    }
    webhook(
      "orders/cancelled",
      order.externalId,
      T,
      orderPayload({
        order,
        shop,
        timeZone,
        customer: customer ? embeddedCustomer(customer, order.currency) : null,
        email: persona.email,
        phone: persona.phone,
        locale: persona.locale,
        buyerAcceptsMarketing: persona.acceptsMarketing,
        billing: persona.address,
        shipping: persona.address,
      }),
    );
  };

  const refund = (record: RefundRecord, currency: string): void => {
    webhook(
      "refunds/create",
      record.externalId,
      record.processedAt.getTime(),
      refundPayload({
        refund: record,
        currency,
        timeZone,
        describe: (productExternalId) => {
          if (productExternalId === null) return null;
          const info = createdProducts.get(productExternalId);
          return info ? { title: info.title, sku: info.sku, variantExternalId: productExternalId } : null;
        },
      }),
    );
  };

  function* drain(before: number): Generator<DemoMessage> {
    for (let top = heap.peek(); top && top.t < before; top = heap.peek()) {
      heap.pop();
      if (top.t > until) continue;
      const message = top.message;
      if (message.kind === "webhook") {
        stats.webhooks[message.topic]++;
      } else {
        stats.pixelBatches++;
        stats.pixelEvents += message.events;
        for (const name of top.names ?? []) stats.pixelEventsByName[name]++;
      }
      yield message;
    }
  }

  let currency = "GBP";
  for await (const item of items as AsyncIterable<ImportItem>) {
    if (item.kind === "product") {
      productRecords.set(item.record.externalId, item.record);
      continue;
    }
    if (item.kind === "customer") continue;
    const t =
      item.kind === "order" ? (item.record.cancelledAt ?? item.record.processedAt).getTime() : item.record.processedAt.getTime();
    if (t > until) break;
    releasePlans(t - PLAN_RELEASE_MS);
    yield* drain(t - LOOKBACK_MS);
    if (item.kind === "order") {
      currency = item.record.currency;
      if (item.record.cancelledAt) cancelledOrder(item.record);
      else orderSession(item.record);
    } else {
      refund(item.record, currency);
    }
    if (options.maxOrders !== undefined && stats.orders >= options.maxOrders) break;
  }
  releasePlans(Number.POSITIVE_INFINITY);
  yield* drain(Number.POSITIVE_INFINITY);
  return stats;
}

export function collectionId(collection: { handle: string }): number {
  return shopifyId("Collection", collection.handle);
}

/** Demo traffic straight from the online-retail file (see streamOnlineRetail). */
export function onlineRetailDemoTraffic(
  source: ImportSource,
  options: DemoTrafficOptions & { import?: OnlineRetailOptions },
): AsyncGenerator<DemoMessage, DemoTrafficStats> {
  return demoTraffic(streamOnlineRetail(source, options.import), options);
}
