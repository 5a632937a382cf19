// Pure figures behind the admin's charts: no React, no database, so each is
// checked on its own numbers (tests/admin/charts.test.ts).

export interface Point {
  x: number;
  y: number;
}

/**
 * The revenue concentration (Lorenz) curve: customers sorted from the smallest
 * spender up, cumulative share of customers (x) against cumulative share of
 * revenue (y), from (0,0) to (1,1). At most `maxPoints` points are kept
 * (evenly spaced in x, the last always included), so a million customers draw
 * as a few hundred vertices.
 */
export function lorenzCurve(values: readonly number[], maxPoints = 200): { points: Point[]; gini: number } {
  const v = values.map((x) => Math.max(0, x)).sort((a, b) => a - b);
  const n = v.length;
  const total = v.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0) return { points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], gini: 0 };
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i] + v[i];
  // Gini = 1 - 2 * area under the curve (trapezoids over every customer).
  let area = 0;
  for (let i = 0; i < n; i++) area += (cumulative[i] + cumulative[i + 1]) / (2 * total * n);
  const step = Math.max(1, Math.ceil(n / Math.max(1, maxPoints - 1)));
  const points: Point[] = [];
  for (let i = 0; i <= n; i += step) points.push({ x: i / n, y: cumulative[i] / total });
  if (points[points.length - 1].x !== 1) points.push({ x: 1, y: 1 });
  return { points, gini: 1 - 2 * area };
}

/** Share of revenue from the top `share` of customers (0.2: the top 20%), read off the sorted values. */
export function topShareOfRevenue(values: readonly number[], share: number): number {
  const v = values.map((x) => Math.max(0, x)).sort((a, b) => b - a);
  const total = v.reduce((s, x) => s + x, 0);
  if (!total) return 0;
  const k = Math.round(v.length * share);
  let top = 0;
  for (let i = 0; i < k; i++) top += v[i];
  return top / total;
}

export interface ValueCell {
  /** Bin indexes: longevity (columns) and recency (rows). */
  col: number;
  row: number;
  count: number;
  meanValue: number;
}

export interface ValueGrid {
  /** Upper bounds in days of each longevity / recency bin (the last is open). */
  longevityEdges: number[];
  recencyEdges: number[];
  cells: ValueCell[];
  maxMean: number;
}

/** Bins in days: a fortnight, a month, a quarter, half a year, a year, longer. */
export const DAY_BINS = [14, 30, 90, 180, 365, Infinity];

/**
 * Mean predicted value per (longevity, recency) cell: longevity is the days
 * between a customer's first and last order, recency the days from the last
 * order to the analysis date. Empty cells are left out.
 */
export function valueGrid(customers: readonly { longevityDays: number; recencyDays: number; value: number }[], edges: readonly number[] = DAY_BINS): ValueGrid {
  const bin = (days: number) => {
    const i = edges.findIndex((e) => days < e);
    return i === -1 ? edges.length - 1 : i;
  };
  const sums = new Map<number, { count: number; sum: number }>();
  for (const c of customers) {
    const key = bin(c.longevityDays) * edges.length + bin(c.recencyDays);
    const s = sums.get(key) ?? { count: 0, sum: 0 };
    s.count++;
    s.sum += c.value;
    sums.set(key, s);
  }
  const cells: ValueCell[] = [...sums].map(([key, s]) => ({ col: Math.floor(key / edges.length), row: key % edges.length, count: s.count, meanValue: s.sum / s.count }));
  cells.sort((a, b) => a.col - b.col || a.row - b.row);
  return { longevityEdges: [...edges], recencyEdges: [...edges], cells, maxMean: cells.reduce((m, c) => Math.max(m, c.meanValue), 0) };
}

/** A bin's label: "< 14 d", "14-30 d", ..., "365 d +". */
export function binLabel(edges: readonly number[], i: number): string {
  const lo = i === 0 ? 0 : edges[i - 1];
  const hi = edges[i];
  if (!Number.isFinite(hi)) return `${lo} d +`;
  return lo === 0 ? `< ${hi} d` : `${lo}-${hi} d`;
}

/** Linear map of [d0, d1] onto [r0, r1]. */
export const scaleLinear = (d0: number, d1: number, r0: number, r1: number) => (v: number) => (d1 === d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten at or above `v`. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Polaris-like teal ramp: 0 -> pale, 1 -> deep. */
export function rampColor(t: number): string {
  const u = Math.max(0, Math.min(1, t));
  const l = 94 - u * 62;
  return `hsl(174 ${40 + u * 30}% ${l.toFixed(1)}%)`;
}
