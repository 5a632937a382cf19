// Control groups: each campaign holds out a share of every segment. Who is
// held out depends only on the campaign id and the customer id (a hash), so
// the draw is random with respect to anything about the customer, the same
// every time it is recomputed, and independent between campaigns.

import { createHash } from "node:crypto";

export const DEFAULT_HOLDOUT_SHARE = 0.1;

/** A uniform number in [0, 1) from the campaign and customer ids. */
export function holdoutDraw(campaignId: string, customerId: string): number {
  const digest = createHash("sha256").update(`${campaignId}\u0000${customerId}`).digest();
  // 53 bits: exactly representable as a double.
  return (digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11)) / 2 ** 53;
}

/**
 * The control group of one segment: the round(share * n) members with the
 * lowest draws, so every segment gives up the same share (not just about it).
 */
export function controlGroup(campaignId: string, memberIds: readonly string[], share = DEFAULT_HOLDOUT_SHARE): Set<string> {
  if (!(share >= 0 && share < 1)) throw new RangeError(`holdout share must be in [0, 1), got ${share}`);
  const size = Math.round(share * memberIds.length);
  const ranked = memberIds.map((id) => ({ id, draw: holdoutDraw(campaignId, id) })).sort((a, b) => a.draw - b.draw || (a.id < b.id ? -1 : 1));
  return new Set(ranked.slice(0, size).map((r) => r.id));
}
