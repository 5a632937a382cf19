/**
 * The two baselines every recommender here is measured against:
 *
 * - popularity: the store's most bought products (purchase days summed over
 *   customers), the same list for everyone;
 * - repeat: the customer's own most often bought products (ties: the more
 *   recent first), then popular ones it has not bought. The personal
 *   top-frequency baseline that next-basket studies find hard to beat.
 */
import type { Catalog } from "./catalog";
import type { PurchaseHistory } from "./purchaseHistory";

export function popularityRanking(h: PurchaseHistory, catalog: Catalog): Int32Array {
  const bought = new Float64Array(h.nProducts);
  for (let e = 0; e < h.product.length; e++) bought[h.product[e]] += h.count[e];
  const ids: number[] = [];
  for (let p = 0; p < h.nProducts; p++) if (catalog.recommendable[p] && bought[p] > 0) ids.push(p);
  ids.sort((a, b) => bought[b] - bought[a] || a - b);
  return Int32Array.from(ids);
}

/** The popularity baseline's list (the same for every customer). */
export function popularityTopK(ranking: Int32Array, k: number): Int32Array {
  const out = new Int32Array(k).fill(-1);
  out.set(ranking.subarray(0, k));
  return out;
}

/** The repeat baseline's list for customer c. */
export function repeatTopK(h: PurchaseHistory, catalog: Catalog, ranking: Int32Array, c: number, k: number): Int32Array {
  const entries: number[] = [];
  if (c < h.nCustomers) for (let e = h.start[c]; e < h.start[c + 1]; e++) if (catalog.recommendable[h.product[e]]) entries.push(e);
  entries.sort((a, b) => h.count[b] - h.count[a] || h.lastMs[b] - h.lastMs[a] || h.product[a] - h.product[b]);
  const out = new Int32Array(k).fill(-1);
  const taken = new Set<number>();
  let n = 0;
  for (const e of entries) {
    if (n === k) break;
    out[n++] = h.product[e];
    taken.add(h.product[e]);
  }
  for (let i = 0; i < ranking.length && n < k; i++) if (!taken.has(ranking[i])) out[n++] = ranking[i];
  return out;
}
