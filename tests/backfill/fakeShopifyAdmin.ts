import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const TOKEN = "shpat_backfill_test";
export const API_PATH = "/admin/api/2026-07/graphql.json";

export interface FakeOperation {
  id: string;
  resource: string;
  /** RUNNING until the test (or `autoComplete`) completes it. */
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED";
  file: Buffer;
}

export interface FakeShopifyOptions {
  /** JSONL result per bulk query's operation name (PearlBackfillCustomers, ...). */
  files: Record<string, Buffer>;
  /** Operations complete on the nth node() poll; 0: only when the test says so. */
  completeAfterPolls?: number;
  /** The first bulk mutation is answered THROTTLED (the client must wait and retry). */
  throttleFirstMutation?: boolean;
  /** Cut the connection after this share of a result's bytes, on its first download only. */
  cutFirstDownloadAt?: Partial<Record<string, number>>;
}

/**
 * Shopify's Admin GraphQL API as far as a backfill goes: it checks the access
 * token header, that documents are named #graphql operations, that the bulk
 * query is one of Pearl's and asks for grouped objects; it reports each
 * operation's state through node(id), with a calculated-cost throttle
 * status, and serves the result files with HTTP Range support, the way
 * Shopify's storage URLs do.
 */
export async function startFakeShopify(options: FakeShopifyOptions) {
  const operations = new Map<string, FakeOperation>();
  const log = { mutations: 0, polls: 0, throttled: 0, downloads: [] as { resource: string; range: string | null; status: number }[], violations: [] as string[] };
  const cut = { ...options.cutFirstDownloadAt };
  let throttleNext = options.throttleFirstMutation ?? false;
  let seq = Math.floor(Math.random() * 1e12);
  const polls = new Map<string, number>();
  // Result URLs are signed; a test can let the ones issued so far expire.
  let signatures = 0;
  const expired = new Set<string>();

  const cost = (requested: number) => ({ cost: { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 } } });
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const graphql = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.headers["x-shopify-access-token"] !== TOKEN) return json(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const { query, variables } = JSON.parse(raw) as { query: string; variables: Record<string, string> };
    if (!/^#graphql\n(query|mutation) Pearl\w+/.test(query)) log.violations.push(`not a named #graphql operation: ${query.slice(0, 40)}`);
    if (query.includes("bulkOperationRunQuery(")) {
      if (throttleNext) {
        throttleNext = false;
        log.throttled++;
        return json(res, 200, { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 } } } });
      }
      log.mutations++;
      if (!query.includes("groupObjects: true")) log.violations.push("bulk query without groupObjects: true");
      const name = /^#graphql\nquery (\w+)/.exec(variables.query ?? "")?.[1];
      const file = name ? options.files[name] : undefined;
      if (!name || !file) {
        return json(res, 200, { data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ["query"], message: `unknown bulk query ${name}`, code: "INVALID" }] } }, extensions: cost(10) });
      }
      const id = `gid://shopify/BulkOperation/${seq++}`;
      operations.set(id, { id, resource: name, status: "CREATED", file });
      return json(res, 200, { data: { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } }, extensions: cost(10) });
    }
    if (query.includes("node(id: $id)")) {
      log.polls++;
      const op = operations.get(variables.id);
      if (!op) return json(res, 200, { data: { node: null }, extensions: cost(1) });
      const n = (polls.get(op.id) ?? 0) + 1;
      polls.set(op.id, n);
      if (op.status === "CREATED") op.status = "RUNNING";
      if (options.completeAfterPolls && n >= options.completeAfterPolls && op.status === "RUNNING") op.status = "COMPLETED";
      const done = op.status === "COMPLETED";
      const lines = op.file.toString("utf8").split("\n").filter(Boolean).length;
      return json(res, 200, {
        data: {
          node: {
            id: op.id,
            status: op.status,
            errorCode: null,
            objectCount: String(done ? lines : Math.floor(lines / 2)),
            rootObjectCount: null,
            fileSize: done ? String(op.file.length) : null,
            url: done ? `${base}/results/${op.resource}.jsonl?signature=${++signatures}` : null,
            partialDataUrl: null,
            completedAt: done ? new Date().toISOString() : null,
          },
        },
        extensions: cost(1),
      });
    }
    log.violations.push(`unexpected document ${query.slice(0, 60)}`);
    return json(res, 200, { errors: [{ message: "unexpected document" }] });
  };

  const download = (req: IncomingMessage, res: ServerResponse) => {
    const resource = /^\/results\/(\w+)\.jsonl/.exec(req.url ?? "")?.[1] ?? "";
    const file = options.files[resource];
    if (!file) return json(res, 404, { error: "no such result" });
    const signature = new URL(req.url ?? "", "http://x").searchParams.get("signature") ?? "";
    if (expired.has(signature)) {
      log.downloads.push({ resource, range: req.headers.range ?? null, status: 403 });
      return json(res, 403, { error: "AccessDenied: Request has expired" });
    }
    const range = req.headers.range ?? null;
    const from = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? NaN) : 0;
    if (range && !(from >= 0)) return json(res, 400, { error: "bad range" });
    if (from >= file.length && range) {
      log.downloads.push({ resource, range, status: 416 });
      res.writeHead(416, { "Content-Range": `bytes */${file.length}` });
      return res.end();
    }
    const status = range ? 206 : 200;
    log.downloads.push({ resource, range, status });
    res.writeHead(status, {
      "Content-Type": "application/jsonl",
      "Content-Length": String(file.length - from),
      ...(range ? { "Content-Range": `bytes ${from}-${file.length - 1}/${file.length}` } : {}),
    });
    const share = cut[resource];
    if (share !== undefined) {
      delete cut[resource];
      // Part of the file, then the connection drops (a deploy, a network blip).
      res.write(file.subarray(from, from + Math.floor((file.length - from) * share)), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(file.subarray(from));
  };

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c)).on("end", () => {
      if (req.method === "POST" && req.url === API_PATH) return graphql(req, res, raw);
      if (req.method === "GET" && req.url?.startsWith("/results/")) return download(req, res);
      json(res, 404, { errors: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: `${base}${API_PATH}`,
    operations,
    log,
    expireUrls() {
      for (let n = 1; n <= signatures; n++) expired.add(String(n));
    },
    complete(resourceName: string) {
      for (const op of operations.values()) if (op.resource === resourceName) op.status = "COMPLETED";
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
