// A segment's feed in the formats email platforms read:
// - JSON for Klaviyo web feeds (in a template: {% for item in feeds.NAME.items %});
// - RSS 2.0 for Mailchimp's *|FEEDBLOCK:url|* (title, link, description, and the
//   image as media:content and enclosure, which *|FEEDITEM:IMAGE|* reads);
// - an HTML snippet (a table of cards with inline styles) to paste or embed.
// Links carry UTM parameters with utm_medium=feed; there is no per-recipient
// token, since the platform fetches one document for everyone.

import type { FeedItem } from "../recommend/feedItem.ts";
import { formatPrice, productLinkPrefix, TOKEN_PARAM } from "./productLink.ts";
import { escapeHtml } from "./segmentEmail.ts";

export interface FeedContext {
  shop: { domain: string; name: string | null; currency: string };
  storefrontUrl: string;
  segment: { id: string; name: string };
  /** Where this document is served, for the RSS channel's self link. */
  selfUrl?: string;
  generatedAt: Date;
  locale?: string;
}

/** Klaviyo refuses feeds over 3.3 MB (help.klaviyo.com, custom web feeds); Pearl keeps well below. */
export const MAX_FEED_ITEMS = 100;

function feedLink(item: FeedItem, context: FeedContext): string {
  const url = new URL(productLinkPrefix(item, { storefrontUrl: context.storefrontUrl, campaign: "feed", segmentId: context.segment.id }));
  url.searchParams.delete(TOKEN_PARAM);
  url.searchParams.set("utm_medium", "feed");
  return url.toString();
}

export function feedJson(items: readonly FeedItem[], context: FeedContext): string {
  const locale = context.locale ?? "en";
  return JSON.stringify({
    shop: context.shop.domain,
    segment: { id: context.segment.id, name: context.segment.name },
    generated_at: context.generatedAt.toISOString(),
    currency: context.shop.currency,
    items: items.slice(0, MAX_FEED_ITEMS).map((item, i) => ({
      rank: i + 1,
      id: item.externalId,
      title: item.title,
      url: feedLink(item, context),
      image_url: item.imageUrl,
      price: item.price,
      price_formatted: formatPrice(item.price, context.shop.currency, locale),
      reason: item.reason,
    })),
  });
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function feedRss(items: readonly FeedItem[], context: FeedContext): string {
  const locale = context.locale ?? "en";
  const date = context.generatedAt.toUTCString();
  const entries = items.slice(0, MAX_FEED_ITEMS).map((item) => {
    const link = feedLink(item, context);
    const price = formatPrice(item.price, context.shop.currency, locale);
    const image = item.imageUrl
      ? `\n      <media:content url="${xml(item.imageUrl)}" medium="image"/>\n      <enclosure url="${xml(item.imageUrl)}" length="0" type="${imageType(item.imageUrl)}"/>`
      : "";
    const description = `${item.imageUrl ? `<img src="${escapeHtml(item.imageUrl)}" alt="${escapeHtml(item.title)}" width="300"/><br/>` : ""}<strong>${escapeHtml(price)}</strong> ${escapeHtml(item.reason)}`;
    return `    <item>
      <title>${xml(item.title)}</title>
      <link>${xml(link)}</link>
      <guid isPermaLink="false">${xml(`${context.shop.domain}/${item.externalId}`)}</guid>
      <pubDate>${date}</pubDate>
      <description>${xml(description)}</description>${image}
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(`${context.shop.name ?? context.shop.domain}: ${context.segment.name}`)}</title>
    <link>${xml(context.storefrontUrl)}</link>
${context.selfUrl ? `    <atom:link href="${xml(context.selfUrl)}" rel="self" type="application/rss+xml"/>\n` : ""}    <description>${xml(`Products picked by Pearl for ${context.segment.name}`)}</description>
    <lastBuildDate>${date}</lastBuildDate>
${entries.join("\n")}
  </channel>
</rss>
`;
}

function imageType(url: string): string {
  const ext = new URL(url).pathname.split(".").pop()?.toLowerCase();
  return ext === "png" ? "image/png" : ext === "gif" ? "image/gif" : ext === "webp" ? "image/webp" : ext === "svg" ? "image/svg+xml" : "image/jpeg";
}

/** Cards in a table, two to a row, inline styles only (email clients drop <style>). */
export function feedHtmlSnippet(items: readonly FeedItem[], context: FeedContext, columns = 2): string {
  const locale = context.locale ?? "en";
  const cells = items.slice(0, MAX_FEED_ITEMS).map((item) => {
    const link = escapeHtml(feedLink(item, context));
    const visual = item.imageUrl
      ? `<a href="${link}"><img src="${escapeHtml(item.imageUrl)}" alt="${escapeHtml(item.title)}" width="260" style="display:block;width:100%;max-width:260px;height:auto;border:0;border-radius:4px"></a>`
      : `<a href="${link}" style="display:block;padding:56px 12px;background:#f3efe7;color:#4b5563;text-decoration:none;border-radius:4px">${escapeHtml(item.title)}</a>`;
    return `<td style="width:${Math.floor(100 / columns)}%;padding:8px;vertical-align:top;text-align:center;font-family:Helvetica,Arial,sans-serif">${visual}`
      + `<p style="margin:8px 0 4px;font-size:15px;font-weight:600"><a href="${link}" style="color:#1f2937;text-decoration:none">${escapeHtml(item.title)}</a></p>`
      + `<p style="margin:0 0 8px;font-size:14px;color:#4b5563">${escapeHtml(formatPrice(item.price, context.shop.currency, locale))}</p></td>`;
  });
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += columns) {
    const row = cells.slice(i, i + columns);
    while (row.length < columns) row.push(`<td style="width:${Math.floor(100 / columns)}%"></td>`);
    rows.push(`<tr>${row.join("")}</tr>`);
  }
  return `<table role="presentation" class="pearl-feed" data-segment="${escapeHtml(context.segment.id)}" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">${rows.join("")}</table>\n`;
}
