/**
 * Scale a real store up by resampling customers with replacement, straight
 * into the columnar OrderTable (no per-order objects, so 1M customers and
 * tens of millions of lines fit comfortably in memory).
 *
 * Each resampled customer gets a fresh id and, optionally, all of its dates
 * shifted by a random whole number of weeks chosen so that its orders stay
 * inside the data span (keeps weekdays and the data's time range, avoids a
 * million exact copies of a few thousand histories).
 */
import { mulberry32 } from "../../app/intelligence/bandit/random.ts";
import type { OrderTable } from "../../app/intelligence/orderTable";
import type { RetailCustomer } from "./onlineRetail";

const WEEK_MS = 7 * 86_400_000;

export interface ResampleOptions {
  customers: number;
  seed: number;
  /** Data span; shifted orders stay within it. */
  startMs: number;
  endMs: number;
  /** Shift each copy by a random whole number of weeks (default true). */
  shiftWeeks?: boolean;
  /** Id prefix of the resampled customers (default "r"). */
  idPrefix?: string;
}

export function resampleToOrderTable(base: readonly RetailCustomer[], opts: ResampleOptions): OrderTable {
  const rng = mulberry32(opts.seed);
  const shift = opts.shiftWeeks ?? true;
  const prefix = opts.idPrefix ?? "r";
  const n = opts.customers;

  // Base customers flattened once: per base customer its orders' range, per
  // base order its lines' range, category names -> indices.
  const categoryIndex = new Map<string, number>();
  const categories: string[] = [];
  const catOf = (name: string): number => {
    if (!name) return -1;
    let k = categoryIndex.get(name);
    if (k === undefined) {
      k = categories.length;
      categoryIndex.set(name, k);
      categories.push(name);
    }
    return k;
  };
  const bOrderStart = new Int32Array(base.length + 1);
  for (let c = 0; c < base.length; c++) bOrderStart[c + 1] = bOrderStart[c] + base[c].orders.length;
  const nbo = bOrderStart[base.length];
  const bTime = new Float64Array(nbo);
  const bTotal = new Float64Array(nbo);
  const bDisc = new Float64Array(nbo);
  const bRef = new Float64Array(nbo);
  const bLineStart = new Int32Array(nbo + 1);
  let o = 0;
  for (const c of base) {
    for (const ord of c.orders) {
      bTime[o] = ord.timeMs;
      bTotal[o] = ord.total;
      bDisc[o] = ord.discount;
      bRef[o] = ord.refunded;
      bLineStart[o + 1] = bLineStart[o] + ord.lineQuantity.length;
      o++;
    }
  }
  const nbl = bLineStart[nbo];
  // Product ids (when the base has them) -> indices, like the categories.
  const productIndex = new Map<string, number>();
  const products: string[] = [];
  const withProducts = base.some((c) => c.orders.some((ord) => ord.lineProduct !== undefined));
  const bProd = withProducts ? new Int32Array(nbl).fill(-1) : null;
  const bCat = new Int32Array(nbl);
  const bQty = new Float64Array(nbl);
  const bPrice = new Float64Array(nbl);
  let l = 0;
  for (const c of base) {
    for (const ord of c.orders) {
      for (let j = 0; j < ord.lineQuantity.length; j++) {
        bCat[l] = catOf(ord.lineCategory[j]);
        bQty[l] = ord.lineQuantity[j];
        bPrice[l] = ord.lineUnitPrice[j];
        const code = ord.lineProduct?.[j];
        if (bProd && code !== undefined) {
          let k = productIndex.get(code);
          if (k === undefined) {
            k = products.length;
            productIndex.set(code, k);
            products.push(code);
          }
          bProd[l] = k;
        }
        l++;
      }
    }
  }

  // Draw the sample (customer and week shift), then allocate exactly.
  const pick = new Int32Array(n);
  const delta = new Float64Array(n);
  let nOrders = 0;
  let nLines = 0;
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rng() * base.length);
    pick[i] = k;
    const o0 = bOrderStart[k];
    const o1 = bOrderStart[k + 1];
    if (shift && o1 > o0) {
      const kMin = -Math.floor((bTime[o0] - opts.startMs) / WEEK_MS);
      const kMax = Math.floor((opts.endMs - bTime[o1 - 1]) / WEEK_MS);
      delta[i] = (kMin + Math.floor(rng() * (kMax - kMin + 1))) * WEEK_MS;
    }
    nOrders += o1 - o0;
    nLines += bLineStart[o1] - bLineStart[o0];
  }
  const t: OrderTable = {
    customerIds: new Array<string>(n),
    categories,
    orderCustomer: new Int32Array(nOrders),
    orderTime: new Float64Array(nOrders),
    orderTotal: new Float64Array(nOrders),
    orderDiscount: new Float64Array(nOrders),
    orderRefunded: new Float64Array(nOrders),
    orderFlags: new Uint8Array(nOrders),
    orderLineStart: new Int32Array(nOrders + 1),
    lineCategory: new Int32Array(nLines),
    lineQuantity: new Float64Array(nLines),
    lineUnitPrice: new Float64Array(nLines),
    ...(bProd ? { products, lineProduct: new Int32Array(nLines) } : {}),
  };
  let oo = 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    t.customerIds[i] = `${prefix}${i}`;
    const k = pick[i];
    for (let bo = bOrderStart[k]; bo < bOrderStart[k + 1]; bo++) {
      t.orderCustomer[oo] = i;
      t.orderTime[oo] = bTime[bo] + delta[i];
      t.orderTotal[oo] = bTotal[bo];
      t.orderDiscount[oo] = bDisc[bo];
      t.orderRefunded[oo] = bRef[bo];
      t.orderLineStart[oo] = ll;
      const l0 = bLineStart[bo];
      const len = bLineStart[bo + 1] - l0;
      t.lineCategory.set(bCat.subarray(l0, l0 + len), ll);
      t.lineQuantity.set(bQty.subarray(l0, l0 + len), ll);
      t.lineUnitPrice.set(bPrice.subarray(l0, l0 + len), ll);
      if (bProd && t.lineProduct) t.lineProduct.set(bProd.subarray(l0, l0 + len), ll);
      ll += len;
      oo++;
    }
  }
  t.orderLineStart[oo] = ll;
  return t;
}
