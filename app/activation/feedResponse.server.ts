// GET /feeds/<shop>/<segment>/<json|rss|html>?sig=...: a segment's feed for
// an email platform. The signature is checked before anything else is read.
// A feed changes only when an analysis run finishes, so documents are kept in
// memory per run, and the first request that meets a new run starts loading
// all of that run's feeds at once (three queries) so that later first fetches
// of other segments need no query. The shop and its latest run are re-read at
// most every few seconds, which is how long an uninstall or a new run takes to show.

import type { Db } from "../db.server.ts";
import { latestFinishedRun } from "./audience.ts";
import { feedHtmlSnippet, feedJson, feedRss, type FeedContext } from "./feedDocuments.ts";
import { feedSignatureMatches, type FeedFormat } from "./feedUrl.ts";
import { storefrontUrlOf } from "./productLink.ts";
import type { FeedItem } from "../recommend/feedItem.ts";
import { storedSegmentFeeds, storedSegmentFeedsOf } from "./segmentFeeds.ts";

const CONTENT_TYPES: Record<FeedFormat, string> = {
  json: "application/json; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  html: "text/html; charset=utf-8",
};

const SHOP_TTL_MS = 5_000;
const MAX_DOCUMENTS = 20_000;

interface ShopEntry {
  shop: { id: string; domain: string; name: string | null; currency: string; urlSecret: string } | null;
  run: { id: string; at: Date } | null;
  expires: number;
}
const shops = new Map<string, ShopEntry>();
const documents = new Map<string, string | null>();
/** Per run: every segment's name and feed, once loaded; "loading" meanwhile. */
const runFeeds = new Map<string, Map<string, { name: string; items: FeedItem[] }> | "loading">();

function warmRun(db: Db, shopId: string, runId: string): void {
  if (runFeeds.has(runId)) return;
  if (runFeeds.size > 100) runFeeds.clear();
  runFeeds.set(runId, "loading");
  void (async () => {
    const segments = await db.segmentSnapshot.findMany({ where: { runId }, select: { segmentId: true, segment: { select: { name: true } } } });
    const feeds = await storedSegmentFeedsOf(db, shopId, runId, segments.map((s) => s.segmentId));
    const loaded = new Map<string, { name: string; items: FeedItem[] }>();
    for (const s of segments) {
      const items = feeds.get(s.segmentId);
      // Segments without stored recommendations take the slow path (best sellers).
      if (items?.length) loaded.set(s.segmentId, { name: s.segment.name, items });
    }
    runFeeds.set(runId, loaded);
  })().catch((error) => {
    runFeeds.delete(runId);
    console.error("[feeds] loading a run's feeds failed", error);
  });
}

async function shopEntry(db: Db, domain: string): Promise<ShopEntry> {
  const hit = shops.get(domain);
  if (hit && hit.expires > Date.now()) return hit;
  const row = await db.shop.findUnique({ where: { domain }, select: { id: true, domain: true, name: true, currency: true, urlSecret: true, uninstalledAt: true } });
  const shop = row && !row.uninstalledAt ? row : null;
  const run = shop && (await latestFinishedRun(db, shop.id));
  if (shop && run) warmRun(db, shop.id, run.id);
  const entry = { shop, run: run ? { id: run.id, at: run.finishedAt ?? run.startedAt } : null, expires: Date.now() + SHOP_TTL_MS };
  if (shops.size > 10_000) shops.clear();
  shops.set(domain, entry);
  return entry;
}

export async function feedResponse(db: Db, request: Request, params: { shop?: string; segment?: string }, format: FeedFormat): Promise<Response> {
  const url = new URL(request.url);
  const signature = url.searchParams.get("sig") ?? "";
  const domain = params.shop ?? "";
  const segmentId = params.segment ?? "";
  const { shop, run } = await shopEntry(db, domain);
  // One answer for an unknown shop and a bad signature: the URL is the credential.
  if (!shop || !feedSignatureMatches(shop.urlSecret, shop.domain, segmentId, signature)) {
    return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
  const key = `${shop.id}|${run?.id}|${segmentId}|${format}`;
  let body = documents.get(key);
  if (body === undefined) {
    body = run ? await feedDocument(db, shop, run, segmentId, format, `${url.origin}${url.pathname}?sig=${signature}`) : null;
    if (documents.size > MAX_DOCUMENTS) documents.clear();
    documents.set(key, body);
  }
  if (body === null) return new Response("No such segment in the latest analysis\n", { status: 404, headers: { "Content-Type": "text/plain" } });
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      // Klaviyo refetches every 15 minutes; a new analysis changes the feed at most daily.
      "Cache-Control": "public, max-age=300",
      "X-Robots-Tag": "noindex",
    },
  });
}

async function feedDocument(db: Db, shop: NonNullable<ShopEntry["shop"]>, run: NonNullable<ShopEntry["run"]>, segmentId: string, format: FeedFormat, selfUrl: string): Promise<string | null> {
  const warm = runFeeds.get(run.id);
  let segment: { id: string; name: string };
  let items: FeedItem[];
  const hit = warm && warm !== "loading" ? warm.get(segmentId) : undefined;
  if (hit) {
    segment = { id: segmentId, name: hit.name };
    items = hit.items;
  } else {
    const snapshot = await db.segmentSnapshot.findUnique({ where: { runId_segmentId: { runId: run.id, segmentId } }, select: { segment: { select: { id: true, name: true } } } });
    if (!snapshot) return null;
    segment = snapshot.segment;
    items = await storedSegmentFeeds(db)(shop.id, segmentId, run.id);
  }
  const context: FeedContext = { shop, storefrontUrl: storefrontUrlOf(shop.domain), segment, selfUrl, generatedAt: run.at };
  return format === "json" ? feedJson(items, context) : format === "rss" ? feedRss(items, context) : feedHtmlSnippet(items, context);
}
