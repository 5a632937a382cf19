/**
 * Hostile traffic for the webhook and pixel endpoints, with what each request
 * must get back: forged and unsigned deliveries, truncated, huge and deeply
 * nested JSON, wrong types, odd unicode, replayed ids, unknown shops, bad
 * headers and methods, pixel floods. Seeded, so a failing run can be replayed.
 * Used by `npm run fuzz:webhooks` and, smaller, by tests/ingest/hostileRequests.test.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Pool } from "undici";
import { pick, randomInt, seededRandom, stableUuid, type Random } from "../../app/demo/ids.ts";
import { shopifyHmac } from "../../app/ingest/shopifyHmac.ts";
import { derivePixelKey } from "../../app/pixel/pixelKey.ts";

/** What a request may leave behind: nothing, an inbox entry, browse events. */
export type Trace = "none" | "inbox" | "pixel";

export interface HostileRequest {
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** Statuses that are right for it (never a 5xx). */
  expect: readonly number[];
  trace: Trace;
  /** X-Shopify-Webhook-Id, for requests that may be stored. */
  webhookId?: string;
}

export interface HostileTarget {
  shop: string;
  /** The shop's urlSecret, from which its pixel key is derived. */
  urlSecret: string;
  /** The app's client secret (what Shopify signs with). */
  secret: string;
  maxBodyBytes: number;
}

const FIXTURES = path.resolve("..", "shared", "fixtures", "shopify");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, `${name}.json`), "utf8");

const TOPICS_WITH_FIXTURES: readonly [string, string][] = [
  ["orders/create", "orders-create"],
  ["customers/create", "customers-create"],
  ["carts/update", "carts-update"],
  ["checkouts/create", "checkouts-create"],
];

const ODD_STRINGS = [
  "\u0000nul inside",
  "lone surrogate \ud800 here",
  "trailing surrogate \udfff",
  "\u202eRTL override\u202c",
  "zero\u200bwidth\u200djoiner",
  "combining e\u0301\u0301\u0301",
  "emoji 👩‍👩‍👧‍👦 🇬🇧",
  "BOM \ufeff inside",
  "line\u2028separator\u2029",
  "<script>alert(1)</script>",
  "'; DROP TABLE \"Order\"; --",
  "\\u0000 escaped text",
  "ﬃ ligature, İ dotted, ß",
];

// Overrides a top-level field of a fixture's raw text by repeating the key at
// the end (JSON.parse keeps the last): the fixtures' big ids stay exact, and
// duplicate keys are one more thing a receiver must survive.
function withField(raw: string, key: string, value: string): string {
  return raw.replace(/}\s*$/, `,\n  "${key}": ${value}\n}`);
}

const GID_TYPES: Record<string, string> = { orders: "Order", customers: "Customer", checkouts: "Checkout", carts: "Cart" };

/** The same payload as a new resource: a fresh id (and gid, and token for carts and checkouts). */
function uniqueId(raw: string, topic: string, random: Random): string {
  const n = randomInt(random, 1, 2 ** 40);
  const type = GID_TYPES[topic.split("/")[0]];
  let body = withField(withField(raw, "id", String(n)), "admin_graphql_api_id", JSON.stringify(`gid://shopify/${type}/${n}`));
  if (type === "Cart" || type === "Checkout") body = withField(body, "token", JSON.stringify(`t${n.toString(16)}`));
  return body;
}

