/**
 * The whole recommender as of a date: history, product statistics,
 * co-purchase neighbours, a feed per segment and every customer's top-k.
 */
import type { OrderTable } from "../orderTable";
import { catalogFromTable, type Catalog, type CatalogOptions } from "./catalog";
import { coPurchaseNeighbors, type CoPurchaseNeighbors, type CoPurchaseOptions } from "./coPurchase";
import { customerTopK, type BrowsedProducts, type CustomerTopK, type TopKOptions } from "./customerTopK";
import { productStats, type ProductStats, type ProductStatsOptions } from "./productStats";
import { purchaseHistory, type PurchaseHistory } from "./purchaseHistory";
import { segmentFeeds, type SegmentFeedOptions, type SegmentFeeds } from "./segmentFeed";

export interface RecommendOptions {
  catalog?: CatalogOptions;
  stats?: Partial<ProductStatsOptions>;
  coPurchase?: Partial<CoPurchaseOptions>;
  feeds?: Partial<SegmentFeedOptions>;
  topK?: Partial<TopKOptions>;
}

export interface RecommendInput {
  /** Orders with product columns (products, lineProduct). */
  table: OrderTable;
  /** Only purchases before this instant count. */
  asOfMs: number;
  /** Customer index -> segment index (-1 none); index as table.customerIds, possibly longer. */
  segmentOf: Int32Array;
  nSegments: number;
  browsed?: BrowsedProducts;
}

export interface Recommendations {
  catalog: Catalog;
  history: PurchaseHistory;
  stats: ProductStats;
  neighbors: CoPurchaseNeighbors;
  feeds: SegmentFeeds;
  topK: CustomerTopK;
}

/** Runs each step in turn; `onPhase` hears each step's name before it starts (progress, timing). */
export function recommend(input: RecommendInput, options: RecommendOptions = {}, onPhase?: (name: string) => void): Recommendations {
  const nCategories = input.table.categories.length;
  onPhase?.("catalog");
  const catalog = catalogFromTable(input.table, options.catalog);
  onPhase?.("history");
  const history = purchaseHistory(input.table, input.asOfMs, catalog.nonProduct);
  onPhase?.("product stats");
  const stats = productStats(history, options.stats);
  onPhase?.("co-purchase");
  const neighbors = coPurchaseNeighbors(history, options.coPurchase);
  onPhase?.("segment feeds");
  const feeds = segmentFeeds(history, stats, catalog, nCategories, input.segmentOf, input.nSegments, options.feeds);
  onPhase?.("customer top-k");
  const topK = customerTopK(
    { history, stats, catalog, nCategories, neighbors, feeds, segmentOf: input.segmentOf, browsed: input.browsed },
    options.topK,
  );
  return { catalog, history, stats, neighbors, feeds, topK };
}
