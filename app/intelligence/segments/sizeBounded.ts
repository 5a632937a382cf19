/**
 * Micro-segments inside one macro-segment, every size within [minSize, maxSize].
 *
 * 1. Count: L = round(n / ((min + max) / 2)), clamped to the feasible
 *    [ceil(n / max), floor(n / min)] (non-empty for n >= min, see settings.ts).
 * 2. Balanced bisecting k-means: a node of n points meant to become L
 *    segments is split by ml-kmeans (k = 2, k-means++) fitted on a sample of
 *    up to 200 of its points; the two centroids define a hyperplane and the
 *    points are ranked by their side of it. The cut is the 2-means cut moved
 *    just enough that both halves can still be divided into segments within
 *    the bounds (L1 parts for n1 points needs L1 min <= n1 <= L1 max, same for
 *    the rest), found with a linear-time selection, not a sort. Every leaf is
 *    then within the bounds by construction.
 * 3. Bounded Lloyd refinement: each point looks for a nearer centroid
 *    among its cluster's 12 nearest centroids (candidate lists: a point
 *    only ever moves to a neighbouring cluster, and an exact scan of all k
 *    costs n x k x d per pass: measured, the triangle-inequality test that
 *    would make the short list exact fails for ~90% of points in 23
 *    dimensions). Wished-for moves are applied best gain first, each only if
 *    its source stays >= min and its target <= max; moves blocked that way
 *    are paired with blocked moves in the opposite direction and done as
 *    swaps (sizes unchanged, both points nearer). Sizes are feasible
 *    before and after every move, so the bounds hold throughout; centroids
 *    are recomputed and this repeats until fewer than 0.2% of the points
 *    move (at most 10 passes).
 *
 * For the cost of the bounds, `unconstrainedWcss` runs the same Lloyd
 * passes without bounds from the same start, with the same k.
 */
import { centroidsOf, fitCentroids, sampleRows, squaredDistance } from "./kmeans";

export const BISECTION_SAMPLE = 200;
export const NEIGHBOURS = 12;
/** Refinement stops when fewer than this share of the points moved in an iteration. */
export const STOP_MOVED_SHARE = 0.002;
export const MAX_REFINE_ITERATIONS = 10;

export interface MicroOptions {
  minSize: number;
  maxSize: number;
  seed: number;
  refineIterations?: number;
  /** Also run unconstrained Lloyd from the same start (same k) and report its WCSS. */
  compareUnconstrained?: boolean;
}

export interface MicroResult {
  k: number;
  wcss: number;
  /** WCSS of the bisection start (before refinement). */
  initialWcss: number;
  unconstrainedWcss: number | null;
  /** Time spent on the unconstrained comparison (not needed for the segments). */
  unconstrainedMs: number;
  refineIterations: number;
  centroids: Float64Array;
  sizes: Int32Array;
}

export function leafCount(n: number, minSize: number, maxSize: number): number {
  const lo = Math.ceil(n / maxSize);
  const hi = Math.floor(n / minSize);
  const L = Math.round(n / ((minSize + maxSize) / 2));
  if (lo > hi) return Math.max(1, lo);
  return Math.max(lo, Math.min(hi, Math.max(1, L)));
}

/**
 * Labels rows (a macro-segment's rows in `labels`) with offset .. offset+k-1.
 * With fewer than minSize rows there is one segment (the caller flags it).
 */
