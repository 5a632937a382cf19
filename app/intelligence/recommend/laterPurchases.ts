/**
 * What customers bought in a time window: the labels of the blend's fit and
 * the ground truth of offline evaluation. Non-product codes, cancelled orders
 * and non-positive quantities are no purchases.
 */
import { FLAG_CANCELLED, type OrderTable } from "../orderTable";

/** Distinct products each customer bought in [fromMs, untilMs), by customer index. */
export function purchasesBetween(table: OrderTable, fromMs: number, untilMs: number, nonProduct: Uint8Array): Map<number, Set<number>> {
  const truth = new Map<number, Set<number>>();
  const lineProduct = table.lineProduct;
  if (!lineProduct) throw new Error("purchasesBetween: the order table has no product columns");
  for (let o = 0; o < table.orderCustomer.length; o++) {
    const t = table.orderTime[o];
    if (t < fromMs || t >= untilMs || table.orderFlags[o] & FLAG_CANCELLED) continue;
    const c = table.orderCustomer[o];
    for (let l = table.orderLineStart[o]; l < table.orderLineStart[o + 1]; l++) {
      const p = lineProduct[l];
      if (p < 0 || nonProduct[p] || !(table.lineQuantity[l] > 0)) continue;
      let set = truth.get(c);
      if (!set) truth.set(c, (set = new Set()));
      set.add(p);
    }
  }
  return truth;
}
