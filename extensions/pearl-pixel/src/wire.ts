// The pure half of the Pearl web pixel: Shopify standard events -> Pearl wire
// events, and the buffer that batches them. No Shopify runtime, no globals:
// index.ts wires it to `register`, fetch, timers and session storage; the
// tests drive it with fakes.
//
// Wire format v1 (read by app/pixel/pixelBatch.ts):
//   { "v": 1, "shop": "store.myshopify.com", "key": "<shop pixel key>", "events": [WireEvent] }

import type {
  PixelEventsCheckoutCompleted,
  PixelEventsCheckoutStarted,
  PixelEventsCollectionViewed,
  PixelEventsPageViewed,
  PixelEventsProductAddedToCart,
  PixelEventsProductViewed,
  PixelEventsSearchSubmitted,
} from "@shopify/web-pixels-extension";

export const WIRE_VERSION = 1;

/** The Shopify standard events Pearl subscribes to; their names are Pearl's event names too. */
export const PIXEL_EVENT_NAMES = [
  "page_viewed",
  "product_viewed",
  "collection_viewed",
  "search_submitted",
  "product_added_to_cart",
  "checkout_started",
  "checkout_completed",
] as const;
export type PixelEventName = (typeof PIXEL_EVENT_NAMES)[number];

export type SupportedPixelEvent =
  | PixelEventsPageViewed
  | PixelEventsProductViewed
  | PixelEventsCollectionViewed
  | PixelEventsSearchSubmitted
  | PixelEventsProductAddedToCart
  | PixelEventsCheckoutStarted
  | PixelEventsCheckoutCompleted;

export interface WireEvent {
  id: string;
  name: PixelEventName;
  timestamp: string;
  clientId: string;
  customerId: string | null;
  url: string | null;
  productId?: string | null;
  variantId?: string | null;
  collectionId?: string | null;
  searchQuery?: string | null;
  cartToken?: string | null;
  checkoutToken?: string | null;
  value?: number | null;
}

export interface WireBatch {
  v: typeof WIRE_VERSION;
  shop: string;
  key: string;
  events: WireEvent[];
}

// Limits. They must not exceed the endpoint's (app/pixel/pixelBatch.ts; a test
// checks): what the pixel sends, the endpoint accepts.
export const MAX_ID_LENGTH = 256;
export const MAX_URL_LENGTH = 2048;
export const MAX_SEARCH_QUERY_LENGTH = 512;
/** Events per request: the buffer flushes when it holds this many. */
export const MAX_EVENTS_PER_REQUEST = 20;
/** Wait this long for more events before sending a partial batch. */
export const FLUSH_DELAY_MS = 2000;
/**
 * Bytes per request body. Browsers refuse keepalive requests whose in-flight
 * bodies total more than 64 KiB; batches are sent one at a time and kept a
 * little under that.
 */
export const MAX_REQUEST_BYTES = 60 * 1024;
/** Events held while the endpoint is unreachable; the oldest go first beyond this. */
export const MAX_PENDING_EVENTS = 200;
/** Longest wait between retries after failures. */
export const MAX_RETRY_DELAY_MS = 60_000;

// ---------------------------------------------------------------------------
// Field helpers

