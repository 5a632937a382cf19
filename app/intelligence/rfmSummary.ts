/**
 * Transactions -> the per-customer summary the probability models need:
 *
 *   x   frequency: number of repeat purchase DAYS (all purchases on one
 *       calendar day count as one transaction, as in the BTYD literature and
 *       lifetimes' `summary_data_from_transaction_data`),
 *   t_x recency: time from the first to the last purchase day,
 *   T   age: time from the first purchase day to the as-of day,
 *   zbar mean value of the repeat transactions (first day excluded, same-day
 *       purchases summed into one transaction): the Gamma-Gamma input.
 *
 * Time convention: durations are whole UTC calendar days, converted to the
 * chosen unit (week = 7 days). The as-of instant counts by its calendar day,
 * so a first purchase on 1997-01-01 with as-of 1997-09-30 gives
 * T = 272 days = 38.86 weeks: exactly the published CDNOW summary (as-of
 * "the start of 1997-09-30", or equivalently lifetimes' date differences).
 * Transactions placed after the as-of instant are ignored; pass the end of
 * the day (e.g. 1997-09-30T23:59:59.999Z) to include that day's orders.
 */

export type TimeUnit = "week" | "day";

export const UNIT_DAYS: Record<TimeUnit, number> = { week: 7, day: 1 };

export const MS_PER_DAY = 86_400_000;

/** One purchase; the input of the CLV report. */
export interface Transaction {
  customerId: string;
  placedAt: Date;
  amount: number;
}

export interface RfmSummary {
  unit: TimeUnit;
  asOf: Date;
  /** Customers with at least one purchase on or before as-of, by first appearance. */
  customerIds: string[];
  /** x: repeat purchase days. */
  frequency: Int32Array;
  /** t_x and T in whole days (exact integers: used to group identical customers). */
  recencyDays: Int32Array;
  ageDays: Int32Array;
  /** t_x and T in the chosen unit. */
  recency: Float64Array;
  T: Float64Array;
  /** zbar: mean value of repeat transactions (0 when x = 0). */
  monetaryValue: Float64Array;
  /** Day number (days since 1970-01-01 UTC) of the first purchase. */
  firstPurchaseDay: Int32Array;
  /** Sum of all amounts up to as-of (first purchase included). */
  totalValue: Float64Array;
}

/** Columnar transactions: customer index, time (ms since epoch), amount. */
export interface TransactionColumns {
  customer: Int32Array;
  timeMs: Float64Array;
  amount: Float64Array;
  /**
   * Optional: rows with (skip[i] & skipBits) !== 0 are ignored. Lets a caller
   * pass an existing flags column (e.g. the order table's cancelled bit)
   * instead of copying the other columns.
   */
  skip?: Uint8Array;
  skipBits?: number;
}

