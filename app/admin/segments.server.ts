// Segment list and segment page for one shop. Every read is scoped to the
// authenticated shop: a segment id of another shop is a 404, as is one that
// does not exist.

import type { Db } from "../db.server.ts";
import { feedPath } from "../activation/feedUrl.ts";
import { loadSegmentFeed } from "../recommend/feedStore.ts";
import { latestRun, segmentsOfRun, type StoredSegment } from "../store/analysisRuns.ts";
import { applySegmentQuery, parseSegmentQuery, type SegmentQuery, type SegmentRow } from "./segmentTable.ts";
import { invariantFound, requireShopRow } from "./shop.server.ts";

const MEMBER_SAMPLE = 25;
const MOVE_SAMPLE = 20;

function toRow(s: StoredSegment, names: Map<string, string>): SegmentRow {
  return {
    id: s.id, name: s.name, level: s.level, parentId: s.parentId, parentName: s.parentId ? (names.get(s.parentId) ?? null) : null,
    size: s.size, revenueShare: s.profile.revenueShare, meanClv365: s.profile.meanClv365, meanChurn: s.profile.meanChurn,
  };
}

export interface SegmentList {
  currency: string;
  run: { id: string; asOf: string } | null;
  total: number;
  rows: SegmentRow[];
  query: SegmentQuery;
}

export async function loadSegmentList(db: Db, domain: string, params: URLSearchParams): Promise<SegmentList> {
  const shop = await requireShopRow(db, domain);
  const query = parseSegmentQuery(params);
  const run = await latestRun(db, shop.id);
  if (!run) return { currency: shop.currency, run: null, total: 0, rows: [], query };
  const segments = await segmentsOfRun(db, run.id);
  const names = new Map(segments.map((s) => [s.id, s.name]));
  const rows = segments.map((s) => toRow(s, names));
  return { currency: shop.currency, run: { id: run.id, asOf: run.asOf.toISOString() }, total: rows.length, rows: applySegmentQuery(rows, query), query };
}

export interface MemberRow {
  id: string;
  externalId: string;
  name: string;
  email: string | null;
  tier: string;
  clv365: number;
  churn: number;
}

interface MoveRow {
  customerId: string;
  externalId: string;
  name: string;
  /** The segment the customer came from (moved in) or went to (moved out); null: new, or no longer segmented. */
  otherSegmentId: string | null;
  otherSegmentName: string | null;
}

const displayName = (c: { firstName: string | null; lastName: string | null; externalId: string }) =>
  [c.firstName, c.lastName].filter(Boolean).join(" ") || `Customer ${c.externalId}`;

