// A small client for Shopify's Admin GraphQL API that respects its
// calculated-cost rate limit: every response carries
// extensions.cost.throttleStatus { maximumAvailable, currentlyAvailable,
// restoreRate }; the client waits until the bucket holds a request's cost
// before sending it, and a THROTTLED answer is retried after the wait the
// bucket needs (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).

export interface AdminApiTarget {
  /** https://<shop>.myshopify.com/admin/api/<version>/graphql.json */
  endpoint: string;
  accessToken: string;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface GraphqlResult<T> {
  data: T | null;
  errors: { message: string; extensions?: { code?: string } }[];
  cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus } | null;
}

export const adminEndpoint = (shopDomain: string, apiVersion: string) => `https://${shopDomain}/admin/api/${apiVersion}/graphql.json`;

export class AdminGraphqlClient {
  private bucket: ThrottleStatus | null = null;
  private bucketAt = 0;
  /** Requests answered THROTTLED (for reports and tests). */
  throttled = 0;
  requests = 0;

  constructor(private readonly target: AdminApiTarget, private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {}

  /** Runs a document whose cost is known in advance (mutations: 10 points per root field). */
  async request<T>(query: string, variables: Record<string, unknown>, expectedCost: number): Promise<GraphqlResult<T>> {
    for (let attempt = 0; ; attempt++) {
      await this.waitFor(expectedCost);
      this.requests++;
      let res: Response;
      try {
        res = await fetch(this.target.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": this.target.accessToken },
          body: JSON.stringify({ query, variables }),
        });
      } catch (error) {
        // A dropped connection (an idle keep-alive socket closed by the server): the mutations are idempotent, send again.
        if (attempt >= 8) throw error;
        await this.sleep(Math.min(30_000, 200 * 2 ** attempt));
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt >= 8) throw new Error(`Shopify answered ${res.status} ${attempt + 1} times`);
        await this.sleep(Math.min(30_000, 500 * 2 ** attempt));
        continue;
      }
      if (!res.ok) throw new Error(`Shopify answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = (await res.json()) as { data?: T; errors?: GraphqlResult<T>["errors"]; extensions?: { cost?: GraphqlResult<T>["cost"] } };
      const cost = body.extensions?.cost ?? null;
      if (cost) {
        this.bucket = cost.throttleStatus;
        this.bucketAt = Date.now();
      }
      const errors = body.errors ?? [];
      if (errors.some((e) => e.extensions?.code === "THROTTLED" || e.message === "Throttled")) {
        this.throttled++;
        if (attempt >= 8) throw new Error("Shopify kept throttling the request");
        // Without cost data, back off exponentially.
        if (!cost) await this.sleep(Math.min(30_000, 500 * 2 ** attempt));
        continue;
      }
      return { data: body.data ?? null, errors, cost };
    }
  }

  private async waitFor(cost: number): Promise<void> {
    if (!this.bucket) return;
    const { maximumAvailable, restoreRate } = this.bucket;
    const elapsed = (Date.now() - this.bucketAt) / 1000;
    const available = Math.min(maximumAvailable, this.bucket.currentlyAvailable + elapsed * restoreRate);
    const needed = Math.min(cost, maximumAvailable);
    if (available < needed && restoreRate > 0) await this.sleep(Math.ceil(((needed - available) / restoreRate) * 1000));
  }
}
