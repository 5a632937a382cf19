// The admin's audience downloads: a segment, or a campaign's openers or
// clickers, as a Meta or Google customer-list CSV, streamed to the browser.
// Only the authenticated shop's segments and campaigns: any other id is a 404.

import { audienceCsv } from "../audiences/audienceCsv.ts";
import { audienceFileName, defaultRegion, resolveAudience, type AudienceSource } from "../audiences/audienceSource.ts";
import { audienceFormat, isAudienceFormat } from "../audiences/formats.ts";
import type { Db } from "../db.server.ts";
import { invariantFound, requireShopRow } from "./shop.server.ts";

const badRequest = (message: string) => new Response(message, { status: 400 });

/** GET .../audience?format=meta|google for a segment; for a campaign also &who=openers|clickers. */
export async function audienceDownload(db: Db, domain: string, target: { segmentId: string } | { campaignId: string }, params: URLSearchParams): Promise<Response> {
  const shop = await requireShopRow(db, domain);
  const formatId = params.get("format");
  if (!isAudienceFormat(formatId)) return badRequest("format must be meta or google");
  let source: AudienceSource;
  if ("segmentId" in target) {
    invariantFound(await db.segment.findFirst({ where: { id: target.segmentId, shopId: shop.id }, select: { id: true } }), "Segment");
    source = { kind: "segment", segmentId: target.segmentId };
  } else {
    invariantFound(await db.campaign.findFirst({ where: { id: target.campaignId, shopId: shop.id }, select: { id: true } }), "Campaign");
    const who = params.get("who");
    if (who !== "openers" && who !== "clickers") return badRequest("who must be openers or clickers");
    source = { kind: "campaign", campaignId: target.campaignId, who };
  }
  const found = await resolveAudience(db, shop.id, source);
  // A segment of the shop's that the latest analysis no longer has (dissolved): nothing to export.
  if (!found.ok) return new Response(found.error, { status: 404 });
  const format = audienceFormat(formatId);
  const region = await defaultRegion(db, shop.id);
  const encoder = new TextEncoder();
  const chunks = audienceCsv(found.audience.contacts, format, { defaultRegion: region });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${audienceFileName(format.id, found.audience.name, new Date())}"`,
      // Hashed, but still personal data: never kept by a cache.
      "Cache-Control": "no-store",
    },
  });
}
