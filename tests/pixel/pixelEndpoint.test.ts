import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivePixelKey } from "../../app/pixel/pixelKey.ts";
import { startTestApp, type TestApp } from "../helpers/appServer.ts";

let app: TestApp;
let key: string;

beforeAll(async () => {
  app = await startTestApp();
  key = derivePixelKey(app.shop.urlSecret, app.shop.domain);
  await app.db.customer.create({ data: { shopId: app.shop.id, externalId: "7001" } });
});
afterAll(() => app?.close());

function event(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    name: "product_viewed",
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    clientId: "client-1",
    customerId: null,
    url: "https://shop.example/products/teapot",
    productId: "gid://shopify/Product/11",
    variantId: "12",
    value: 24.5,
    ...overrides,
  };
}

const send = (body: unknown, raw?: string) =>
  fetch(`${app.url}/api/pixel`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: raw ?? JSON.stringify(body) });

const batch = (events: unknown[], overrides: Record<string, unknown> = {}) => ({ v: 1, shop: app.shop.domain, key, events, ...overrides });

describe("the pixel endpoint", () => {
  it("stores a batch with the customer linked when known, and says so to any origin", async () => {
    const events = [event({ customerId: "7001" }), event({ name: "page_viewed", productId: null, variantId: null, clientId: "client-2" })];
    const res = await send(batch(events));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toMatchObject({ stored: 2, duplicates: 0, rejected: 0 });
    const stored = await app.db.browseEvent.findMany({ where: { shopId: app.shop.id }, include: { customer: true }, orderBy: { name: "asc" } });
    expect(stored.map((e) => [e.name, e.productExternalId, e.customer?.externalId ?? null])).toEqual([
      ["page_viewed", null, null],
      ["product_viewed", "11", "7001"],
    ]);
  });

  it("a re-sent batch stores nothing twice", async () => {
    const events = [event(), event()];
    await send(batch(events));
    const before = await app.db.browseEvent.count();
    const res = await send(batch(events));
    expect(await res.json()).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await app.db.browseEvent.count()).toBe(before);
  });

  it.each([
    ["a wrong key", () => batch([event()], { key: "A".repeat(43) }), 403],
    ["a shop that is not installed", () => batch([event()], { shop: "nobody.myshopify.com" }), 403],
    ["another shop's key", () => batch([event()], { key: derivePixelKey("other-secret", app.shop.domain) }), 403],
    ["no events array", () => ({ v: 1, shop: app.shop.domain, key }), 400],
    ["an unknown version", () => batch([event()], { v: 2 }), 400],
    ["too many events", () => batch(Array.from({ length: 101 }, () => event())), 413],
  ] as const)("refuses %s with %i and stores nothing", async (_name, body, status) => {
    const before = await app.db.browseEvent.count();
    expect((await send(body())).status).toBe(status);
    expect(await app.db.browseEvent.count()).toBe(before);
  });

  it("refuses non-JSON with 400 and an oversized body with 413", async () => {
    expect((await send(null, "{not json")).status).toBe(400);
    expect((await send(null, "x".repeat(70_000))).status).toBe(413);
  });

  it("drops invalid events and keeps the valid ones", async () => {
    const res = await send(batch([event(), event({ name: "mouse_moved" }), event({ timestamp: "2001-01-01T00:00:00Z" })]));
    expect(await res.json()).toMatchObject({ stored: 1, rejected: 2 });
  });

  it("limits a flooding client with 429 while others go on", async () => {
    const flood = Array.from({ length: 3 }, () => batch(Array.from({ length: 100 }, () => event({ clientId: "bot" }))));
    const statuses: number[] = [];
    for (const b of flood) statuses.push((await send(b)).status);
    expect(statuses).toContain(429);
    expect(await app.db.browseEvent.count({ where: { clientId: "bot" } })).toBeLessThanOrEqual(120);
    expect((await send(batch([event({ clientId: "human" })]))).status).toBe(200);
  });
});
