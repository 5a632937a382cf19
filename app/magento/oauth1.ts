import { createHmac, randomBytes } from "node:crypto";

// OAuth 1.0a request signing (RFC 5849, section 3), as Magento 2 accepts it
// from an integration with its four credentials. HMAC-SHA256 is Magento's
// default; HMAC-SHA1 is RFC 5849's own and still accepted.

export type SignatureMethod = "HMAC-SHA256" | "HMAC-SHA1";

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
  signatureMethod: SignatureMethod;
}

/** RFC 3986 unreserved characters stay; everything else is %XX (RFC 5849 3.6). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, "%20"));
}

/** scheme://host[:port]/path, lower-case, default ports dropped (RFC 5849 3.4.1.2). */
function baseStringUri(url: URL): string {
  const port = url.port && !((url.protocol === "http:" && url.port === "80") || (url.protocol === "https:" && url.port === "443")) ? `:${url.port}` : "";
  return `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${port}${url.pathname}`;
}

/** The signature base string of RFC 5849 3.4.1: method, base URI and normalized parameters. */
export function signatureBaseString(method: string, url: string, oauthParams: Record<string, string>, bodyParams: [string, string][] = []): string {
  const u = new URL(url);
  const query: [string, string][] = u.search
    ? u.search.slice(1).split("&").filter(Boolean).map((pair) => {
      const i = pair.indexOf("=");
      return i < 0 ? [decode(pair), ""] : [decode(pair.slice(0, i)), decode(pair.slice(i + 1))];
    })
    : [];
  const params = [...query, ...bodyParams, ...Object.entries(oauthParams).filter(([k]) => k !== "oauth_signature" && k !== "realm")]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return [method.toUpperCase(), percentEncode(baseStringUri(u)), percentEncode(params)].join("&");
}

export function sign(baseString: string, credentials: Pick<OAuth1Credentials, "consumerSecret" | "tokenSecret" | "signatureMethod">): string {
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.tokenSecret)}`;
  return createHmac(credentials.signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256", key).update(baseString).digest("base64");
}

/** The protocol parameters of one request, signed. */
export function oauthParameters(
  method: string,
  url: string,
  credentials: OAuth1Credentials,
  fixed: { nonce?: string; timestamp?: number } = {},
): Record<string, string> {
  const params: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: fixed.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: credentials.signatureMethod,
    oauth_timestamp: String(fixed.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_token: credentials.token,
    oauth_version: "1.0",
  };
  params.oauth_signature = sign(signatureBaseString(method, url, params), credentials);
  return params;
}

/** The Authorization header value (RFC 5849 3.5.1). */
export function authorizationHeader(params: Record<string, string>): string {
  return `OAuth ${Object.entries(params).map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(",")}`;
}

/** The parameters of an `Authorization: OAuth ...` header (for servers and tests). */
export function parseAuthorizationHeader(header: string): Record<string, string> | null {
  if (!/^OAuth\s/i.test(header)) return null;
  const params: Record<string, string> = {};
  for (const m of header.slice(6).matchAll(/([\w-]+)="([^"]*)"/g)) params[decode(m[1])] = decode(m[2]);
  return params;
}