export function microSegments(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  labels: Int32Array,
  offset: number,
  options: MicroOptions,
): MicroResult {
  const { minSize, maxSize } = options;
  const L = rows.length < minSize ? 1 : leafCount(rows.length, minSize, maxSize);
  let next = offset;
  const stack: { rows: Int32Array; L: number; seed: number }[] = [{ rows: rows.slice(), L, seed: options.seed }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.L <= 1) {
      for (let r = 0; r < node.rows.length; r++) labels[node.rows[r]] = next;
      next++;
      continue;
    }
    const [left, right, L1] = bisect(data, d, node.rows, node.L, minSize, maxSize, node.seed);
    // Right pushed first so the left part gets the lower labels (deterministic, readable order).
    stack.push({ rows: right, L: node.L - L1, seed: node.seed * 2 + 2 });
    stack.push({ rows: left, L: L1, seed: node.seed * 2 + 1 });
  }
  const k = next - offset;
  const start = centroidsOf(data, d, rows, labels, k, offset);
  const initialWcss = wcssAround(data, d, rows, labels, start.centroids, offset);
  let unconstrainedWcss: number | null = null;
  let unconstrainedMs = 0;
  if (options.compareUnconstrained) {
    const t0 = performance.now();
    // Only the macro's rows matter: a copy of their labels, not of the whole array.
    const free = new Int32Array(labels.length);
    for (let r = 0; r < rows.length; r++) free[rows[r]] = labels[rows[r]];
    unconstrainedWcss = k > 1 ? lloyd(data, d, rows, free, k, offset, null, options.refineIterations ?? MAX_REFINE_ITERATIONS).wcss : initialWcss;
    unconstrainedMs = performance.now() - t0;
  }
  const refined =
    k > 1 ? lloyd(data, d, rows, labels, k, offset, { minSize, maxSize }, options.refineIterations ?? MAX_REFINE_ITERATIONS) : { wcss: initialWcss, iterations: 0 };
  const final = centroidsOf(data, d, rows, labels, k, offset);
  return {
    k,
    wcss: refined.wcss,
    initialWcss,
    unconstrainedWcss,
    unconstrainedMs,
    refineIterations: refined.iterations,
    centroids: final.centroids,
    sizes: final.sizes,
  };
}

/** Splits a node for L leaves into (left, right, L1). */
function bisect(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  L: number,
  minSize: number,
  maxSize: number,
  seed: number,
): [Int32Array, Int32Array, number] {
  const n = rows.length;
  const c = fitCentroids(data, d, sampleRows(rows, BISECTION_SAMPLE, seed), 2, seed, 30);
  // score = x . (c2 - c1); the 2-means boundary is score = (|c2|^2 - |c1|^2) / 2.
  const dir = new Float64Array(d);
  let mid = 0;
  for (let j = 0; j < d; j++) {
    dir[j] = c[d + j] - c[j];
    mid += (c[d + j] * c[d + j] - c[j] * c[j]) / 2;
  }
  const scores = new Float64Array(n);
  let natural = 0;
  for (let r = 0; r < n; r++) {
    const a = rows[r] * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += data[a + j] * dir[j];
    scores[r] = s;
    if (s < mid) natural++;
  }
  const L1 = Math.max(1, Math.min(L - 1, Math.round((L * natural) / n)));
  const L2 = L - L1;
  const lo = Math.max(L1 * minSize, n - L2 * maxSize);
  const hi = Math.min(L1 * maxSize, n - L2 * minSize);
  const n1 = Math.max(lo, Math.min(hi, natural));
  const order = rows.slice();
  select(scores, order, n1);
  return [order.slice(0, n1), order.slice(n1), L1];
}

/**
 * Reorders (scores, rows) in place so that the m smallest scores come first
 * (Hoare partitioning with median-of-three; expected linear time).
 */
