import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseAuthorizationHeader, sign, signatureBaseString } from "../../app/magento/oauth1.ts";

export type Json = Record<string, unknown>;

/** Adobe's "Create an order" tutorial response (../shared/fixtures/magento/order.json), read in place. */
export function magentoOrderFixture(): Json {
  return JSON.parse(readFileSync(path.resolve("..", "shared", "fixtures", "magento", "order.json"), "utf8")) as Json;
}

export const BEARER = "magento-integration-token";
export const OAUTH = { consumerKey: "ck-1", consumerSecret: "cs-1", token: "at-1", tokenSecret: "ts-1" };

export interface FakeMagentoOptions {
  /** Answer these statuses, in turn, before the first real answer to each path. */
  failFirst?: Partial<Record<string, number[]>>;
}

/**
 * A Magento 2 REST API under /rest/V1 over the given collections: Bearer
 * integration tokens or OAuth 1.0a (HMAC-SHA256/SHA1 checked against the
 * request as received), searchCriteria filter_groups on updated_at (gteq),
 * sortOrders, pageSize and currentPage (past the end: the last page again,
 * as Magento does), {items, search_criteria, total_count} answers, and
 * Magento's {"message", "parameters"} errors.
 */
export async function startFakeMagento(data: Record<"orders" | "customers" | "products" | "carts", Json[]>, options: FakeMagentoOptions = {}) {
  const log = { requests: [] as { path: string; query: URLSearchParams; auth: string }[], authFailures: 0 };
  const failures = Object.fromEntries(Object.entries(options.failFirst ?? {}).map(([k, v]) => [k, [...(v ?? [])]]));
  const routes: Record<string, keyof typeof data> = { "/orders": "orders", "/customers/search": "customers", "/products": "products", "/carts/search": "carts" };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };

  const authorized = (req: IncomingMessage): string | null => {
    const header = req.headers.authorization ?? "";
    if (header === `Bearer ${BEARER}`) return "bearer";
    const params = parseAuthorizationHeader(header);
    if (!params || params.oauth_consumer_key !== OAUTH.consumerKey || params.oauth_token !== OAUTH.token) return null;
    const method = params.oauth_signature_method;
    if (method !== "HMAC-SHA256" && method !== "HMAC-SHA1") return null;
    const url = `http://${req.headers.host}${req.url}`;
    const expected = sign(signatureBaseString(req.method ?? "GET", url, params), { consumerSecret: OAUTH.consumerSecret, tokenSecret: OAUTH.tokenSecret, signatureMethod: method });
    return expected === params.oauth_signature ? `oauth1 ${method}` : null;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = /^\/rest(?:\/[a-z_]+)?\/V1(\/.*)$/.exec(url.pathname);
    if (!match) return send(res, 404, { message: "Request does not match any route." });
    const route = match[1];
    const auth = authorized(req);
    log.requests.push({ path: route, query: url.searchParams, auth: auth ?? "refused" });
    if (!auth) {
      log.authFailures++;
      return send(res, 401, { message: 'The consumer isn\'t authorized to access %resources.', parameters: { resources: "Magento_Sales::actions_view" } });
    }
    const failing = failures[route]?.shift();
    if (failing) return send(res, failing, { message: failing === 429 ? "Too many requests" : "Service Unavailable" }, failing === 429 ? { "Retry-After": "0" } : {});
    if (route === "/store/storeConfigs") return send(res, 200, [{ id: 1, code: "default", base_currency_code: "USD", timezone: "America/Chicago", base_url: `http://${req.headers.host}/` }]);
    const collection = routes[route];
    if (!collection) return send(res, 404, { message: "Request does not match any route." });
    const q = url.searchParams;
    let items = [...data[collection]];
    for (let g = 0; q.has(`searchCriteria[filter_groups][${g}][filters][0][field]`); g++) {
      const field = q.get(`searchCriteria[filter_groups][${g}][filters][0][field]`)!;
      const value = q.get(`searchCriteria[filter_groups][${g}][filters][0][value]`)!;
      const condition = q.get(`searchCriteria[filter_groups][${g}][filters][0][condition_type]`) ?? "eq";
      items = items.filter((i) => (condition === "gteq" ? String(i[field]) >= value : condition === "gt" ? String(i[field]) > value : String(i[field]) === value));
    }
    const sorts: [string, string][] = [];
    for (let s = 0; q.has(`searchCriteria[sortOrders][${s}][field]`); s++) sorts.push([q.get(`searchCriteria[sortOrders][${s}][field]`)!, q.get(`searchCriteria[sortOrders][${s}][direction]`) ?? "ASC"]);
    const key = (i: Json, field: string) => (field === "entity_id" ? Number(i.entity_id ?? i.id) : String(i[field]));
    items.sort((a, b) => {
      for (const [field, dir] of sorts) {
        const x = key(a, field), y = key(b, field);
        if (x !== y) return (x < y ? -1 : 1) * (dir === "DESC" ? -1 : 1);
      }
      return 0;
    });
    const pageSize = Number(q.get("searchCriteria[pageSize]") ?? 20);
    const pages = Math.max(1, Math.ceil(items.length / pageSize));
    const page = Math.min(Number(q.get("searchCriteria[currentPage]") ?? 1), pages);
    send(res, 200, { items: items.slice((page - 1) * pageSize, page * pageSize), search_criteria: {}, total_count: items.length });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
