/**
 * Value tiers and revenue concentration.
 *
 * Tiers A-G rank customers by predicted one-year CLV. Cut points (share of
 * ALL customers ranked above, cumulative), chosen so a merchant can read
 * them as "A = our top 5%":
 *
 *   A  top 5%         B  next 10% (top 15%)    C  next 15% (top 30%)
 *   D  next 20% (top 50%)   E  next 20% (top 70%)   F  next 20% (top 90%)
 *   G  the bottom 10%, and anyone whose predicted value is zero or negative.
 *
 * A customer's rank is the number of customers with a strictly higher value
 * (ties share the better rank, so equal values always get the same tier);
 * the customer is in the first tier whose cut exceeds rank / n.
 * Example with 10 distinct positive values: 1 A, 1 B, 1 C, 2 D, 2 E, 2 F, 1 G.
 */

export type Tier = "A" | "B" | "C" | "D" | "E" | "F" | "G";

/** Cumulative cut points in percent of customers. */
export const TIER_CUTS_PERCENT: ReadonlyArray<{ tier: Tier; topPercent: number }> = [
  { tier: "A", topPercent: 5 },
  { tier: "B", topPercent: 15 },
  { tier: "C", topPercent: 30 },
  { tier: "D", topPercent: 50 },
  { tier: "E", topPercent: 70 },
  { tier: "F", topPercent: 90 },
  { tier: "G", topPercent: 100 },
];

/** Tier of every value (same order as the input). */
export function assignTiers(values: ArrayLike<number>): Tier[] {
  const n = values.length;
  const sorted = Float64Array.from(values, (v) => (Number.isFinite(v) ? v : -Infinity));
  sorted.sort(); // ascending, native typed-array sort
  // Threshold of each tier: customer is in the tier iff fewer than m values
  // are strictly greater, i.e. iff value >= the m-th largest value, where
  // m = ceil(cut% * n / 100) (integer arithmetic, so cuts are exact).
  const thresholds = TIER_CUTS_PERCENT.map(({ topPercent }) => {
    const m = Math.ceil((topPercent * n) / 100);
    return m >= 1 ? sorted[n - m] : Infinity;
  });
  const out = new Array<Tier>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v > 0) || !Number.isFinite(v)) {
      out[i] = "G";
      continue;
    }
    let t = TIER_CUTS_PERCENT.length - 1;
    for (let c = 0; c < TIER_CUTS_PERCENT.length; c++) {
      if (v >= thresholds[c]) {
        t = c;
        break;
      }
    }
    out[i] = TIER_CUTS_PERCENT[t].tier;
  }
  return out;
}

export interface LorenzPoint {
  /** Share of customers, best first (0..1). */
  customerShare: number;
  /** Share of the total value they hold (0..1). */
  valueShare: number;
}

export interface RevenueConcentration {
  total: number;
  customers: number;
  /** Concentration curve from (0, 0) to (1, 1), customers sorted by value, best first. */
  points: LorenzPoint[];
  /** Smallest share of customers (best first) holding at least 70% of the value; null if the total is 0. */
  customerShareHolding70: number | null;
  /** Gini coefficient of the values (0 = equal, ->1 = one customer has everything); null if the total is 0. */
  gini: number | null;
}

/**
 * Concentration of value (revenue or predicted CLV) across customers.
 * Negative and non-finite values count as 0. `maxPoints` limits the curve to
 * evenly spaced customer counts (all n+1 points when n + 1 <= maxPoints).
 */
export function revenueConcentration(values: ArrayLike<number>, maxPoints = 101): RevenueConcentration {
  const n = values.length;
  const sorted = Float64Array.from(values, (v) => (Number.isFinite(v) && v > 0 ? v : 0));
  sorted.sort();
  sorted.reverse(); // best first
  const cumul = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumul[i + 1] = cumul[i] + sorted[i];
  const total = cumul[n];

  const points: LorenzPoint[] = [];
  const m = Math.max(2, maxPoints);
  const ks: number[] = [];
  if (n + 1 <= m) for (let k = 0; k <= n; k++) ks.push(k);
  else {
    let last = -1;
    for (let j = 0; j < m; j++) {
      const k = Math.round((j * n) / (m - 1));
      if (k !== last) ks.push(k);
      last = k;
    }
  }
  for (const k of ks) {
    points.push({ customerShare: n === 0 ? 0 : k / n, valueShare: total > 0 ? cumul[k] / total : k === n ? 1 : 0 });
  }

  return {
    total,
    customers: n,
    points,
    customerShareHolding70: customerShareHolding(sorted, cumul, 0.7),
    gini: total > 0 ? gini(sorted, total) : null,
  };
}

function customerShareHolding(sortedDesc: Float64Array, cumul: Float64Array, share: number): number | null {
  const n = sortedDesc.length;
  const total = cumul[n];
  if (!(total > 0)) return null;
  // Smallest k with cumul[k] >= share * total (binary search; cumul is non-decreasing).
  // Compare cumul/total with a tiny tolerance so that exact shares such as
  // 70/100 are not missed by rounding in the running sum.
  const target = share * total * (1 - 1e-12);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumul[mid] >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo / n;
}

/** Gini from values sorted best first: G = 1 - 2 * area under the Lorenz curve (ascending). */
function gini(sortedDesc: Float64Array, total: number): number {
  const n = sortedDesc.length;
  // With values ascending y_1..y_n: G = (2 Σ i y_i) / (n Σ y) - (n + 1) / n.
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (n - i) * sortedDesc[i]; // ascending rank of sortedDesc[i] is n - i
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
