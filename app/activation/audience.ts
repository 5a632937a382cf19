// Who a campaign addresses: the members of chosen segments in the shop's
// latest finished analysis run (AnalysisRun / Segment / CustomerScore, written
// by `pearl analyze`).

import type { Db } from "../db.server.ts";
import { latestRun, segmentsOfRun as storedSegmentsOfRun } from "../store/analysisRuns.ts";

export interface AudienceSegment {
  id: string;
  name: string;
  level: string;
  size: number;
}

export interface AudienceMember {
  customerId: string;
  externalId: string;
  segmentId: string;
  email: string | null;
  /** Consent to marketing email, as the platform reports it. */
  acceptsMarketing: boolean;
  firstName: string | null;
  lastName: string | null;
  city: string | null;
  country: string | null;
  tier: string;
  clv365: number;
}

/** The shop's latest finished run, or null before the first analysis. */
export const latestFinishedRun = latestRun;

export async function segmentsOfRun(db: Db, runId: string): Promise<AudienceSegment[]> {
  return (await storedSegmentsOfRun(db, runId)).map((s) => ({ id: s.id, name: s.name, level: s.level, size: s.size }));
}

/** Members of the given segments (micro or macro) in a run; a customer is counted in the first segment that names it. */
export async function segmentMembers(db: Db, runId: string, segments: readonly AudienceSegment[]): Promise<AudienceMember[]> {
  const micro = segments.filter((s) => s.level !== "macro").map((s) => s.id);
  const macro = segments.filter((s) => s.level === "macro").map((s) => s.id);
  const rows = await db.customerScore.findMany({
    where: { runId, OR: [{ segmentId: { in: micro } }, { macroSegmentId: { in: macro } }] },
    select: {
      segmentId: true, macroSegmentId: true, tier: true, clv365: true,
      customer: { select: { id: true, externalId: true, email: true, acceptsMarketing: true, firstName: true, lastName: true, city: true, country: true, deletedAt: true, redactedAt: true } },
    },
  });
  const order = new Map(segments.map((s, i) => [s.id, i]));
  const members: AudienceMember[] = [];
  for (const r of rows) {
    if (r.customer.deletedAt || r.customer.redactedAt) continue;
    const candidates = [r.segmentId, r.macroSegmentId].filter((id) => order.has(id)).sort((a, b) => order.get(a)! - order.get(b)!);
    const c = r.customer;
    members.push({
      customerId: c.id, externalId: c.externalId, segmentId: candidates[0],
      email: c.email, acceptsMarketing: c.acceptsMarketing, firstName: c.firstName, lastName: c.lastName, city: c.city, country: c.country,
      tier: r.tier, clv365: r.clv365,
    });
  }
  return members.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
}
