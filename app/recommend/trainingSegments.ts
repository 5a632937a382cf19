/**
 * The store's micro-segments as of a date, computed the way an analysis run
 * computes them (features, CLV value scores, two-level clustering from
 * app/intelligence/segments), for offline evaluation: only orders before
 * the date are seen, so the segments know nothing of the evaluated period.
 */
import { customerFeaturesFromTable } from "../intelligence/features.ts";
import type { OrderTable } from "../intelligence/orderTable.ts";
import type { SegmentMembership } from "../intelligence/recommend/evaluation.ts";
import { analyzeSegments, preferredMonths, resolveSegmentSettings, tableRows, valueScores } from "../intelligence/segments/index.ts";

export function trainingSegments(table: OrderTable, beforeMs: number): SegmentMembership {
  const train = ordersBefore(table, beforeMs);
  const asOf = new Date(beforeMs - 1);
  const features = customerFeaturesFromTable(train, [], [], asOf);
  const scores = valueScores(train, features);
  const months = preferredMonths(train, features);
  const rows = tableRows(train, features);
  const analysis = analyzeSegments({ features, scores, months, settings: resolveSegmentSettings(), orders: { table: train, rows } });
  const segmentOf = new Int32Array(table.customerIds.length).fill(-1);
  for (let c = 0; c < rows.length; c++) if (rows[c] >= 0) segmentOf[c] = analysis.segmentation.micro[rows[c]];
  return { segmentOf, nSegments: analysis.segmentation.microCount };
}

/** The orders (and their lines) placed before beforeMs; same customers, categories and products. */
export function ordersBefore(t: OrderTable, beforeMs: number): OrderTable {
  const keep: number[] = [];
  let lines = 0;
  for (let o = 0; o < t.orderCustomer.length; o++) {
    if (t.orderTime[o] < beforeMs) {
      keep.push(o);
      lines += t.orderLineStart[o + 1] - t.orderLineStart[o];
    }
  }
  const n = keep.length;
  const out: OrderTable = {
    customerIds: t.customerIds,
    categories: t.categories,
    orderCustomer: new Int32Array(n),
    orderTime: new Float64Array(n),
    orderTotal: new Float64Array(n),
    orderDiscount: new Float64Array(n),
    orderRefunded: new Float64Array(n),
    orderFlags: new Uint8Array(n),
    orderLineStart: new Int32Array(n + 1),
    lineCategory: new Int32Array(lines),
    lineQuantity: new Float64Array(lines),
    lineUnitPrice: new Float64Array(lines),
    ...(t.products && t.lineProduct ? { products: t.products, lineProduct: new Int32Array(lines) } : {}),
  };
  let l = 0;
  keep.forEach((o, i) => {
    out.orderCustomer[i] = t.orderCustomer[o];
    out.orderTime[i] = t.orderTime[o];
    out.orderTotal[i] = t.orderTotal[o];
    out.orderDiscount[i] = t.orderDiscount[o];
    out.orderRefunded[i] = t.orderRefunded[o];
    out.orderFlags[i] = t.orderFlags[o];
    out.orderLineStart[i] = l;
    const a = t.orderLineStart[o];
    const b = t.orderLineStart[o + 1];
    out.lineCategory.set(t.lineCategory.subarray(a, b), l);
    out.lineQuantity.set(t.lineQuantity.subarray(a, b), l);
    out.lineUnitPrice.set(t.lineUnitPrice.subarray(a, b), l);
    if (out.lineProduct && t.lineProduct) out.lineProduct.set(t.lineProduct.subarray(a, b), l);
    l += b - a;
  });
  out.orderLineStart[n] = l;
  return out;
}