export async function loadSegmentPage(db: Db, domain: string, segmentId: string) {
  const shop = await requireShopRow(db, domain);
  const segment = invariantFound(await db.segment.findFirst({ where: { id: segmentId, shopId: shop.id } }), "Segment");
  const latest = await latestRun(db, shop.id);
  // A dissolved segment is shown as it was in the last run that had it.
  const runId = segment.dissolvedRunId || !latest ? segment.lastRunId : latest.id;
  const run = invariantFound(await db.analysisRun.findFirst({ where: { id: runId, shopId: shop.id } }), "Analysis run");
  const segments = await segmentsOfRun(db, run.id);
  const stored = invariantFound(segments.find((s) => s.id === segment.id), "Segment snapshot");
  const names = new Map(segments.map((s) => [s.id, s.name]));
  const children = segments.filter((s) => s.parentId === segment.id).map((s) => toRow(s, names));

  const memberWhere = segment.level === "macro" ? { runId: run.id, macroSegmentId: segment.id } : { runId: run.id, segmentId: segment.id };
  const sample = await db.customerScore.findMany({
    where: memberWhere,
    orderBy: [{ clv365: "desc" }, { customerId: "asc" }],
    take: MEMBER_SAMPLE,
    include: { customer: { select: { externalId: true, firstName: true, lastName: true, email: true } } },
  });
  const members: MemberRow[] = sample.map((s) => ({
    id: s.customerId, externalId: s.customer.externalId, name: displayName(s.customer), email: s.customer.email, tier: s.tier, clv365: s.clv365, churn: s.churn,
  }));

  // Moves are recorded between micro-segments; a macro-segment's members are its micro-segments'.
  const inside = new Set(segment.level === "macro" ? children.map((c) => c.id) : [segment.id]);
  const ids = [...inside];
  const [movesIn, movesOut] = await Promise.all([
    db.segmentMove.findMany({ where: { runId: run.id, toSegmentId: { in: ids } }, include: { customer: { select: { externalId: true, firstName: true, lastName: true } } } }),
    db.segmentMove.findMany({ where: { runId: run.id, fromSegmentId: { in: ids } }, include: { customer: { select: { externalId: true, firstName: true, lastName: true } } } }),
  ]);
  const otherIds = [...new Set([...movesIn.map((m) => m.fromSegmentId), ...movesOut.map((m) => m.toSegmentId)].filter((x): x is string => !!x && !names.has(x)))];
  for (const s of await db.segment.findMany({ where: { id: { in: otherIds }, shopId: shop.id }, select: { id: true, name: true } })) names.set(s.id, s.name);
  const moveRow = (m: (typeof movesIn)[number], other: string | null): MoveRow => ({
    customerId: m.customerId, externalId: m.customer.externalId, name: displayName(m.customer), otherSegmentId: other, otherSegmentName: other ? (names.get(other) ?? other) : null,
  });
  const realIn = movesIn.filter((m) => !m.fromSegmentId || !inside.has(m.fromSegmentId));
  const realOut = movesOut.filter((m) => !m.toSegmentId || !inside.has(m.toSegmentId));

  const feed = await loadSegmentFeed(db, shop.id, segment.id, run.id);
  const productIds = stored.profile.topProducts?.map((p) => p.productId) ?? [];
  // Profiles name products by the order table's product key: the store's id or the platform's.
  const products = await db.product.findMany({ where: { shopId: shop.id, OR: [{ id: { in: productIds } }, { externalId: { in: productIds } }] }, select: { id: true, externalId: true, title: true } });
  const productTitle = new Map(products.flatMap((p) => [[p.id, p.title], [p.externalId, p.title]]));
  const previousRun = await db.analysisRun.findFirst({ where: { shopId: shop.id, status: "done", finishedAt: { lt: run.finishedAt ?? run.startedAt } }, orderBy: { finishedAt: "desc" }, select: { asOf: true } });

  return {
    currency: shop.currency,
    run: { id: run.id, asOf: run.asOf.toISOString(), previousAsOf: previousRun?.asOf.toISOString() ?? null },
    segment: {
      id: segment.id, name: stored.name, level: segment.level as "macro" | "micro", parentId: segment.parentId, parentName: segment.parentId ? (names.get(segment.parentId) ?? null) : null,
      dissolved: segment.dissolvedRunId !== null,
    },
    profile: { ...stored.profile, topProducts: stored.profile.topProducts?.map((p) => ({ ...p, title: productTitle.get(p.productId) ?? p.productId })) ?? null },
    children,
    members,
    feed: feed.slice(0, 12),
    feedUrls: { json: feedPath(shop, segment.id, "json"), rss: feedPath(shop, segment.id, "rss"), html: feedPath(shop, segment.id, "html") },
    moves: {
      in: { count: realIn.length, sample: realIn.slice(0, MOVE_SAMPLE).map((m) => moveRow(m, m.fromSegmentId)) },
      out: { count: realOut.length, sample: realOut.slice(0, MOVE_SAMPLE).map((m) => moveRow(m, m.toSegmentId)) },
    },
  };
}

export type SegmentPage = Awaited<ReturnType<typeof loadSegmentPage>>;
