/**
 * Input records of the customer-intelligence modules.
 *
 * These are the shapes the store loader produces; everything in
 * `app/intelligence/` is pure and works from these records (or from the
 * columnar form built from them in `orderTable.ts`), never from the database.
 */

export interface OrderFact {            // one order of one customer
  orderId: string;
  customerId: string;
  placedAt: Date;                        // order time (UTC)
  total: number;                         // gross merchandise value in shop currency, >= 0
  discount: number;                      // discount amount on the order
  refunded: number;                      // amount refunded (0 if none)
  cancelled: boolean;
  lines: { productId: string | null; category: string | null; quantity: number; unitPrice: number }[];
  giftSignals: { differentShipping: boolean; giftNote: boolean };
}

export interface BrowseFact { customerId: string; occurredAt: Date; kind: "page_viewed" | "product_viewed" | "collection_viewed" | "search_submitted" | "product_added_to_cart" | "checkout_started" | "checkout_completed"; }

export interface CartFact { customerId: string; createdAt: Date; converted: boolean; }
