import { describe, expect, it } from "vitest";
import {
  PixelBuffer,
  type PixelBufferOptions,
  type SendOutcome,
  type WireBatch,
  type WireEvent,
} from "../../extensions/pearl-pixel/src/wire.ts";
import { CLIENT_ID, FakeTimers, SHOP, settle } from "./fixtures.ts";

const KEY = "pk_0123456789abcdef";

function event(i: number, name: WireEvent["name"] = "page_viewed"): WireEvent {
  return {
    id: `sh-evt-${i}`,
    name,
    timestamp: "2026-01-01T10:00:00.000Z",
    clientId: CLIENT_ID,
    customerId: null,
    url: `https://pearl-test-store.myshopify.com/pages/${i}`,
  };
}

/** A send() whose outcomes the test decides, one request at a time. */
function harness(options: Partial<PixelBufferOptions> = {}) {
  const timers = new FakeTimers();
  const requests: { batch: WireBatch; resolve: (o: SendOutcome) => void }[] = [];
  const persisted: WireEvent[][] = [];
  const buffer = new PixelBuffer({
    shop: SHOP,
    key: KEY,
    send: (body) =>
      new Promise<SendOutcome>((resolve) => {
        requests.push({ batch: JSON.parse(body) as WireBatch, resolve });
      }),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    persist: (pending) => persisted.push(pending.map((e) => e)),
    ...options,
  });
  const ids = (i: number) => requests[i].batch.events.map((e) => e.id);
  const lastPersisted = () => (persisted.at(-1) ?? []).map((e) => e.id);
  return { timers, requests, persisted, buffer, ids, lastPersisted };
}

