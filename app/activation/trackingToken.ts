// The token every link of a recipient's email carries (?pearl_t=...): it
// names the campaign recipient without exposing the customer id, and cannot
// be forged for another customer without the shop's secret. Derived like the
// pixel key (app/pixel/pixelKey.ts), under its own context string.

import { createHmac } from "node:crypto";

const CONTEXT = "pearl-email-token:v1:";

/** 22 characters of base64url (132 bits). */
export function trackingToken(shopSecret: string, campaignId: string, customerId: string): string {
  return createHmac("sha256", shopSecret).update(`${CONTEXT}${campaignId}:${customerId}`).digest("base64url").slice(0, 22);
}
