/**
 * The recommender over a shop's stored data, as an analysis run sees it:
 * the order table and segments of the run, the catalog (what is for sale
 * now) and product views. Produces the rows of SegmentFeedItem (a feed per
 * micro- and macro-segment, and the store's trending items under
 * STORE_FEED_ID) and CustomerRecommendation (every customer's top-10).
 */
import type { CustomerFeatures } from "../intelligence/features.ts";
import type { OrderTable } from "../intelligence/orderTable.ts";
import { variantGroups } from "../intelligence/recommend/catalog.ts";
import { REASON_BROWSED, REASON_TRENDING, reasonText } from "../intelligence/recommend/reasons.ts";
import { recommendInParallel, type RecommendOptions, type Recommendations } from "../intelligence/recommend/recommend.ts";
import { availableParallelism } from "node:os";
import { segmentFeeds, type SegmentFeeds } from "../intelligence/recommend/segmentFeed.ts";
import type { Segmentation } from "../intelligence/segments/segmentation.ts";
import { tableRows } from "../intelligence/segments/preferredMonth.ts";
import type { CatalogProduct, ProductView } from "../store/loadRecommendationInputs.ts";

/** SegmentFeedItem.segmentId of the store-wide trending feed (the fallback of customers outside any segment). */
export const STORE_FEED_ID = "_store";

export interface StoreRecommendationInput {
  table: OrderTable;
  features: CustomerFeatures;
  segmentation: Segmentation;
  /** Segment ids per micro / macro index (as stored for the run). */
  microIds: readonly string[];
  macroIds: readonly string[];
  /** Customer.externalId -> Customer.id */
  customerKeys: Map<string, string>;
  catalog: readonly CatalogProduct[];
  views: readonly ProductView[];
  /** Purchases up to and including this instant count. */
  asOf: Date;
  options?: RecommendOptions;
}

export interface FeedRow {
  segmentId: string;
  rank: number;
  productId: string;
  score: number;
  reason: string;
}

export interface RecommendationRow {
  customerId: string;
  rank: number;
  productId: string;
  score: number;
  reason: string;
}

export interface StoreRecommendations {
  feeds: FeedRow[];
  /** Every customer's rows, in chunks of at most `size` rows made as they are asked for (a million customers are ten million rows). */
  customerRows(size: number): Generator<RecommendationRow[]>;
  model: Recommendations;
  /** Customers with a list, and how many of them had no purchase (cold start). */
  stats: { customers: number; coldStart: number; products: number; recommendable: number; feeds: number };
}

