// Deterministic identifiers and randomness for the demo: the same records and
// seed always give the same Shopify ids, tokens, webhook ids and choices, so a
// replay can be repeated (and de-duplicated by the receiver).

import { createHash } from "node:crypto";
import { mulberry32, type Random } from "../intelligence/bandit/random.ts";

function digest(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}

/** Shopify GraphQL resource names used in ids and admin_graphql_api_id. */
export type ShopifyResource =
  | "Customer"
  | "MailingAddress"
  | "Product"
  | "ProductVariant"
  | "ProductImage"
  | "ProductOption"
  | "InventoryItem"
  | "Collection"
  | "Order"
  | "LineItem"
  | "Checkout"
  | "Refund"
  | "RefundLineItem"
  | "OrderTransaction"
  | "OrderAdjustment";

const ID_FLOOR = 1_000_000_000_000;

/**
 * A stable numeric id for a resource (13 to 16 digits, always below 2^53 so it
 * is exact as a JSON number): 52 bits of SHA-256 over the resource name and key.
 */
export function shopifyId(resource: ShopifyResource, key: string): number {
  const hash = digest(`${resource}:${key}`);
  const high = hash.readUIntBE(0, 6); // 48 bits
  const low = hash[6] >> 4; // 4 more bits
  return ID_FLOOR + high * 16 + low;
}

export function adminGraphqlId(resource: ShopifyResource, id: number | string): string {
  return `gid://shopify/${resource}/${id}`;
}

/** 32 lowercase hex characters, like Shopify's cart and checkout tokens. */
export function stableToken(key: string): string {
  return digest(`token:${key}`).toString("hex", 0, 16);
}

/** A UUID-formatted (version 4 layout) deterministic id, e.g. for webhook deliveries. */
export function stableUuid(key: string): string {
  const bytes = digest(`uuid:${key}`).subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type { Random };

/** A seeded PRNG (mulberry32) returning floats in [0, 1), one stream per seed and key. */
export function seededRandom(seed: string | number, key: string): Random {
  return mulberry32(digest(`rng:${seed}:${key}`).readUInt32BE(0));
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Up to `count` distinct items, in random order. */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  if (count * 4 <= items.length) {
    // Few from many: draw indices, no copy of the list.
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(random() * items.length));
    return [...chosen].map((index) => items[index]);
  }
  const copy = items.slice();
  const take = Math.min(count, copy.length);
  for (let at = 0; at < take; at++) {
    const other = at + Math.floor(random() * (copy.length - at));
    [copy[at], copy[other]] = [copy[other], copy[at]];
  }
  return copy.slice(0, take);
}
