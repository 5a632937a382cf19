/**
 * How `pearl feed` prints a feed, by --format. One entry per format: add a
 * formatter here (rss, html, ...) and the command offers it.
 */
import { feedHtmlSnippet, feedRss, type FeedContext } from "../activation/feedDocuments.ts";
import { storefrontUrlOf } from "../activation/productLink.ts";
import type { FeedItem } from "./feedItem.ts";

export interface FeedDocument {
  shop: { domain: string; currency: string };
  segment: { id: string; name: string | null };
  runId: string;
  items: FeedItem[];
}

export const FEED_FORMATTERS: Record<string, (feed: FeedDocument) => string> = {
  json: (feed) => JSON.stringify(feed) + "\n",
  // Mailchimp's *|FEEDBLOCK|* and an HTML snippet, as the signed feed URLs serve them (app/activation/feedDocuments.ts).
  rss: (feed) => feedRss(feed.items, activationContext(feed)),
  html: (feed) => feedHtmlSnippet(feed.items, activationContext(feed)),
};

function activationContext(feed: FeedDocument): FeedContext {
  return {
    shop: { domain: feed.shop.domain, name: null, currency: feed.shop.currency },
    storefrontUrl: storefrontUrlOf(feed.shop.domain),
    segment: { id: feed.segment.id, name: feed.segment.name ?? feed.segment.id },
    generatedAt: new Date(),
  };
}
