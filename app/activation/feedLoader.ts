import type { FeedItem } from "../recommend/feedItem.ts";

/** A segment's product feed as the recommender stored it for an analysis run. */
export type SegmentFeedLoader = (shopId: string, segmentId: string, runId: string | null) => Promise<FeedItem[]>;
