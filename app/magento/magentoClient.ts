import { authorizationHeader, oauthParameters, percentEncode, type OAuth1Credentials } from "./oauth1.ts";

// Magento 2's REST API: <base URL>/rest[/<store code>]/V1/<path>. Two ways
// in for an integration: its access token as a Bearer token (Magento 2.4.4+
// when "use integration tokens as standalone bearer tokens" is on), or OAuth
// 1.0a signing with the consumer key/secret and access token/secret.

export type MagentoAuth =
  | { kind: "bearer"; token: string }
  | ({ kind: "oauth1" } & OAuth1Credentials);

export interface MagentoTarget {
  baseUrl: string;
  storeCode: string | null;
  auth: MagentoAuth;
}

export type MagentoErrorKind = "credentials" | "url" | "unavailable" | "response";

/** An expected failure, worded for the merchant who typed the URL and credentials. */
export class MagentoError extends Error {
  constructor(readonly kind: MagentoErrorKind, message: string, readonly status?: number) {
    super(message);
  }
}

export interface MagentoClientOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts for 429, 5xx and dropped connections (default 6: 0.5 s, 1 s, 2 s ... between). */
  maxAttempts?: number;
  baseDelayMs?: number;
}

export type QueryParams = readonly (readonly [string, string])[];

export class MagentoClient {
  /** Requests sent, retries included (for reports and tests). */
  requests = 0;
  retries = 0;

  constructor(private readonly target: MagentoTarget, private readonly options: MagentoClientOptions = {}) {}

  restUrl(path: string, params: QueryParams = []): string {
    const root = `${this.target.baseUrl.replace(/\/+$/, "")}/rest/${this.target.storeCode ? `${percentEncode(this.target.storeCode)}/` : ""}V1`;
    const query = params.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
    return `${root}${path}${query ? `?${query}` : ""}`;
  }

  async get<T>(path: string, params: QueryParams = []): Promise<T> {
    const url = this.restUrl(path, params);
    const fetchImpl = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const maxAttempts = this.options.maxAttempts ?? 6;
    const baseDelay = this.options.baseDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      this.requests++;
      let res: Response;
      try {
        res = await fetchImpl(url, { headers: { Accept: "application/json", Authorization: this.authorization("GET", url) } });
      } catch (error) {
        const code = networkCode(error);
        if (code === "ENOTFOUND" || code === "EAI_AGAIN") throw new MagentoError("url", `Cannot find the host of ${this.target.baseUrl} (${code}): check the store's base URL`);
        if (code === "ECONNREFUSED") throw new MagentoError("url", `Nothing answers at ${this.target.baseUrl} (connection refused): check the store's base URL and port`);
        if (attempt >= maxAttempts) throw new MagentoError("unavailable", `Magento at ${this.target.baseUrl} did not answer after ${attempt} attempts (${code ?? String(error)})`);
        await this.backoff(sleep, baseDelay, attempt, null);
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        const text = await res.text();
        if (attempt >= maxAttempts) throw new MagentoError("unavailable", `Magento answered ${res.status} ${attempt} times for ${path}: ${magentoMessage(text)}`, res.status);
        await this.backoff(sleep, baseDelay, attempt, res.headers.get("retry-after"));
        continue;
      }
      const text = await res.text();
      if (res.status === 401) {
        throw new MagentoError("credentials", `Magento refused the credentials (401: ${magentoMessage(text)}). Check the integration's access token${this.target.auth.kind === "oauth1" ? ", consumer key/secret and token secret" : ""}, and that the integration is active`, 401);
      }
      if (res.status === 403) throw new MagentoError("credentials", `The integration may not read ${path} (403: ${magentoMessage(text)}): grant it access to that resource in System > Integrations`, 403);
      if (res.status === 404) throw new MagentoError("url", `No Magento REST API at ${url.split("?")[0]} (404): check the base URL${this.target.storeCode ? " and the store code" : ""}`, 404);
      if (!res.ok) throw new MagentoError("response", `Magento answered ${res.status} for ${path}: ${magentoMessage(text)}`, res.status);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new MagentoError("url", `${url.split("?")[0]} did not answer JSON: is ${this.target.baseUrl} a Magento 2 store's base URL?`);
      }
    }
  }

  private authorization(method: string, url: string): string {
    const auth = this.target.auth;
    return auth.kind === "bearer" ? `Bearer ${auth.token}` : authorizationHeader(oauthParameters(method, url, auth));
  }

  private async backoff(sleep: (ms: number) => Promise<void>, base: number, attempt: number, retryAfter: string | null): Promise<void> {
    this.retries++;
    const asked = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    // Exponential with jitter, so many shops retrying at once do not return in step.
    const exponential = base * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
    await sleep(Math.min(60_000, Math.max(asked, exponential)));
  }
}

function networkCode(error: unknown): string | null {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return null;
}

/** Magento's error body is {"message": "...%1...", "parameters": [...]}: the sentence it means. */
export function magentoMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; parameters?: unknown };
    if (typeof body.message !== "string") return text.slice(0, 200);
    const params = body.parameters;
    return body.message.replace(/%(\w+)/g, (m, key: string) => {
      if (Array.isArray(params)) return String(params[Number(key) - 1] ?? m);
      if (params && typeof params === "object") return String((params as Record<string, unknown>)[key] ?? m);
      return m;
    });
  } catch {
    return text.slice(0, 200);
  }
}
