/**
 * Each customer's most frequent order month (0 = January; ties to the
 * earliest; -1 without valid orders), in the rows of `features`. Computed
 * from the order table while it is in memory, so profiles can name a
 * segment's season without keeping the table.
 */
import type { CustomerFeatures } from "../features";
import { FLAG_CANCELLED, type OrderTable } from "../orderTable";

export function preferredMonths(table: OrderTable, features: CustomerFeatures, utcOffsetMinutes = 0): Int8Array {
  const rowOf = tableRows(table, features);
  const n = features.customerIds.length;
  const hist = new Int32Array(n * 12);
  const asOfMs = features.asOf.getTime();
  const offset = utcOffsetMinutes * 60_000;
  for (let i = 0; i < table.orderCustomer.length; i++) {
    if (table.orderTime[i] > asOfMs || (table.orderFlags[i] & FLAG_CANCELLED) !== 0) continue;
    const r = rowOf[table.orderCustomer[i]];
    if (r < 0) continue;
    hist[r * 12 + new Date(table.orderTime[i] + offset).getUTCMonth()]++;
  }
  const out = new Int8Array(n).fill(-1);
  for (let r = 0; r < n; r++) {
    let best = -1;
    let bestC = 0;
    for (let m = 0; m < 12; m++) {
      if (hist[r * 12 + m] > bestC) {
        bestC = hist[r * 12 + m];
        best = m;
      }
    }
    out[r] = best;
  }
  return out;
}

/**
 * Feature row of each table customer (-1: not in the features), for
 * features built from this table: its customers come first in the
 * features, in table order (the others, browse- or cart-only, are not table
 * ids), so one merge pass finds them all.
 */
export function tableRows(table: OrderTable, features: CustomerFeatures): Int32Array {
  const nTab = table.customerIds.length;
  const out = new Int32Array(nTab).fill(-1);
  let r = 0;
  for (let c = 0; c < nTab && r < features.customerIds.length; c++) {
    if (table.customerIds[c] === features.customerIds[r]) out[c] = r++;
  }
  return out;
}
