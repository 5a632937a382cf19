import type { Db } from "../db.server.ts";
import type { NamedProfile } from "../intelligence/segments/analyzeSegments.ts";

/**
 * Reading analysis runs (AnalysisRun, Segment, SegmentSnapshot,
 * CustomerScore). Profiles and stats are JSON text (the same on SQLite and
 * PostgreSQL; docs/decisions/0005-segments.md).
 */

export interface StoredSegment {
  id: string;
  name: string;
  level: "macro" | "micro";
  parentId: string | null;
  size: number;
  profile: NamedProfile;
}

/** The shop's latest finished run (status "done"), or null before the first analysis. */
export async function latestRun(db: Db, shopId: string) {
  return db.analysisRun.findFirst({ where: { shopId, status: "done" }, orderBy: [{ finishedAt: "desc" }, { startedAt: "desc" }] });
}

/** Segments of a run: macro-segments first (largest first), then micro-segments by parent and size. */
export async function segmentsOfRun(db: Db, runId: string): Promise<StoredSegment[]> {
  const rows = await db.segmentSnapshot.findMany({ where: { runId }, include: { segment: true } });
  const out = rows.map((r) => ({
    id: r.segmentId,
    name: r.segment.name,
    level: r.segment.level as "macro" | "micro",
    parentId: r.segment.parentId,
    size: r.size,
    profile: JSON.parse(r.profile) as NamedProfile,
  }));
  const macroRank = new Map(
    out
      .filter((s) => s.level === "macro")
      .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
      .map((s, i) => [s.id, i]),
  );
  const rank = (s: StoredSegment) => (s.level === "macro" ? macroRank.get(s.id)! : (macroRank.get(s.parentId ?? "") ?? -1));
  return out.sort((a, b) => {
    if (a.level !== b.level) return a.level === "macro" ? -1 : 1;
    return rank(a) - rank(b) || b.size - a.size || a.id.localeCompare(b.id);
  });
}

/** Customer ids (Customer.id) of a segment in a run; a macro-segment's are all of its micro-segments'. */
export async function segmentMembers(db: Db, runId: string, segmentId: string): Promise<string[]> {
  const rows = await db.customerScore.findMany({
    where: { runId, OR: [{ segmentId }, { macroSegmentId: segmentId }] },
    select: { customerId: true },
    orderBy: { customerId: "asc" },
  });
  return rows.map((r) => r.customerId);
}

/** One customer's scores and segments in a run, or null when the run did not score them. */
export async function customerScore(db: Db, runId: string, customerId: string) {
  return db.customerScore.findUnique({ where: { runId_customerId: { runId, customerId } } });
}

/** Where each customer of a run was: Customer.id -> micro and macro segment ids. */
export async function runAssignments(db: Db, runId: string): Promise<{ micro: Map<string, string>; macro: Map<string, string> }> {
  const rows = await db.customerScore.findMany({ where: { runId }, select: { customerId: true, segmentId: true, macroSegmentId: true } });
  const micro = new Map<string, string>();
  const macro = new Map<string, string>();
  for (const r of rows) {
    micro.set(r.customerId, r.segmentId);
    macro.set(r.customerId, r.macroSegmentId);
  }
  return { micro, macro };
}
