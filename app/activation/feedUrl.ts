// Signed feed URLs: /feeds/<shop>/<segment>/<format>?sig=... A feed is meant
// to be fetched by an email platform (Klaviyo, Mailchimp) without a login, so
// the URL itself is the credential: an HMAC of shop and segment under a key
// derived from the shop's secret (as the pixel key is, app/pixel/pixelKey.ts).
// Rotating Shop.urlSecret revokes every feed URL at once.

import { createHmac, timingSafeEqual } from "node:crypto";

export const FEED_FORMATS = ["json", "rss", "html"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

const CONTEXT = "pearl-feed-url:v1:";

export function feedSignature(shopSecret: string, shopDomain: string, segmentId: string): string {
  return createHmac("sha256", shopSecret).update(`${CONTEXT}${shopDomain.trim().toLowerCase()}:${segmentId}`).digest("base64url");
}

export function feedSignatureMatches(shopSecret: string, shopDomain: string, segmentId: string, signature: string): boolean {
  const expected = Buffer.from(feedSignature(shopSecret, shopDomain, segmentId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The path (and query) of a segment's feed; prefix it with the app's URL. */
export function feedPath(shop: { domain: string; urlSecret: string }, segmentId: string, format: FeedFormat): string {
  return `/feeds/${encodeURIComponent(shop.domain)}/${encodeURIComponent(segmentId)}/${format}?sig=${feedSignature(shop.urlSecret, shop.domain, segmentId)}`;
}
