/**
 * Stand-in segments for evaluating the recommender until the segment
 * pipeline (app/intelligence/segments) is on main: k-means (ml-kmeans) on
 * each buyer's spend shares over the store's top categories plus its log
 * purchase days, about `size` customers a segment. Replaced by the real
 * clustering as soon as it lands.
 */
import { kmeans } from "ml-kmeans";
import type { OrderTable } from "../intelligence/orderTable.ts";
import type { Segmentation } from "../intelligence/recommend/evaluation.ts";
import { purchaseHistory } from "../intelligence/recommend/purchaseHistory.ts";

export function provisionalSegments(table: OrderTable, asOfMs: number, size = 300, topCategories = 20): Segmentation {
  const h = purchaseHistory(table, asOfMs);
  const nCat = table.categories.length;
  // Category of each product = its first line's category (enough for a stand-in).
  const productCat = new Int32Array(h.nProducts).fill(-1);
  const lineProduct = table.lineProduct ?? new Int32Array(0);
  for (let l = 0; l < lineProduct.length; l++) if (lineProduct[l] >= 0 && productCat[lineProduct[l]] < 0) productCat[lineProduct[l]] = table.lineCategory[l];
  const catCount = new Float64Array(nCat);
  for (let e = 0; e < h.product.length; e++) if (productCat[h.product[e]] >= 0) catCount[productCat[h.product[e]]] += h.count[e];
  const top = Array.from({ length: nCat }, (_, i) => i).sort((a, b) => catCount[b] - catCount[a]).slice(0, topCategories);
  const slot = new Int32Array(nCat).fill(-1);
  top.forEach((cat, i) => (slot[cat] = i));
  const buyers: number[] = [];
  const rows: number[][] = [];
  for (let c = 0; c < h.nCustomers; c++) {
    if (h.start[c + 1] === h.start[c]) continue;
    const row = new Array<number>(top.length + 1).fill(0);
    let total = 0;
    for (let e = h.start[c]; e < h.start[c + 1]; e++) {
      const s = slot[productCat[h.product[e]] ?? -1] ?? -1;
      total += h.count[e];
      if (s >= 0) row[s] += h.count[e];
    }
    for (let i = 0; i < top.length; i++) row[i] = Math.sqrt(row[i] / total);
    row[top.length] = Math.log1p(h.customerDays[c]) / 3;
    buyers.push(c);
    rows.push(row);
  }
  const segmentOf = new Int32Array(h.nCustomers).fill(-1);
  const k = Math.max(1, Math.round(rows.length / size));
  if (rows.length === 0) return { segmentOf, nSegments: 0 };
  const result = kmeans(rows, k, { seed: 7, initialization: "kmeans++", maxIterations: 100 });
  buyers.forEach((c, i) => (segmentOf[c] = result.clusters[i]));
  return { segmentOf, nSegments: k };
}
