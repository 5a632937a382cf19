/**
 * Who bought what, how often and when: per customer, the distinct products of
 * its purchases before a date, in one compressed (CSR) structure of typed
 * arrays, so that a million customers cost a few hundred MB, not objects.
 *
 * A "purchase" of a product is a distinct day on which the customer bought it
 * in an order that is not cancelled: wholesalers place several invoices a
 * day, and counting those separately would make every interval look short.
 */
import { FLAG_CANCELLED, type OrderTable } from "../orderTable.ts";

const DAY_MS = 86_400_000;

export interface PurchaseHistory {
  nCustomers: number;
  nProducts: number;
  asOfMs: number;
  /** Products of customer c are entries start[c] .. start[c+1]-1. */
  start: Int32Array;
  product: Int32Array;
  /** Distinct purchase days of that product by that customer (>= 1). */
  count: Float32Array;
  firstMs: Float64Array;
  lastMs: Float64Array;
  /** Per customer: distinct order days, first and last order time (NaN without orders). */
  customerDays: Int32Array;
  customerFirstMs: Float64Array;
  customerLastMs: Float64Array;
  /** Per product: distinct customers who bought it. */
  buyers: Int32Array;
}

/**
 * Builds the history from the lines of `table` placed before `asOfMs`
 * (exclusive). Lines without a product (lineProduct -1), with non-positive
 * quantity, or for which `excluded[product]` is set are left out. With
 * `include`, customers c with include[c] = 0 get an empty history (a sample
 * of a large store).
 */
export function purchaseHistory(table: OrderTable, asOfMs: number, excluded?: Uint8Array, include?: Uint8Array): PurchaseHistory {
  if (!table.products || !table.lineProduct) throw new Error("purchaseHistory: the order table has no product columns");
  const nCustomers = table.customerIds.length;
  const nProducts = table.products.length;
  const nOrders = table.orderCustomer.length;
  const { orderCustomer, orderTime, orderFlags, orderLineStart, lineProduct, lineQuantity } = table;

  // Orders grouped by customer (counting sort), then by time within a customer.
  const orderStart = new Int32Array(nCustomers + 1);
  const counted = (o: number) => orderTime[o] < asOfMs && (!include || include[orderCustomer[o]] === 1);
  for (let o = 0; o < nOrders; o++) if (counted(o)) orderStart[orderCustomer[o] + 1]++;
  for (let c = 0; c < nCustomers; c++) orderStart[c + 1] += orderStart[c];
  const fill = orderStart.slice(0, nCustomers);
  const byCustomer = new Int32Array(orderStart[nCustomers]);
  for (let o = 0; o < nOrders; o++) if (counted(o)) byCustomer[fill[orderCustomer[o]]++] = o;
  for (let c = 0; c < nCustomers; c++) sortByTime(byCustomer, orderStart[c], orderStart[c + 1], orderTime);

  // Pass 1 counts distinct products per customer; pass 2 fills them.
  const seen = new Int32Array(nProducts).fill(-1);
  const start = shared(Int32Array, nCustomers + 1);
  for (let c = 0; c < nCustomers; c++) {
    let distinct = 0;
    for (let k = orderStart[c]; k < orderStart[c + 1]; k++) {
      const o = byCustomer[k];
      if (orderFlags[o] & FLAG_CANCELLED) continue;
      for (let l = orderLineStart[o]; l < orderLineStart[o + 1]; l++) {
        const p = lineProduct[l];
        if (p < 0 || !(lineQuantity[l] > 0) || (excluded && excluded[p])) continue;
        if (seen[p] !== c) {
          seen[p] = c;
          distinct++;
        }
      }
    }
    start[c + 1] = start[c] + distinct;
  }
  const n = start[nCustomers];
  const product = shared(Int32Array, n);
  const count = shared(Float32Array, n);
  const firstMs = shared(Float64Array, n);
  const lastMs = shared(Float64Array, n);
  const customerDays = shared(Int32Array, nCustomers);
  const customerFirstMs = shared(Float64Array, nCustomers).fill(NaN);
  const customerLastMs = shared(Float64Array, nCustomers).fill(NaN);
  const buyers = new Int32Array(nProducts);
  const slot = new Int32Array(nProducts);
  seen.fill(-1);
  for (let c = 0; c < nCustomers; c++) {
    let next = start[c];
    let lastDay = -Infinity;
    for (let k = orderStart[c]; k < orderStart[c + 1]; k++) {
      const o = byCustomer[k];
      if (orderFlags[o] & FLAG_CANCELLED) continue;
      const t = orderTime[o];
      let any = false;
      for (let l = orderLineStart[o]; l < orderLineStart[o + 1]; l++) {
        const p = lineProduct[l];
        if (p < 0 || !(lineQuantity[l] > 0) || (excluded && excluded[p])) continue;
        any = true;
        if (seen[p] !== c) {
          seen[p] = c;
          const e = next++;
          slot[p] = e;
          product[e] = p;
          count[e] = 1;
          firstMs[e] = t;
          lastMs[e] = t;
          buyers[p]++;
        } else {
          const e = slot[p];
          if (t - lastMs[e] >= DAY_MS / 2) count[e]++;
          if (t > lastMs[e]) lastMs[e] = t;
        }
      }
      if (!any) continue;
      if (t - lastDay >= DAY_MS / 2) {
        customerDays[c]++;
        lastDay = t;
      }
      if (!(customerFirstMs[c] <= t)) customerFirstMs[c] = t;
      if (!(customerLastMs[c] >= t)) customerLastMs[c] = t;
    }
  }
  return {
    nCustomers,
    nProducts,
    asOfMs,
    start,
    product,
    count,
    firstMs,
    lastMs,
    customerDays,
    customerFirstMs,
    customerLastMs,
    buyers,
  };
}

