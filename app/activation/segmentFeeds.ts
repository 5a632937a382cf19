// Where campaigns and feed endpoints get a segment's products.

import type { Db } from "../db.server.ts";
import { bestSellerFeed } from "./bestSellerFeed.ts";
import type { SegmentFeedLoader } from "./feedLoader.ts";

export function storedSegmentFeeds(db: Db): SegmentFeedLoader {
  return (shopId, segmentId, runId) => bestSellerFeed(db, shopId, segmentId, runId);
}