export function select(scores: Float64Array, rows: Int32Array, m: number): void {
  let lo = 0;
  let hi = scores.length - 1;
  if (m <= 0 || m >= scores.length) return;
  const target = m - 1; // the element at index m-1 in sorted order, all before it smaller or equal
  while (hi > lo) {
    const midI = (lo + hi) >> 1;
    const a = scores[lo];
    const b = scores[midI];
    const cc = scores[hi];
    const pivot = a < b ? (b < cc ? b : a < cc ? cc : a) : a < cc ? a : b < cc ? cc : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (scores[i] < pivot) i++;
      while (scores[j] > pivot) j--;
      if (i <= j) {
        const ts = scores[i];
        scores[i] = scores[j];
        scores[j] = ts;
        const tr = rows[i];
        rows[i] = rows[j];
        rows[j] = tr;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}

interface Bounds {
  minSize: number;
  maxSize: number;
}

/**
 * Lloyd iterations on the listed rows (labels offset..offset+k-1), with or
 * without size bounds; returns the final WCSS around the final means.
 */
function lloyd(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  labels: Int32Array,
  k: number,
  offset: number,
  bounds: Bounds | null,
  maxIterations: number,
): { wcss: number; iterations: number } {
  const n = rows.length;
  let { centroids, sizes } = centroidsOf(data, d, rows, labels, k, offset);
  const candRow = new Int32Array(n);
  const candTo = new Int32Array(n);
  const candGain = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const nb = neighbourLists(centroids, k, d);
    let m = 0;
    for (let r = 0; r < n; r++) {
      const i = rows[r];
      const a = labels[i] - offset;
      const da = squaredDistance(data, d, i, centroids, a);
      let best = a;
      let bestD = da;
      const base = a * nb.m;
      for (let t = 0; t < nb.m; t++) {
        const c = nb.list[base + t];
        const dc = squaredDistance(data, d, i, centroids, c);
        if (dc < bestD) {
          bestD = dc;
          best = c;
        }
      }
      if (best !== a && bestD < da) {
        candRow[m] = i;
        candTo[m] = best;
        candGain[m] = da - bestD;
        m++;
      }
    }
    if (m === 0) break;
    let moved = 0;
    if (bounds === null) {
      for (let t = 0; t < m; t++) labels[candRow[t]] = candTo[t] + offset;
      moved = m;
    } else {
      const order = Array.from({ length: m }, (_, t) => t);
      order.sort((x, y) => candGain[y] - candGain[x] || candRow[x] - candRow[y]);
      // Blocked moves by (from, to), best gain first: a blocked a->b pairs with a blocked b->a as a swap.
      const blocked = new Map<number, number[]>();
      for (const t of order) {
        const i = candRow[t];
        const from = labels[i] - offset;
        const to = candTo[t];
        if (sizes[from] > bounds.minSize && sizes[to] < bounds.maxSize) {
          labels[i] = to + offset;
          sizes[from]--;
          sizes[to]++;
          moved++;
        } else {
          const key = from * k + to;
          const list = blocked.get(key);
          if (list) list.push(t);
          else blocked.set(key, [t]);
        }
      }
      for (const [key, list] of blocked) {
        const from = Math.floor(key / k);
        const to = key - from * k;
        if (from > to) continue; // each pair once
        const back = blocked.get(to * k + from);
        if (!back) continue;
        for (let q = 0; q < Math.min(list.length, back.length); q++) {
          labels[candRow[list[q]]] = to + offset;
          labels[candRow[back[q]]] = from + offset;
          moved += 2;
        }
      }
    }
    ({ centroids, sizes } = centroidsOf(data, d, rows, labels, k, offset, centroids));
    if (moved <= n * STOP_MOVED_SHARE) break;
  }
  return { wcss: wcssAround(data, d, rows, labels, centroids, offset), iterations };
}

/** For each centroid its M nearest other centroids. */
function neighbourLists(centroids: Float64Array, k: number, d: number) {
  const m = Math.min(NEIGHBOURS, k - 1);
  const list = new Int32Array(k * m);
  const dist = new Float64Array(k);
  const idx = new Int32Array(k);
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const x = centroids[a * d + j] - centroids[c * d + j];
        s += x * x;
      }
      dist[c] = c === a ? Infinity : s;
      idx[c] = c;
    }
    const sorted = Array.from(idx).sort((x, y) => dist[x] - dist[y] || x - y);
    for (let t = 0; t < m; t++) list[a * m + t] = sorted[t];
  }
  return { m, list };
}

function wcssAround(data: Float32Array, d: number, rows: Int32Array, labels: Int32Array, centroids: Float64Array, offset: number): number {
  let s = 0;
  for (let r = 0; r < rows.length; r++) s += squaredDistance(data, d, rows[r], centroids, labels[rows[r]] - offset);
  return s;
}
