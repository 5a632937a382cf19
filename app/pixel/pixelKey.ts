// The key the web pixel sends with each batch. Pixel settings are readable by
// anyone who loads the storefront, so the key is public: it tells Pearl which
// shop a batch claims to be for and makes blind spraying of shop domains
// useless, nothing more. It is derived from the shop's secret (Shop.publicKey,
// which the schema says never reaches a browser) so that secret stays server-side,
// and it can be rotated by rotating the secret.

import { createHmac, timingSafeEqual } from "node:crypto";

const CONTEXT = "pearl-pixel-key:v1:";

/** base64url HMAC-SHA256 of the shop domain under the shop's secret: 43 characters of [A-Za-z0-9_-]. */
export function derivePixelKey(shopSecret: string, shopDomain: string): string {
  return createHmac("sha256", shopSecret).update(CONTEXT + shopDomain.trim().toLowerCase()).digest("base64url");
}

/** Constant-time check of a key received from the pixel. */
export function pixelKeyMatches(shopSecret: string, shopDomain: string, key: string): boolean {
  const expected = Buffer.from(derivePixelKey(shopSecret, shopDomain));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
