// Pearl's web pixel (strict sandbox). Subscribes to the storefront's standard
// events, maps them to Pearl wire events and posts them in batches to Pearl.
// The mapping and batching live in wire.ts, which is unit-tested.

import { register } from "@shopify/web-pixels-extension";
import {
  PIXEL_EVENT_NAMES,
  PixelBuffer,
  normaliseCartToken,
  outcomeForStatus,
  toWireEvent,
  type SendOutcome,
  type SupportedPixelEvent,
  type WireEvent,
} from "./wire.ts";

/** Session storage key for events not yet delivered when the page goes away. */
const PENDING_KEY = "pearl:pending";

register(({ analytics, browser, init, settings, customerPrivacy }) => {
  const shop = typeof settings.shop === "string" ? settings.shop.trim() : "";
  const key = typeof settings.key === "string" ? settings.key.trim() : "";
  const endpoint = typeof settings.endpoint === "string" ? settings.endpoint.trim() : "";
  // Not configured (or configured wrongly): collect nothing rather than post to nowhere.
  if (!shop || !key || !/^https:\/\//i.test(endpoint)) return;

  const customerId = init.data?.customer?.id ?? null;
  let cartToken = normaliseCartToken(init.data?.cart?.id);

  const send = async (body: string): Promise<SendOutcome> => {
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        keepalive: true,
        body,
        // text/plain is CORS-safelisted: no preflight before each batch.
        headers: { "Content-Type": "text/plain" },
      });
      return outcomeForStatus(response.status);
    } catch {
      return "retry";
    }
  };

  // Writes are held back until the previous page's leftovers are read, so they are not overwritten.
  let storageReady = false;
  const persist = (pending: WireEvent[]) => {
    if (!storageReady) return;
    const write =
      pending.length === 0
        ? browser.sessionStorage.removeItem(PENDING_KEY)
        : browser.sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    write.catch(() => undefined);
  };

  const buffer = new PixelBuffer({
    shop,
    key,
    send,
    persist,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  });

  browser.sessionStorage
    .getItem(PENDING_KEY)
    .then((stored) => {
      storageReady = true;
      const leftovers = parseStored(stored);
      if (leftovers.length > 0) buffer.restore(leftovers);
      else persist(buffer.pending);
    })
    .catch(() => {
      storageReady = true;
    });

  // The pixel only loads with the visitor's consent; if it is withdrawn on this page, stop.
  customerPrivacy.subscribe("visitorConsentCollected", (event) => {
    const privacy = event.customerPrivacy;
    if (!privacy.analyticsProcessingAllowed || !privacy.marketingAllowed) buffer.stop();
  });

  const handle = async (event: SupportedPixelEvent) => {
    if (event.name === "product_added_to_cart" && !cartToken) {
      // The first add creates the cart after the page loaded: its token is in the cookie.
      cartToken = normaliseCartToken(await browser.cookie.get("cart").catch(() => ""));
    }
    const wire = toWireEvent(event, { customerId, cartToken });
    if (wire) buffer.push(wire);
  };

  for (const name of PIXEL_EVENT_NAMES) {
    analytics.subscribe(name, (event) => {
      void handle(event as SupportedPixelEvent);
    });
  }
});

function parseStored(stored: unknown): WireEvent[] {
  if (typeof stored !== "string" || stored === "") return [];
  try {
    const value: unknown = JSON.parse(stored);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (e): e is WireEvent =>
        typeof e === "object" &&
        e !== null &&
        typeof e.id === "string" &&
        typeof e.name === "string" &&
        (PIXEL_EVENT_NAMES as readonly string[]).includes(e.name),
    );
  } catch {
    return [];
  }
}
