/**
 * One recommended product as every consumer (CLI, feeds, email) receives it: the store's product
 * joined to the score and the human-readable reason the recommender gave.
 */
export interface FeedItem {
  /** Product.id in the store. */
  productId: string;
  /** The platform's product id (Shopify gid or the import's stock code). */
  externalId: string;
  title: string;
  handle: string | null;
  imageUrl: string | null;
  price: number;
  currency: string;
  /** Why this item is recommended, e.g. "bought together with X" or "due for a refill". */
  reason: string;
  score: number;
}
