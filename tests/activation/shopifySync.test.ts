import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSegmentFeeds } from "../../app/activation/segmentFeeds.ts";
import { customerSyncRecords, syncCustomersToShopify, toGid } from "../../app/activation/shopifyCustomerSync.ts";
import { realShop, type RealShop } from "./realShop.ts";

const TOKEN = "shpat_test_token";
const PATH = "/admin/api/2026-07/graphql.json";

/**
 * Shopify's Admin GraphQL endpoint as far as these mutations go: it checks
 * the token, the document's declared variables and the inputs' rules
 * (metafieldsSet: at most 25, gid owners, namespace 3-255, key 2-64, typed
 * values), and runs the calculated-cost leaky bucket (10 points a mutation),
 * answering THROTTLED with extensions.cost when the bucket cannot pay.
 */
function fakeShopify(bucket: { max: number; restorePerSecond: number }) {
  const state = {
    metafields: new Map<string, string>(),
    tags: new Map<string, Set<string>>(),
    violations: [] as string[],
    throttledAnswers: 0,
    largestSet: 0,
  };
  let available = bucket.max;
  let at = Date.now();
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c)).on("end", () => {
      const reply = (status: number, body: unknown) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
      if (req.method !== "POST" || req.url !== PATH) return reply(404, { errors: "Not Found" });
      if (req.headers["x-shopify-access-token"] !== TOKEN) return reply(401, { errors: "[API] Invalid API key or access token" });
      const { query, variables } = JSON.parse(raw) as { query: string; variables: Record<string, unknown> };
      const declared = new Map([...query.matchAll(/\$(\w+): ([^,)]+)/g)].map((m) => [m[1], m[2].trim()]));
      const roots = [...query.matchAll(/^\s+(\w+): (metafieldsSet|tagsAdd|tagsRemove)\(([^)]*)\)/gm)];
      if (!/^#graphql\nmutation \w+\(/.test(query) || roots.length === 0) state.violations.push("not a named mutation document");
      const now = Date.now();
      available = Math.min(bucket.max, available + ((now - at) / 1000) * bucket.restorePerSecond);
      at = now;
      const cost = 10 * roots.length;
      const costExt = (actual: number | null) => ({ cost: { requestedQueryCost: cost, actualQueryCost: actual, throttleStatus: { maximumAvailable: bucket.max, currentlyAvailable: Math.floor(available), restoreRate: bucket.restorePerSecond } } });
      if (cost > bucket.max) return reply(200, { errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${bucket.max}).`, extensions: { code: "MAX_COST_EXCEEDED" } }] });
      if (cost > available) {
        state.throttledAnswers++;
        return reply(200, { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: costExt(null) });
      }
      available -= cost;
      const data: Record<string, { userErrors: { field: string[]; message: string }[] }> = {};
      for (const [, alias, mutation, args] of roots) {
        const userErrors: { field: string[]; message: string }[] = [];
        const arg = (name: string, type: string) => {
          const v = new RegExp(`${name}: \\$(\\w+)`).exec(args)?.[1];
          if (!v || declared.get(v) !== type) state.violations.push(`${alias}: ${name} must be a variable of type ${type}`);
          return v ? variables[v] : undefined;
        };
        if (mutation === "metafieldsSet") {
          const list = arg("metafields", "[MetafieldsSetInput!]!") as { ownerId: string; namespace: string; key: string; type: string; value: string }[];
          state.largestSet = Math.max(state.largestSet, list.length);
          if (list.length > 25) userErrors.push({ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25." });
          else list.forEach((m, i) => {
            const bad = (message: string) => userErrors.push({ field: ["metafields", String(i)], message });
            if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(m.ownerId)) bad("Owner does not exist.");
            if (m.namespace.length < 3 || m.namespace.length > 255) bad("Namespace is too short or too long.");
            if (!/^[\w-]{2,64}$/.test(m.key)) bad("Key is invalid.");
            const valid = m.type === "single_line_text_field" ? !/\n/.test(m.value)
              : m.type === "number_decimal" ? /^-?\d+(\.\d+)?$/.test(m.value)
              : m.type === "list.product_reference" ? (JSON.parse(m.value) as string[]).every((g) => /^gid:\/\/shopify\/Product\/\w+$/.test(g))
              : false;
            if (!valid) bad(`Value is invalid for ${m.type}.`);
          });
          if (!userErrors.length) for (const m of list) state.metafields.set(`${m.ownerId} ${m.namespace}.${m.key}`, m.value);
        } else {
          const id = arg("id", "ID!") as string;
          const tags = arg("tags", "[String!]!") as string[];
          const set = state.tags.get(id) ?? new Set<string>();
          for (const t of tags) mutation === "tagsAdd" ? set.add(t) : set.delete(t);
          state.tags.set(id, set);
        }
        data[alias] = { userErrors };
      }
      reply(200, { data, extensions: costExt(cost) });
    });
  });
  return { server, state };
}

let shop: RealShop;
let fake: ReturnType<typeof fakeShopify>;
let endpoint: string;

beforeAll(async () => {
  shop = await realShop({ orders: 400 });
  fake = fakeShopify({ max: 300, restorePerSecond: 3000 });
  await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}${PATH}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (fake?.server as Server | undefined)?.close(() => resolve()) ?? resolve());
  await shop?.close();
});

describe("customer metafields and tags written to Shopify", () => {
  it("sends every scored customer's segment, tier, CLV and products in batches within the cost limit", async () => {
    // GIVEN a customer already tagged by an earlier analysis
    const someone = await shop.db.customer.findFirstOrThrow({ where: { shopId: shop.shop.id, externalId: { not: "anonymous" } } });
    await shop.db.customer.update({ where: { id: someone.id }, data: { tags: "vip, pearl-segment-dissolved-last-month" } });
    const feeds = new Map<string, ReturnType<ReturnType<typeof storedSegmentFeeds>>>();
    const loadFeed = (shopId: string, segmentId: string, runId: string | null) => {
      if (!feeds.has(segmentId)) feeds.set(segmentId, storedSegmentFeeds(shop.db)(shopId, segmentId, runId));
      return feeds.get(segmentId)!;
    };
    const records = await customerSyncRecords(shop.db, shop.shop.id, loadFeed);
    expect(records.length).toBeGreaterThan(100);

    // WHEN two workers sync halves at once against one rate-limit bucket
    const half = Math.ceil(records.length / 2);
    const [a, b] = await Promise.all([
      syncCustomersToShopify({ endpoint, accessToken: TOKEN }, records.slice(0, half)),
      syncCustomersToShopify({ endpoint, accessToken: TOKEN }, records.slice(half)),
    ]);

    // THEN the requests were well formed, within limits, and retried when throttled
    expect(fake.state.violations).toEqual([]);
    expect(a.userErrors).toEqual([]);
    expect(b.userErrors).toEqual([]);
    expect(fake.state.largestSet).toBeLessThanOrEqual(25);
    expect(fake.state.largestSet).toBeGreaterThan(20);
    expect(a.throttled + b.throttled).toBe(fake.state.throttledAnswers);
    expect(fake.state.throttledAnswers).toBeGreaterThan(0);
    expect(a.customers + b.customers).toBe(records.length);

    // ... and Shopify holds what the store says about each customer
    const scores = await shop.db.customerScore.findMany({ where: { runId: shop.runId }, include: { customer: true } });
    const names = new Map(shop.segments.map((s) => [s.id, s.name]));
    for (const s of scores.filter((x) => x.customer.externalId !== "anonymous")) {
      const gid = toGid("Customer", s.customer.externalId);
      expect(fake.state.metafields.get(`${gid} pearl.segment_id`)).toBe(s.segmentId);
      expect(fake.state.metafields.get(`${gid} pearl.segment`)).toBe(names.get(s.segmentId));
      expect(fake.state.metafields.get(`${gid} pearl.tier`)).toBe(s.tier);
      expect(Number(fake.state.metafields.get(`${gid} pearl.clv_365`))).toBeCloseTo(s.clv365, 2);
      const feed = await loadFeed(shop.shop.id, s.segmentId, shop.runId);
      expect(JSON.parse(fake.state.metafields.get(`${gid} pearl.recommended_products`)!)).toEqual(feed.slice(0, 5).map((f) => `gid://shopify/Product/${f.externalId}`));
      expect(fake.state.tags.get(gid)).toContain(`pearl-tier-${s.tier.toLowerCase()}`);
    }
    // the stale Pearl tag is removed, the merchant's own tag untouched
    const tags = fake.state.tags.get(toGid("Customer", someone.externalId))!;
    expect(tags.has("pearl-segment-dissolved-last-month")).toBe(false);
    // Pearl adds and removes only its own tags: the merchant's "vip" is neither sent nor removed
    expect([...tags].every((t) => t.startsWith("pearl-"))).toBe(true);
  });

  it("is refused with a clear error for a wrong token", async () => {
    await expect(syncCustomersToShopify({ endpoint, accessToken: "wrong" }, (await customerSyncRecords(shop.db, shop.shop.id, async () => [])).slice(0, 1))).rejects.toThrow(/401/);
  });
});
