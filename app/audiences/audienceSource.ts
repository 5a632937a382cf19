// Who an audience export reads, from the store: the members of a segment of
// the shop's latest finished analysis, or the openers or clickers of one of
// its campaigns (CampaignRecipient.openedAt / clickedAt, filled from
// tracking). The source is checked first, so that a wrong id is an error
// before any byte is written; contacts are then read in pages.

import type { Db } from "../db.server.ts";
import { latestRun, segmentMembers } from "../store/analysisRuns.ts";
import type { AudienceContact } from "./audienceCsv.ts";
import { countryCode } from "./countryCode.ts";

export type AudienceSource =
  | { kind: "segment"; segmentId: string }
  /** Openers include clickers whose open was not seen (images blocked): a click implies the email was opened. */
  | { kind: "campaign"; campaignId: string; who: "openers" | "clickers" };

export interface ResolvedAudience {
  /** For the file name and messages, e.g. "segment Gift buyers" or "openers of campaign Spring". */
  name: string;
  contacts: AsyncIterable<AudienceContact>;
}

export type AudienceLookup = { ok: true; audience: ResolvedAudience } | { ok: false; error: string };

const PAGE = 1000;
const CONTACT = {
  email: true, phone: true, firstName: true, lastName: true, city: true, province: true, zip: true, country: true,
  acceptsMarketing: true, deletedAt: true, redactedAt: true,
} as const;

export async function resolveAudience(db: Db, shopId: string, source: AudienceSource): Promise<AudienceLookup> {
  if (source.kind === "segment") {
    const run = await latestRun(db, shopId);
    if (!run) return { ok: false, error: "No finished analysis for the shop: run an analysis first." };
    const snapshot = await db.segmentSnapshot.findUnique({
      where: { runId_segmentId: { runId: run.id, segmentId: source.segmentId } },
      select: { segment: { select: { name: true, shopId: true } } },
    });
    if (!snapshot || snapshot.segment.shopId !== shopId) return { ok: false, error: `No segment ${source.segmentId} in the latest analysis.` };
    const ids = await segmentMembers(db, run.id, source.segmentId);
    return { ok: true, audience: { name: `segment ${snapshot.segment.name}`, contacts: customersById(db, ids) } };
  }
  const campaign = await db.campaign.findFirst({ where: { id: source.campaignId, shopId }, select: { id: true, name: true } });
  if (!campaign) return { ok: false, error: `No campaign ${source.campaignId} in the shop.` };
  return { ok: true, audience: { name: `${source.who} of campaign ${campaign.name}`, contacts: campaignResponders(db, campaign.id, source.who) } };
}

async function* customersById(db: Db, ids: readonly string[]): AsyncGenerator<AudienceContact> {
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = await db.customer.findMany({ where: { id: { in: ids.slice(i, i + PAGE) } }, select: CONTACT, orderBy: { id: "asc" } });
    yield* page;
  }
}

async function* campaignResponders(db: Db, campaignId: string, who: "openers" | "clickers"): AsyncGenerator<AudienceContact> {
  const responded = who === "clickers" ? { clickedAt: { not: null } } : { OR: [{ openedAt: { not: null } }, { clickedAt: { not: null } }] };
  let after: string | null = null;
  for (;;) {
    const page: { customerId: string; customer: AudienceContact }[] = await db.campaignRecipient.findMany({
      where: { campaignId, ...responded, ...(after ? { customerId: { gt: after } } : {}) },
      select: { customerId: true, customer: { select: CONTACT } },
      orderBy: { customerId: "asc" },
      take: PAGE,
    });
    for (const r of page) yield r.customer;
    if (page.length < PAGE) return;
    after = page[page.length - 1].customerId;
  }
}

/**
 * The region a phone without an international prefix is read in when the
 * customer has no country: the given one, else the shop's home market (the
 * country most of its customers with a known country are in). Pearl stores
 * no country for the shop itself.
 */
export async function defaultRegion(db: Db, shopId: string, given?: string | null): Promise<string | null> {
  if (given) return countryCode(given);
  const rows = await db.customer.groupBy({
    by: ["country"], where: { shopId, country: { not: null }, deletedAt: null }, _count: { _all: true },
    orderBy: { _count: { country: "desc" } }, take: 5,
  });
  for (const r of rows) {
    const code = countryCode(r.country);
    if (code) return code;
  }
  return null;
}

/** A file name for the download: pearl-<format>-<what>-<date>.csv, letters, digits and dashes only. */
export function audienceFileName(format: string, name: string, at: Date): string {
  const slug = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return `pearl-${format}-${slug || "audience"}-${at.toISOString().slice(0, 10)}.csv`;
}