type TypedArrayClass<T> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/**
 * A typed array on shared memory: the history is the one large input of the
 * per-customer top-k, and worker threads (parallelTopK.ts) read it without a copy.
 */
export function shared<T>(kind: TypedArrayClass<T>, length: number): T {
  return new kind(new SharedArrayBuffer(length * kind.BYTES_PER_ELEMENT));
}

/** Insertion sort of ids[from..to) by time (slices are one customer's orders: short). */
function sortByTime(ids: Int32Array, from: number, to: number, time: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    const v = ids[i];
    const tv = time[v];
    let j = i - 1;
    while (j >= from && time[ids[j]] > tv) {
      ids[j + 1] = ids[j];
      j--;
    }
    ids[j + 1] = v;
  }
}

/** exp(-age / tau) with tau chosen so that the weight halves every halfLifeDays. */
export function decay(ageMs: number, halfLifeDays: number): number {
  return Math.exp((-Math.LN2 * ageMs) / (halfLifeDays * DAY_MS));
}

const HOUR_MS = 3_600_000;

/**
 * decay() at whole-hour resolution from a table: the hot loops weigh tens of
 * millions of purchases, and a lookup costs a fraction of Math.exp (the
 * error, under half an hour of age, is far below anything the weights mean).
 */
export class DecayTable {
  private readonly table: Float64Array;
  private readonly halfLifeDays: number;

  constructor(halfLifeDays: number, maxDays = 1830) {
    this.halfLifeDays = halfLifeDays;
    this.table = new Float64Array(maxDays * 24 + 1);
    for (let i = 0; i < this.table.length; i++) this.table[i] = Math.exp((-Math.LN2 * i) / (halfLifeDays * 24));
  }

  at(ageMs: number): number {
    const i = Math.floor(ageMs / HOUR_MS);
    if (i <= 0) return 1;
    return i < this.table.length ? this.table[i] : decay(ageMs, this.halfLifeDays);
  }
}

export { DAY_MS };