export function hostileRequests(target: HostileTarget, count: number, seed = 1): HostileRequest[] {
  const random = seededRandom(seed, "hostile");
  const bases = TOPICS_WITH_FIXTURES.map(([topic, name]) => ({ topic, raw: fixture(name) }));
  const pixelKey = derivePixelKey(target.urlSecret, target.shop);
  const stored: string[] = [];
  let n = 0;
  const nextId = () => stableUuid(`hostile:${seed}:${n++}`);

  const webhook = (
    category: string,
    topic: string,
    body: Buffer,
    expect: readonly number[],
    trace: Trace,
    over: { headers?: Record<string, string | null>; secret?: string; route?: string; method?: string; webhookId?: string; shop?: string } = {},
  ): HostileRequest => {
    const webhookId = over.webhookId ?? nextId();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": shopifyHmac(body, over.secret ?? target.secret),
      "x-shopify-shop-domain": over.shop ?? target.shop,
      "x-shopify-api-version": "2026-07",
      "x-shopify-webhook-id": webhookId,
      "x-shopify-triggered-at": new Date().toISOString(),
    };
    for (const [name, value] of Object.entries(over.headers ?? {})) {
      if (value === null) delete headers[name];
      else headers[name] = value;
    }
    if (trace === "inbox") stored.push(webhookId);
    return { category, method: over.method ?? "POST", path: `/webhooks/${over.route ?? topic}`, headers, body, expect, trace, webhookId };
  };

  const pixel = (category: string, body: unknown, expect: readonly number[], trace: Trace): HostileRequest => ({
    category,
    method: "POST",
    path: "/api/pixel",
    headers: { "content-type": "text/plain;charset=UTF-8", origin: `https://${target.shop}` },
    body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
    expect,
    trace,
  });

  const pixelEvent = (clientId: string) => ({
    id: nextId(),
    name: pick(random, ["page_viewed", "product_viewed", "search_submitted"]),
    timestamp: new Date().toISOString(),
    clientId,
    url: `https://${target.shop}/products/p-${randomInt(random, 1, 50)}`,
    productId: String(randomInt(random, 1, 1e6)),
    searchQuery: pick(random, ODD_STRINGS),
  });

  const generators: [weight: number, make: () => HostileRequest][] = [
    [10, () => { // a real delivery: must be stored
      const base = pick(random, bases);
      return webhook("valid", base.topic, Buffer.from(uniqueId(base.raw, base.topic, random)), [200], "inbox");
    }],
    [6, () => {
      const base = pick(random, bases);
      return webhook("unsigned", base.topic, Buffer.from(base.raw), [401], "none", { headers: { "x-shopify-hmac-sha256": null } });
    }],
    [6, () => {
      const base = pick(random, bases);
      const forged = pick(random, ["", "AAAA", Buffer.from(nextId()).toString("base64"), "not base64 at all!", "x".repeat(5000)]);
      return webhook("forged", base.topic, Buffer.from(base.raw), [401], "none", { headers: { "x-shopify-hmac-sha256": forged } });
    }],
    [6, () => {
      const base = pick(random, bases);
      return webhook("wrong secret", base.topic, Buffer.from(base.raw), [401], "none", { secret: "an-attackers-guess" });
    }],
    [6, () => { // signed, then one byte changed in transit
      const base = pick(random, bases);
      const good = webhook("tampered", base.topic, Buffer.from(base.raw), [401], "none");
      const body = Buffer.from(good.body!);
      const at = randomInt(random, 0, body.length - 1);
      body[at] = body[at] === 0x31 ? 0x32 : 0x31;
      return { ...good, body };
    }],
    [8, () => {
      const base = pick(random, bases);
      const cut = Buffer.from(base.raw).subarray(0, randomInt(random, 0, base.raw.length - 2));
      return webhook("truncated JSON", base.topic, cut, [400], "none");
    }],
    [5, () => {
      const body = pick(random, ["[1,2,3]", "null", "42", '"a string"', "true", "[]", "{} {}", "{\"a\":1}x", "{'single':1}", "{\"a\":NaN}"]);
      return webhook("not a JSON object", "orders/create", Buffer.from(body), [400], "none");
    }],
    [5, () => {
      const bad = [0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80];
      const body = Buffer.concat([Buffer.from('{"id":1,"note":"'), Buffer.from(bad.slice(randomInt(random, 0, 12))), Buffer.from('"}')]);
      return webhook("invalid UTF-8", "orders/create", body, [400], "none");
    }],
    [1, () => {
      const body = Buffer.alloc(target.maxBodyBytes + randomInt(random, 1, 1024 * 1024), 0x20);
      body.write('{"id":1,"note":"', 0);
      body.write('"}', body.length - 2);
      return webhook("huge body", "orders/create", body, [413], "none");
    }],
    [3, () => { // valid, signed, absurdly deep: stored, then set aside by the drain
      const depth = randomInt(random, 1_000, 20_000);
      return webhook("deeply nested object", "orders/create", Buffer.from(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`), [200], "inbox");
    }],
    [2, () => {
      const depth = randomInt(random, 1_000, 50_000);
      return webhook("deeply nested array", "orders/create", Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`), [400], "none");
    }],
    [6, () => { // signed by Shopify's secret but with fields of the wrong type: stored, then translated or set aside
      const raw = fixture("orders-create");
      const field = pick(random, ["id", "total_price", "line_items", "created_at", "updated_at", "customer", "currency", "refunds", "email", "total_discounts"]);
      const value = pick(random, ['{"nested":true}', '"abc"', "-1", "1e309", "[]", "null", '"2026-13-45T99:99:99Z"', "true", `"${"9".repeat(400)}"`]);
      const body = field === "id" ? withField(withField(raw, "id", value), "admin_graphql_api_id", value) : withField(uniqueId(raw, "orders/create", random), field, value);
      return webhook("wrong types", "orders/create", Buffer.from(body), [200], "inbox");
    }],
    [6, () => {
      const raw = uniqueId(fixture("customers-create"), "customers/create", random);
      const field = pick(random, ["first_name", "last_name", "note", "email", "tags"]);
      return webhook("odd unicode", "customers/create", Buffer.from(withField(raw, field, JSON.stringify(pick(random, ODD_STRINGS)))), [200], "inbox");
    }],
    [6, () => { // an id already stored, with another body: stored once, the first body kept
      const base = pick(random, bases);
      const body = Buffer.from(uniqueId(base.raw, base.topic, random));
      if (stored.length === 0) return webhook("valid", base.topic, body, [200], "inbox");
      return webhook("replayed id", base.topic, body, [200], "none", { webhookId: pick(random, stored) });
    }],
    [5, () => {
      const base = pick(random, bases);
      const shop = pick(random, ["nobody.myshopify.com", `x${randomInt(random, 0, 1e9)}.myshopify.com`]);
      return webhook("unknown shop", base.topic, Buffer.from(base.raw), [404], "none", { shop });
    }],
    [6, () => {
      const base = pick(random, bases);
      const [label, over, status] = pick(random, [
        ["no topic", { headers: { "x-shopify-topic": null } }, 400],
        ["no webhook id", { headers: { "x-shopify-webhook-id": null } }, 400],
        ["no api version", { headers: { "x-shopify-api-version": null } }, 400],
        ["overlong webhook id", { headers: { "x-shopify-webhook-id": "w".repeat(300) } }, 400],
        ["topic on another route", { route: base.topic === "orders/create" ? "customers/create" : "orders/create" }, 400],
        ["not a shop domain", { shop: "evil.example.com" }, 400],
        ["domain with a path", { shop: "a.myshopify.com/../b" }, 400],
      ] as const);
      return { ...webhook("bad headers", base.topic, Buffer.from(base.raw), [status], "none", over), category: `bad headers: ${label}` };
    }],
    [3, () => {
      const base = pick(random, bases);
      const method = pick(random, ["GET", "PUT", "DELETE", "PATCH"]);
      return webhook("wrong method", base.topic, method === "GET" ? Buffer.alloc(0) : Buffer.from(base.raw), [404, 405], "none", { method });
    }],
    [3, () => webhook("unknown topic", "orders/exploded", Buffer.from("{}"), [404, 405], "none")],
    [5, () => {
      const body = pick<unknown>(random, [
        "not json",
        "[]",
        { v: 2, shop: target.shop, key: pixelKey, events: [] },
        { v: 1, shop: "../etc", key: pixelKey, events: [] },
        { v: 1, shop: target.shop, key: pixelKey, events: "many" },
        { v: 1, shop: target.shop, key: pixelKey, events: Array.from({ length: 101 }, () => pixelEvent("c")) },
      ]);
      return pixel("pixel malformed", body, [400, 413], "none");
    }],
    [4, () => pixel("pixel wrong key", { v: 1, shop: target.shop, key: "k".repeat(43), events: [pixelEvent(nextId())] }, [403], "none")],
    [4, () => pixel("pixel unknown shop", { v: 1, shop: "nobody.myshopify.com", key: pixelKey, events: [pixelEvent(nextId())] }, [403], "none")],
    [8, () => { // one browser flooding: accepted up to its rate, then 429
      const events = Array.from({ length: randomInt(random, 1, 20) }, () => pixelEvent("flooding-client"));
      return pixel("pixel flood", { v: 1, shop: target.shop, key: pixelKey, events }, [200, 429], "pixel");
    }],
  ];
  const totalWeight = generators.reduce((sum, [w]) => sum + w, 0);
  const requests: HostileRequest[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * totalWeight;
    const [, make] = generators.find(([w]) => (r -= w) < 0) ?? generators[0];
    requests.push(make());
  }
  return requests;
}