export function dayNumber(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Summary from transaction records (the API used by `clvReport`). */
export function rfmSummary(
  transactions: readonly Transaction[],
  asOf: Date,
  timeUnit: TimeUnit = "week",
): RfmSummary {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const n = transactions.length;
  const cols: TransactionColumns = {
    customer: new Int32Array(n),
    timeMs: new Float64Array(n),
    amount: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = transactions[i];
    let k = index.get(t.customerId);
    if (k === undefined) {
      k = ids.length;
      index.set(t.customerId, k);
      ids.push(t.customerId);
    }
    cols.customer[i] = k;
    cols.timeMs[i] = t.placedAt.getTime();
    cols.amount[i] = t.amount;
  }
  return rfmSummaryFromColumns(cols, ids, asOf, timeUnit);
}

/**
 * Summary from columnar transactions (any order). Linear time: a counting
 * sort by customer, then each customer's few transactions sorted by day.
 */
export function rfmSummaryFromColumns(
  cols: TransactionColumns,
  customerIds: readonly string[],
  asOf: Date,
  timeUnit: TimeUnit = "week",
): RfmSummary {
  const asOfMs = asOf.getTime();
  const asOfDay = dayNumber(asOfMs);
  const nCust = customerIds.length;
  const n = cols.customer.length;
  const skip = cols.skip;
  const skipBits = cols.skipBits ?? 0xff;
  const included = (i: number) => cols.timeMs[i] <= asOfMs && (skip === undefined || (skip[i] & skipBits) === 0);

  // Counting sort of the included transactions by customer.
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) if (included(i)) start[cols.customer[i] + 1]++;
  for (let c = 0; c < nCust; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nCust);
  const perm = new Int32Array(start[nCust]);
  for (let i = 0; i < n; i++) if (included(i)) perm[fill[cols.customer[i]]++] = i;

  let nOut = 0;
  for (let c = 0; c < nCust; c++) if (start[c + 1] > start[c]) nOut++;
  const out: RfmSummary = {
    unit: timeUnit,
    asOf,
    customerIds: new Array<string>(nOut),
    frequency: new Int32Array(nOut),
    recencyDays: new Int32Array(nOut),
    ageDays: new Int32Array(nOut),
    recency: new Float64Array(nOut),
    T: new Float64Array(nOut),
    monetaryValue: new Float64Array(nOut),
    firstPurchaseDay: new Int32Array(nOut),
    totalValue: new Float64Array(nOut),
  };
  const unitDays = UNIT_DAYS[timeUnit];
  let days = new Float64Array(64);
  let amts = new Float64Array(64);
  let o = 0;
  for (let c = 0; c < nCust; c++) {
    const s = start[c];
    const m = start[c + 1] - s;
    if (m === 0) continue;
    if (m > days.length) {
      days = new Float64Array(m * 2);
      amts = new Float64Array(m * 2);
    }
    for (let j = 0; j < m; j++) {
      const i = perm[s + j];
      days[j] = dayNumber(cols.timeMs[i]);
      amts[j] = cols.amount[i];
    }
    sortPairsByKey(days, amts, m);
    const first = days[0];
    let distinct = 1;
    let repeatSum = 0;
    let last = first;
    let total = amts[0];
    for (let j = 1; j < m; j++) {
      total += amts[j];
      if (days[j] !== first) repeatSum += amts[j];
      if (days[j] !== days[j - 1]) distinct++;
      last = days[j];
    }
    const x = distinct - 1;
    out.customerIds[o] = customerIds[c];
    out.frequency[o] = x;
    out.recencyDays[o] = last - first;
    out.ageDays[o] = asOfDay - first;
    out.recency[o] = (last - first) / unitDays;
    out.T[o] = (asOfDay - first) / unitDays;
    out.monetaryValue[o] = x > 0 ? repeatSum / x : 0;
    out.firstPurchaseDay[o] = first;
    out.totalValue[o] = total;
    o++;
  }
  return out;
}

/** Sorts the first m entries of keys ascending, permuting vals alongside. */
function sortPairsByKey(keys: Float64Array, vals: Float64Array, m: number): void {
  let sorted = true;
  for (let i = 1; i < m && sorted; i++) if (keys[i - 1] > keys[i]) sorted = false;
  if (sorted) return;
  if (m <= 32) {
    for (let i = 1; i < m; i++) {
      const k = keys[i];
      const v = vals[i];
      let j = i - 1;
      while (j >= 0 && keys[j] > k) {
        keys[j + 1] = keys[j];
        vals[j + 1] = vals[j];
        j--;
      }
      keys[j + 1] = k;
      vals[j + 1] = v;
    }
    return;
  }
  const idx = Array.from({ length: m }, (_, i) => i);
  idx.sort((i, j) => keys[i] - keys[j]);
  const k2 = idx.map((i) => keys[i]);
  const v2 = idx.map((i) => vals[i]);
  for (let i = 0; i < m; i++) {
    keys[i] = k2[i];
    vals[i] = v2[i];
  }
}

/** Distinct (x, t_x, T) rows with counts, and each customer's row. */
export interface GroupedTriples {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Row index of each customer of the summary. */
  rowOf: Int32Array;
}

/**
 * Groups customers with identical (x, t_x, T): the BG/NBD likelihood depends
 * on nothing else, so fitting on the distinct rows with weights gives the
 * same optimum at a fraction of the cost. Keys are the exact integer days.
 */
export function groupTriples(s: RfmSummary): GroupedTriples {
  const n = s.frequency.length;
  const rowOf = new Int32Array(n);
  const map = new Map<number, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < n; i++) {
    // x < 2^19, days < 2^17 (359 years): the packed key is an exact integer < 2^53.
    const key = s.frequency[i] * 17179869184 + s.recencyDays[i] * 131072 + s.ageDays[i];
    let k = map.get(key);
    if (k === undefined) {
      k = xs.length;
      map.set(key, k);
      xs.push(s.frequency[i]);
      txs.push(s.recency[i]);
      Ts.push(s.T[i]);
      ws.push(0);
    }
    ws[k]++;
    rowOf[i] = k;
  }
  return {
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    weight: Float64Array.from(ws),
    rowOf,
  };
}
