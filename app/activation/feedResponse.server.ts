// GET /feeds/<shop>/<segment>/<json|rss|html>?sig=...: a segment's feed for
// an email platform. The signature is checked before anything else is read.

import type { Db } from "../db.server.ts";
import { latestFinishedRun } from "./audience.ts";
import { feedHtmlSnippet, feedJson, feedRss, type FeedContext } from "./feedDocuments.ts";
import { feedSignatureMatches, type FeedFormat } from "./feedUrl.ts";
import { storefrontUrlOf } from "./productLink.ts";
import { storedSegmentFeeds } from "./segmentFeeds.ts";

const CONTENT_TYPES: Record<FeedFormat, string> = {
  json: "application/json; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  html: "text/html; charset=utf-8",
};

export async function feedResponse(db: Db, request: Request, params: { shop?: string; segment?: string }, format: FeedFormat): Promise<Response> {
  const url = new URL(request.url);
  const signature = url.searchParams.get("sig") ?? "";
  const domain = params.shop ?? "";
  const segmentId = params.segment ?? "";
  const shop = await db.shop.findUnique({ where: { domain }, select: { id: true, domain: true, name: true, currency: true, urlSecret: true, uninstalledAt: true } });
  // One answer for an unknown shop and a bad signature: the URL is the credential.
  if (!shop || shop.uninstalledAt || !feedSignatureMatches(shop.urlSecret, shop.domain, segmentId, signature)) {
    return new Response("Forbidden\n", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
  const run = await latestFinishedRun(db, shop.id);
  const segment = run && (await db.segmentSnapshot.findUnique({ where: { runId_segmentId: { runId: run.id, segmentId } }, select: { segment: { select: { id: true, name: true } } } }));
  if (!run || !segment) return new Response("No such segment in the latest analysis\n", { status: 404, headers: { "Content-Type": "text/plain" } });
  const items = await storedSegmentFeeds(db)(shop.id, segmentId, run.id);
  const context: FeedContext = {
    shop, storefrontUrl: storefrontUrlOf(shop.domain), segment: segment.segment, selfUrl: url.toString(), generatedAt: run.finishedAt ?? run.startedAt,
  };
  const body = format === "json" ? feedJson(items, context) : format === "rss" ? feedRss(items, context) : feedHtmlSnippet(items, context);
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