describe("PixelBuffer", () => {
  it("waits the flush delay, then sends what accumulated in one batch", async () => {
    const h = harness();
    h.buffer.push(event(1));
    h.timers.advance(1000);
    h.buffer.push(event(2));
    h.buffer.push(event(3));
    expect(h.requests).toHaveLength(0);
    expect(h.timers.pending).toEqual([1000]); // one timer, started by the first event
    h.timers.advance(1000);
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0].batch).toMatchObject({ v: 1, shop: SHOP, key: KEY });
    expect(h.ids(0)).toEqual(["sh-evt-1", "sh-evt-2", "sh-evt-3"]);
    expect(h.lastPersisted()).toEqual(["sh-evt-1", "sh-evt-2", "sh-evt-3"]); // in flight, still pending
    h.requests[0].resolve("sent");
    await settle();
    expect(h.buffer.pending).toEqual([]);
    expect(h.lastPersisted()).toEqual([]);
    expect(h.timers.pending).toEqual([]);
  });

  it("sends at once when the buffer reaches maxEvents", async () => {
    const h = harness();
    for (let i = 1; i <= 19; i++) h.buffer.push(event(i));
    await settle();
    expect(h.requests).toHaveLength(0);
    h.buffer.push(event(20));
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.ids(0)).toHaveLength(20);
    expect(h.timers.pending).toEqual([]);
  });

  it("sends checkout_completed at once, with whatever was waiting", async () => {
    const h = harness();
    h.buffer.push(event(1));
    h.buffer.push(event(2, "checkout_completed"));
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.ids(0)).toEqual(["sh-evt-1", "sh-evt-2"]);
  });

  it("keeps one request in flight at a time (the keepalive budget is shared)", async () => {
    const h = harness({ maxEvents: 2 });
    h.buffer.push(event(1));
    h.buffer.push(event(2)); // full: flush
    h.buffer.push(event(3));
    h.buffer.push(event(4)); // full again while the first request is in flight
    await settle();
    expect(h.requests).toHaveLength(1);
    h.requests[0].resolve("sent");
    await settle();
    expect(h.requests).toHaveLength(2);
    expect(h.ids(1)).toEqual(["sh-evt-3", "sh-evt-4"]);
    h.requests[1].resolve("sent");
    await settle();
    expect(h.buffer.pending).toEqual([]);
  });

  it("splits one flush into several requests sent in sequence", async () => {
    const h = harness({ maxEvents: 3, maxBytes: 100_000 });
    h.buffer.restore([1, 2, 3, 4, 5, 6, 7].map((i) => event(i)));
    h.timers.advance(0);
    await settle();
    expect(h.requests).toHaveLength(1);
    expect(h.ids(0)).toEqual(["sh-evt-1", "sh-evt-2", "sh-evt-3"]);
    h.requests[0].resolve("sent");
    await settle();
    expect(h.ids(1)).toEqual(["sh-evt-4", "sh-evt-5", "sh-evt-6"]);
    expect(h.lastPersisted()).toEqual(["sh-evt-4", "sh-evt-5", "sh-evt-6", "sh-evt-7"]);
    h.requests[1].resolve("sent");
    await settle();
    h.requests[2].resolve("sent");
    await settle();
    expect(h.ids(2)).toEqual(["sh-evt-7"]);
    expect(h.lastPersisted()).toEqual([]);
  });

  it("retries failed requests with a growing delay, keeping order", async () => {
    const h = harness();
    h.buffer.push(event(1));
    h.buffer.push(event(2));
    h.timers.advance(2000);
    await settle();
    h.requests[0].resolve("retry");
    await settle();
    expect(h.buffer.pending.map((e) => e.id)).toEqual(["sh-evt-1", "sh-evt-2"]);
    expect(h.timers.pending).toEqual([4000]);
    h.buffer.push(event(3)); // does not shorten the back-off
    expect(h.timers.pending).toEqual([4000]);
    h.timers.advance(4000);
    await settle();
    expect(h.ids(1)).toEqual(["sh-evt-1", "sh-evt-2", "sh-evt-3"]);
    h.requests[1].resolve("retry");
    await settle();
    expect(h.timers.pending).toEqual([8000]);
    h.timers.advance(8000);
    await settle();
    h.requests[2].resolve("sent");
    await settle();
    expect(h.buffer.pending).toEqual([]);
    // Success resets the back-off.
    h.buffer.push(event(4));
    expect(h.timers.pending).toEqual([2000]);
  });

  it("caps the back-off and treats a throwing send as a retry", async () => {
    let calls = 0;
    const timers = new FakeTimers();
    const buffer = new PixelBuffer({
      shop: SHOP,
      key: KEY,
      send: async () => {
        calls++;
        throw new TypeError("Failed to fetch");
      },
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      maxRetryDelayMs: 10_000,
    });
    buffer.push(event(1));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      timers.advance(timers.pending[0]);
      await settle();
      delays.push(timers.pending[0]);
    }
    expect(calls).toBe(5);
    expect(delays).toEqual([4000, 8000, 10_000, 10_000, 10_000]);
    expect(buffer.pending.map((e) => e.id)).toEqual(["sh-evt-1"]);
  });

  it("drops a batch the endpoint refuses for good and carries on", async () => {
    const h = harness();
    h.buffer.push(event(1, "checkout_completed"));
    await settle();
    h.requests[0].resolve("drop");
    await settle();
    expect(h.buffer.pending).toEqual([]);
    expect(h.timers.pending).toEqual([]);
  });

  it("ignores an event id it already holds", async () => {
    const h = harness();
    h.buffer.push(event(1));
    h.buffer.push(event(1));
    h.buffer.restore([event(1), event(2)]);
    expect(h.buffer.pending.map((e) => e.id)).toEqual(["sh-evt-2", "sh-evt-1"]);
  });

  it("holds at most maxPending events, dropping the oldest", async () => {
    const h = harness({ maxPending: 5, maxEvents: 100 });
    for (let i = 1; i <= 8; i++) h.buffer.push(event(i));
    expect(h.buffer.pending.map((e) => e.id)).toEqual(["sh-evt-4", "sh-evt-5", "sh-evt-6", "sh-evt-7", "sh-evt-8"]);
    expect(h.lastPersisted()).toHaveLength(5);
  });

  it("puts restored events first and sends them soon", async () => {
    const h = harness();
    h.buffer.push(event(3));
    h.buffer.restore([event(1), event(2)]);
    expect(h.lastPersisted()).toEqual(["sh-evt-1", "sh-evt-2", "sh-evt-3"]);
    h.timers.advance(2000);
    await settle();
    expect(h.ids(0)).toEqual(["sh-evt-1", "sh-evt-2", "sh-evt-3"]);
  });

  it("stop() forgets everything, clears storage and sends nothing more", async () => {
    const h = harness();
    h.buffer.push(event(1));
    h.buffer.stop();
    expect(h.lastPersisted()).toEqual([]);
    h.buffer.push(event(2, "checkout_completed"));
    h.timers.advance(60_000);
    await settle();
    expect(h.requests).toHaveLength(0);
  });

  it("a storage failure does not stop sending", async () => {
    const timers = new FakeTimers();
    const sent: string[] = [];
    const buffer = new PixelBuffer({
      shop: SHOP,
      key: KEY,
      send: async (body) => {
        sent.push(body);
        return "sent";
      },
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      persist: () => {
        throw new Error("QuotaExceededError");
      },
    });
    buffer.push(event(1, "checkout_completed"));
    await settle();
    expect(sent).toHaveLength(1);
  });
});