export interface HostileOutcome {
  request: HostileRequest;
  /** 0 when the connection failed. */
  status: number;
  /** Events the pixel endpoint said it stored. */
  pixelStored: number;
}

/** Sends them all over a few keep-alive connections; answers in request order. */
export async function sendHostile(origin: string, requests: readonly HostileRequest[], connections = 16): Promise<HostileOutcome[]> {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const outcomes: HostileOutcome[] = new Array(requests.length);
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const i = next++;
      const request = requests[i];
      try {
        const res = await pool.request({ path: request.path, method: request.method as "POST", headers: request.headers, body: request.body ?? undefined });
        const text = await res.body.text();
        let pixelStored = 0;
        if (request.path === "/api/pixel" && res.statusCode === 200) pixelStored = Number((JSON.parse(text) as { stored?: number }).stored ?? 0);
        outcomes[i] = { request, status: res.statusCode, pixelStored };
      } catch {
        outcomes[i] = { request, status: 0, pixelStored: 0 };
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  await pool.close();
  return outcomes;
}

export interface HostileSummary {
  byCategory: Map<string, { sent: number; statuses: Record<number, number>; unexpected: number }>;
  serverErrors: number;
  connectionErrors: number;
  unexpected: number;
  /** Webhook ids that must be in the inbox, exactly once. */
  mustBeStored: Set<string>;
  pixelStored: number;
}

export function summarize(outcomes: readonly HostileOutcome[]): HostileSummary {
  const byCategory: HostileSummary["byCategory"] = new Map();
  const summary: HostileSummary = { byCategory, serverErrors: 0, connectionErrors: 0, unexpected: 0, mustBeStored: new Set(), pixelStored: 0 };
  for (const { request, status, pixelStored } of outcomes) {
    const row = byCategory.get(request.category) ?? { sent: 0, statuses: {}, unexpected: 0 };
    byCategory.set(request.category, row);
    row.sent++;
    row.statuses[status] = (row.statuses[status] ?? 0) + 1;
    if (status >= 500) summary.serverErrors++;
    if (status === 0) summary.connectionErrors++;
    if (!request.expect.includes(status)) {
      row.unexpected++;
      summary.unexpected++;
    }
    if (request.trace === "inbox" && request.webhookId) summary.mustBeStored.add(request.webhookId);
    summary.pixelStored += pixelStored;
  }
  return summary;
}
