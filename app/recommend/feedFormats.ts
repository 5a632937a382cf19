/**
 * How `pearl feed` prints a feed, by --format. One entry per format: add a
 * formatter here (rss, html, ...) and the command offers it.
 */
import type { FeedItem } from "./feedItem.ts";

export interface FeedDocument {
  shop: { domain: string; currency: string };
  segment: { id: string; name: string | null };
  runId: string;
  items: FeedItem[];
}

export const FEED_FORMATTERS: Record<string, (feed: FeedDocument) => string> = {
  json: (feed) => JSON.stringify(feed) + "\n",
};
