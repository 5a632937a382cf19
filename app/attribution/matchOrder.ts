// Which send an order is credited to, if any: pure, no database.
//
//   1. token:  the order's landing page carries the pearl_t of a send (the
//              buyer arrived through that email's link), placed after the send;
//   2. utm:    its landing page says utm_source=pearl and utm_campaign=<id>
//              (productLink.ts), placed within that campaign's or program's
//              attribution window: the customer's own send of it, else the
//              campaign as a whole (a forwarded email: no variant, no token);
//   3. window: otherwise the customer's last send whose attribution window
//              (Campaign/Program.attributionDays after the send) holds the order.
//
// Control-group members received nothing, so no send is ever credited for
// their orders; those orders still count in the treated-vs-control lift
// comparison (campaignReport.ts), which reads orders, not attributions.

import { trackingOfUrl } from "../tracking/tokenInUrl.ts";

export type SendSource = "campaign" | "program";
export type AttributionMethod = "token" | "utm" | "window";

/** A message that was actually sent (never a control-group member's row). */
export interface SentMessage {
  source: SendSource;
  sourceId: string;
  variantId: string | null;
  token: string;
  customerId: string;
  sentAt: Date;
  attributionDays: number;
}

export interface OrderFacts {
  customerId: string | null;
  processedAt: Date;
  landingSite: string | null;
}

export interface CampaignWindow {
  sentAt: Date;
  attributionDays: number;
}

export interface MatchInputs {
  /** Sends by token, for tokens found in landing pages (any customer: emails get forwarded). */
  byToken: ReadonlyMap<string, SentMessage>;
  /** The order's customer's sends. */
  customerSends: readonly SentMessage[];
  /** Campaigns named by utm_campaign, for buyers who were not its recipients. */
  campaigns: ReadonlyMap<string, CampaignWindow>;
  /** Campaigns whose control group holds the order's customer. */
  controlOf: ReadonlySet<string>;
}

export interface Credit {
  source: SendSource;
  sourceId: string;
  variantId: string | null;
  token: string | null;
  method: AttributionMethod;
}

const DAY_MS = 86_400_000;

const within = (at: Date, from: Date, days: number) => at.getTime() >= from.getTime() && at.getTime() < from.getTime() + days * DAY_MS;

/** The latest send first; equal times in id order, so the choice never depends on input order. */
const latest = (sends: readonly SentMessage[]) =>
  [...sends].sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.token < b.token ? -1 : 1))[0];

const credit = (s: SentMessage, method: AttributionMethod): Credit => ({ source: s.source, sourceId: s.sourceId, variantId: s.variantId, token: s.token, method });

export function matchOrder(order: OrderFacts, inputs: MatchInputs): Credit | null {
  const landing = trackingOfUrl(order.landingSite);
  const own = order.customerId ? inputs.customerSends.filter((s) => s.customerId === order.customerId) : [];

  const byToken = landing.token ? inputs.byToken.get(landing.token) : undefined;
  if (byToken && byToken.sentAt.getTime() <= order.processedAt.getTime() && !inputs.controlOf.has(byToken.sourceId)) return credit(byToken, "token");

  if (landing.utmSource === "pearl" && landing.utmCampaign && !inputs.controlOf.has(landing.utmCampaign)) {
    const id = landing.utmCampaign;
    const mine = own.filter((s) => s.sourceId === id && within(order.processedAt, s.sentAt, s.attributionDays));
    if (mine.length) return credit(latest(mine), "utm");
    const campaign = inputs.campaigns.get(id);
    if (campaign && within(order.processedAt, campaign.sentAt, campaign.attributionDays)) {
      return { source: "campaign", sourceId: id, variantId: null, token: null, method: "utm" };
    }
  }

  const open = own.filter((s) => within(order.processedAt, s.sentAt, s.attributionDays));
  return open.length ? credit(latest(open), "window") : null;
}