export async function storeRecommendations(input: StoreRecommendationInput): Promise<StoreRecommendations> {
  const { table, features, segmentation: seg } = input;
  const products = table.products ?? [];
  const nTab = table.customerIds.length;

  // Customers: the table's, then those the features know only from browsing or carts.
  const rowOf = tableRows(table, features);
  const isTableRow = new Uint8Array(features.customerIds.length);
  for (let c = 0; c < nTab; c++) if (rowOf[c] >= 0) isTableRow[rowOf[c]] = 1;
  const ids = [...table.customerIds];
  const rows = Array.from(rowOf);
  for (let r = 0; r < features.customerIds.length; r++) {
    if (!isTableRow[r]) {
      ids.push(features.customerIds[r]);
      rows.push(r);
    }
  }
  const segmentOf = Int32Array.from(rows, (r) => (r >= 0 ? seg.micro[r] : -1));
  const macroOf = Int32Array.from(rows, (r) => (r >= 0 && !seg.undersized ? seg.macro[r] : -1));

  // Products: the table's (what was ever sold); available as the catalog says now.
  const catalogByExternal = new Map(input.catalog.map((p) => [p.externalId, p]));
  const available = Uint8Array.from(products, (id) => (catalogByExternal.get(id)?.available ? 1 : 0));
  const productIndex = new Map(products.map((id, i) => [id, i]));
  const customerIndex = new Map(ids.map((id, i) => [id, i]));
  const viewed = input.views.filter((v) => productIndex.has(v.productExternalId) && customerIndex.has(v.customer));
  const browsed = {
    customer: Int32Array.from(viewed, (v) => customerIndex.get(v.customer) ?? -1),
    product: Int32Array.from(viewed, (v) => productIndex.get(v.productExternalId) ?? -1),
    timeMs: Float64Array.from(viewed, (v) => v.occurredAt),
  };

  // Large stores compute the customers' lists on two threads (parallelTopK.ts).
  const model = await recommendInParallel(
    { table, asOfMs: input.asOf.getTime() + 1, segmentOf, nSegments: seg.microCount, browsed },
    Math.min(2, availableParallelism()),
    { ...input.options, catalog: { available, group: variantGroups(products, products.map((id) => catalogByExternal.get(id)?.title ?? null)), ...input.options?.catalog } },
  );
  const macroFeeds = seg.undersized
    ? null
    : segmentFeeds(model.history, model.stats, model.catalog, table.categories.length, macroOf, seg.macroCount, input.options?.feeds);

  const title = (p: number) => catalogByExternal.get(products[p])?.title ?? products[p];
  const productKey = (p: number) => catalogByExternal.get(products[p])?.id ?? null;

  const feeds: FeedRow[] = [];
  const addFeeds = (f: SegmentFeeds, segmentIds: readonly string[]) => {
    for (let s = 0; s < f.nSegments; s++) {
      let rank = 0;
      for (let x = f.start[s]; x < f.start[s + 1]; x++) {
        const productId = productKey(f.product[x]);
        if (!productId) continue;
        feeds.push({ segmentId: segmentIds[s], rank: ++rank, productId, score: f.score[x], reason: reasonText({ code: f.reason[x], lift: f.lift[x] }) });
      }
    }
  };
  addFeeds(model.feeds, input.microIds);
  if (macroFeeds) addFeeds(macroFeeds, input.macroIds);
  let rank = 0;
  for (let i = 0; i < model.feeds.trending.length; i++) {
    const productId = productKey(model.feeds.trending[i]);
    if (productId) feeds.push({ segmentId: STORE_FEED_ID, rank: ++rank, productId, score: model.feeds.trendingScore[i], reason: reasonText({ code: REASON_TRENDING }) });
  }

  const { topK } = model;
  const h = model.history;
  let coldStart = 0;
  let listed = 0;
  for (let c = 0; c < ids.length; c++) {
    if (!input.customerKeys.has(ids[c])) continue;
    if (c >= h.nCustomers || h.start[c + 1] === h.start[c]) coldStart++;
    if (topK.product[c * topK.k] >= 0) listed++;
  }
  function* customerRows(size: number): Generator<RecommendationRow[]> {
    let chunk: RecommendationRow[] = [];
    for (let c = 0; c < ids.length; c++) {
      const customerId = input.customerKeys.get(ids[c]);
      if (!customerId) continue;
      let r = 0;
      for (let i = c * topK.k; i < (c + 1) * topK.k; i++) {
        const p = topK.product[i];
        if (p < 0) break;
        const productId = productKey(p);
        if (!productId) continue;
        const code = topK.reason[i];
        const anchor = topK.anchor[i];
        const anchorText = anchor < 0 ? null : code === REASON_BROWSED ? (table.categories[anchor] ?? null) : title(anchor);
        chunk.push({ customerId, rank: ++r, productId, score: topK.score[i], reason: reasonText({ code, anchor: anchorText, intervalDays: topK.detail[i], lift: topK.detail[i] }) });
      }
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length) yield chunk;
  }
  let recommendable = 0;
  for (const v of model.catalog.recommendable) recommendable += v;
  return {
    feeds,
    customerRows,
    model,
    stats: { customers: listed, coldStart, products: products.length, recommendable, feeds: model.feeds.nSegments + (macroFeeds?.nSegments ?? 0) + 1 },
  };
}