/** `gid://shopify/Product/123`, `"123"` or `123` -> `"123"`; anything else -> null. */
export function normaliseId(raw: unknown): string | null {
  if (typeof raw === "number") return Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : null;
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  if (/^\d{1,20}$/.test(s)) return s;
  const m = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,20})(?:[?#].*)?$/.exec(s);
  return m ? m[1] : null;
}

/**
 * Cart token as Shopify's cart webhooks spell it, from a cart gid
 * (`gid://shopify/Cart/<token>?key=...`) or the `cart` cookie (`<token>?key=...`).
 * The `key` is a secret that lets its holder read the cart: it is never sent.
 */
export function normaliseCartToken(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  let s = raw.trim();
  try {
    if (s.includes("%")) s = decodeURIComponent(s);
  } catch {
    return null;
  }
  if (s.startsWith("gid://shopify/Cart/")) s = s.slice("gid://shopify/Cart/".length);
  const q = s.indexOf("?");
  if (q >= 0) s = s.slice(0, q);
  return token(s);
}

/** Printable ASCII, no spaces, at most MAX_ID_LENGTH; otherwise null. */
function token(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  return s.length > 0 && s.length <= MAX_ID_LENGTH && /^[\x21-\x7E]+$/.test(s) ? s : null;
}

/** Cuts s to at most max UTF-16 units without splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}

function httpUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || !/^https?:\/\//i.test(raw)) return null;
  // A cut URL still names the page; the endpoint re-checks the length after normalising.
  return truncate(raw, MAX_URL_LENGTH);
}

function searchQuery(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const s = raw
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  return s ? truncate(s, MAX_SEARCH_QUERY_LENGTH) : null;
}

function money(raw: unknown): number | null {
  return typeof raw === "number" && Number.isFinite(raw) && raw >= 0 ? raw : null;
}

function isoTimestamp(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

// ---------------------------------------------------------------------------
// Mapping

/** What the pixel knows beyond the event itself. */
export interface PixelContext {
  /** `init.data.customer?.id`: the logged-in customer, if any. */
  customerId?: string | null;
  /** The visitor's cart token, if known (init cart, or the `cart` cookie). */
  cartToken?: string | null;
}

/**
 * A Shopify standard event as a Pearl wire event, or null when the event is not
 * one Pearl records or lacks what every event needs (id, client id, timestamp).
 * Payload fields are read defensively: Shopify documents many as nullable and
 * checkouts on legacy shops omit some.
 */
export function toWireEvent(event: SupportedPixelEvent, context: PixelContext = {}): WireEvent | null {
  if (!event || !(PIXEL_EVENT_NAMES as readonly string[]).includes(event.name)) return null;
  const id = token(event.id);
  const clientId = token(event.clientId);
  const timestamp = isoTimestamp(event.timestamp);
  if (!id || !clientId || !timestamp) return null;

  const base: WireEvent = {
    id,
    name: event.name,
    timestamp,
    clientId,
    customerId: normaliseId(context.customerId),
    url: httpUrl(event.context?.document?.location?.href),
  };

  switch (event.name) {
    case "page_viewed":
      return base;
    case "product_viewed": {
      const variant = event.data?.productVariant;
      return {
        ...base,
        productId: normaliseId(variant?.product?.id),
        variantId: normaliseId(variant?.id),
        value: money(variant?.price?.amount),
      };
    }
    case "collection_viewed":
      return { ...base, collectionId: normaliseId(event.data?.collection?.id) };
    case "search_submitted":
      return { ...base, searchQuery: searchQuery(event.data?.searchResult?.query) };
    case "product_added_to_cart": {
      const line = event.data?.cartLine;
      return {
        ...base,
        productId: normaliseId(line?.merchandise?.product?.id),
        variantId: normaliseId(line?.merchandise?.id),
        cartToken: normaliseCartToken(context.cartToken),
        value: money(line?.cost?.totalAmount?.amount),
      };
    }
    case "checkout_started":
    case "checkout_completed": {
      const checkout = event.data?.checkout;
      return {
        ...base,
        // A guest who just ordered has no session customer, but the order may name one.
        customerId: base.customerId ?? normaliseId(checkout?.order?.customer?.id),
        cartToken: normaliseCartToken(context.cartToken),
        checkoutToken: token(checkout?.token),
        value: money(checkout?.totalPrice?.amount),
      };
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------
// Batching

/** UTF-8 length of a JS string (what the request body costs on the wire). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export interface SplitOptions {
  maxEvents?: number;
  maxBytes?: number;
}

/**
 * Splits events, in order, into request bodies (serialised WireBatch JSON) of at
 * most maxEvents events and maxBytes UTF-8 bytes each. An event that cannot fit
 * in maxBytes even alone is dropped and reported in `dropped`.
 */
export function splitIntoBodies(
  envelope: { shop: string; key: string },
  events: readonly WireEvent[],
  { maxEvents = MAX_EVENTS_PER_REQUEST, maxBytes = MAX_REQUEST_BYTES }: SplitOptions = {},
): { bodies: { body: string; events: WireEvent[] }[]; dropped: WireEvent[] } {
  const head = JSON.stringify({ v: WIRE_VERSION, shop: envelope.shop, key: envelope.key, events: [] });
  const emptyBytes = utf8ByteLength(head);
  const bodies: { body: string; events: WireEvent[] }[] = [];
  const dropped: WireEvent[] = [];
  let chunk: WireEvent[] = [];
  let chunkBytes = emptyBytes;

  const close = () => {
    if (chunk.length === 0) return;
    const batch: WireBatch = { v: WIRE_VERSION, shop: envelope.shop, key: envelope.key, events: chunk };
    bodies.push({ body: JSON.stringify(batch), events: chunk });
    chunk = [];
    chunkBytes = emptyBytes;
  };

  for (const event of events) {
    const bytes = utf8ByteLength(JSON.stringify(event));
    if (emptyBytes + bytes > maxBytes) {
      dropped.push(event);
      continue;
    }
    // +1 for the comma between events.
    const extra = chunk.length === 0 ? bytes : bytes + 1;
    if (chunk.length >= maxEvents || chunkBytes + extra > maxBytes) close();
    chunkBytes += chunk.length === 0 ? bytes : bytes + 1;
    chunk.push(event);
  }
  close();
  return { bodies, dropped };
}

/** What became of one request: sent, worth retrying (network, 429, 5xx), or refused for good (other 4xx). */
export type SendOutcome = "sent" | "retry" | "drop";

/** Maps an HTTP status to a SendOutcome. */
export function outcomeForStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return "sent";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "drop";
}

export interface PixelBufferOptions {
  shop: string;
  key: string;
  /** POSTs one body; must not throw (a thrown error counts as "retry"). */
  send: (body: string) => Promise<SendOutcome>;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Called with every event not yet known to be delivered, after each change. */
  persist?: (pending: WireEvent[]) => void;
  maxEvents?: number;
  maxBytes?: number;
  flushDelayMs?: number;
  maxPending?: number;
  maxRetryDelayMs?: number;
}

/**
 * Buffers wire events and sends them in batches: when maxEvents are waiting,
 * flushDelayMs after the first waiting event, and at once for
 * checkout_completed (the order status page may be the visitor's last page).
 * Requests go out one at a time, so keepalive bodies in flight never exceed
 * maxBytes. Failed requests are retried with a growing delay; events are
 * dropped only when the endpoint refuses them for good or beyond maxPending.
 * Delivery is at least once: the endpoint deduplicates on event id.
 */
export class PixelBuffer {
  private readonly opts: Required<Omit<PixelBufferOptions, "persist">> & Pick<PixelBufferOptions, "persist">;
  /** Waiting to be sent. */
  private queue: WireEvent[] = [];
  /** Taken by the current flush, not yet confirmed. */
  private inFlight: WireEvent[] = [];
  private readonly known = new Set<string>();
  private timer: unknown = undefined;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private stopped = false;

  constructor(options: PixelBufferOptions) {
    this.opts = {
      maxEvents: MAX_EVENTS_PER_REQUEST,
      maxBytes: MAX_REQUEST_BYTES,
      flushDelayMs: FLUSH_DELAY_MS,
      maxPending: MAX_PENDING_EVENTS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
      ...options,
    };
  }

  /** Events not yet known to be delivered (waiting and in flight). */
  get pending(): WireEvent[] {
    return [...this.inFlight, ...this.queue];
  }

  /** Whether a flush is scheduled. */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  push(event: WireEvent): void {
    if (this.stopped || this.known.has(event.id)) return;
    this.known.add(event.id);
    this.queue.push(event);
    this.trim();
    this.save();
    if (event.name === "checkout_completed" || this.queue.length >= this.opts.maxEvents) {
      void this.flush();
    } else {
      this.schedule(this.opts.flushDelayMs);
    }
  }

  /** Re-queues events left over from an earlier page (session storage), oldest first. */
  restore(events: readonly WireEvent[]): void {
    if (this.stopped) return;
    const fresh = events.filter((e) => e && typeof e.id === "string" && !this.known.has(e.id));
    if (fresh.length === 0) return;
    for (const e of fresh) this.known.add(e.id);
    this.queue = [...fresh, ...this.queue];
    this.trim();
    this.save();
    this.schedule(0);
  }

  /** Sends everything waiting now. Resolves when this flush (and any before it) is done. */
  flush(): Promise<void> {
    this.cancelTimer();
    if (this.flushing) {
      // One flush at a time; the running one re-checks the queue when it ends.
      return this.flushing.then(() => this.flush());
    }
    this.flushing = this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Forgets everything and sends nothing more (consent withdrawn). */
  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    this.queue = [];
    this.inFlight = [];
    this.save();
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      this.inFlight = this.queue;
      this.queue = [];
      const { bodies, dropped } = splitIntoBodies(this.opts, this.inFlight, this.opts);
      this.forget(dropped);
      for (let i = 0; i < bodies.length; i++) {
        let outcome: SendOutcome;
        try {
          outcome = await this.opts.send(bodies[i].body);
        } catch {
          outcome = "retry";
        }
        if (this.stopped) return;
        if (outcome === "retry") {
          // Put the unsent rest back in front of anything that arrived meanwhile.
          const unsent = bodies.slice(i).flatMap((b) => b.events);
          this.inFlight = [];
          this.queue = [...unsent, ...this.queue];
          this.trim();
          this.save();
          this.failures++;
          const delay = Math.min(this.opts.flushDelayMs * 2 ** this.failures, this.opts.maxRetryDelayMs);
          this.schedule(delay, true);
          return;
        }
        this.failures = 0;
        this.forget(bodies[i].events);
        this.inFlight = bodies.slice(i + 1).flatMap((b) => b.events);
        this.save();
      }
      this.inFlight = [];
      // Whatever arrived while sending: a full batch (or a checkout_completed) goes now,
      // anything else waits for its timer.
      if (this.queue.length < this.opts.maxEvents && !this.queue.some((e) => e.name === "checkout_completed")) {
        if (this.queue.length > 0) this.schedule(this.opts.flushDelayMs);
        return;
      }
    }
  }

  private forget(events: readonly WireEvent[]): void {
    for (const e of events) this.known.delete(e.id);
  }

  /** Keeps at most maxPending waiting events, dropping the oldest. */
  private trim(): void {
    const excess = this.queue.length + this.inFlight.length - this.opts.maxPending;
    if (excess > 0) this.forget(this.queue.splice(0, Math.min(excess, this.queue.length)));
  }

  private schedule(ms: number, replace = false): void {
    if (this.stopped) return;
    if (this.timer !== undefined) {
      if (!replace) return;
      this.cancelTimer();
    }
    this.timer = this.opts.setTimer(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.opts.clearTimer(this.timer);
      this.timer = undefined;
    }
  }

  private save(): void {
    if (!this.opts.persist) return;
    try {
      this.opts.persist(this.pending);
    } catch {
      // Storage is a convenience; losing it loses only unsent events of a closing page.
    }
  }
}
