/**
 * Micro-segments inside one macro-segment, every size within [minSize, maxSize].
 *
 * 1. Count: L = round(n / ((min + max) / 2)), clamped to the feasible
 *    [ceil(n / max), floor(n / min)] (non-empty for n >= min, see settings.ts).
 * 2. Balanced bisecting k-means: a node of n points meant to become L
 *    segments is split by ml-kmeans (k = 2, k-means++) fitted on a sample of
 *    up to 200 of its points (those with the lowest id hash, see kmeans.ts:
 *    the same customers are sampled again when the data change a little);
 *    the two centroids define a hyperplane and the points are ranked by
 *    their side of it. The cut is the 2-means cut moved
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
 * With the previous run's segments given, steps 1-2 are replaced by a warm
 * start from them (warmStart), so segments stay put when the data hardly
 * changed and keep their ids (identity.ts).
 *
 * For the cost of the bounds, `unconstrainedWcss` runs the same Lloyd
 * passes without bounds from the same start, with the same k.
 */
import { centroidsOf, fitCentroids, nearestCentroid, sampleByPriority, select, squaredDistance } from "./kmeans";

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
  /** Previous run's micro-segment per row (-1: new customer): start from it instead of bisecting. */
  previous?: Int32Array;
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
  warm: boolean;
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
  priority: Float64Array,
  rows: Int32Array,
  labels: Int32Array,
  offset: number,
  options: MicroOptions,
): MicroResult {
  const { minSize, maxSize } = options;
  const L = rows.length < minSize ? 1 : leafCount(rows.length, minSize, maxSize);
  const warmK = options.previous && L > 1 ? warmStart(data, d, priority, rows, options.previous, labels, offset, L, minSize, maxSize, options.seed) : 0;
  let next = offset + warmK;
  const stack: { rows: Int32Array; L: number; seed: number }[] = warmK > 0 ? [] : [{ rows: rows.slice(), L, seed: options.seed }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.L <= 1) {
      for (let r = 0; r < node.rows.length; r++) labels[node.rows[r]] = next;
      next++;
      continue;
    }
    const [left, right, L1] = bisect(data, d, priority, node.rows, node.L, minSize, maxSize, node.seed);
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
    warm: warmK > 0,
  };
}

/**
 * Warm start from the previous run: the previous micro-segments with at
 * least minSize / 2 returning customers in this macro-segment (largest
 * first, at most L) keep those customers; everyone else goes to the
 * nearest of their means; while there are fewer than L, the largest is cut
 * in two at its 2-means hyperplane; then sizes are repaired into the bounds
 * (repairSizes). Returns k (labels written from offset), or 0 when fewer
 * than half of the L segments have a predecessor here (then bisect afresh).
 */
function warmStart(
  data: Float32Array,
  d: number,
  priority: Float64Array,
  rows: Int32Array,
  previous: Int32Array,
  labels: Int32Array,
  offset: number,
  L: number,
  minSize: number,
  maxSize: number,
  seed: number,
): number {
  const count = new Map<number, number>();
  for (const i of rows) if (previous[i] >= 0) count.set(previous[i], (count.get(previous[i]) ?? 0) + 1);
  const groups = [...count]
    .filter(([, c]) => 2 * c >= minSize)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, L)
    .map(([p]) => p);
  if (2 * groups.length < L) return 0;
  const local = new Map(groups.map((p, g) => [p, g]));
  let k = groups.length;
  const kept = rows.filter((i) => local.has(previous[i]));
  for (const i of kept) labels[i] = offset + local.get(previous[i])!;
  let { centroids } = centroidsOf(data, d, kept, labels, k, offset);
  for (const i of rows) {
    if (local.has(previous[i])) continue;
    labels[i] = offset + nearestCentroid(data, d, i, centroids, k);
  }
  while (k < L) {
    const sizes = new Int32Array(k);
    for (const i of rows) sizes[labels[i] - offset]++;
    let big = 0;
    for (let c = 1; c < k; c++) if (sizes[c] > sizes[big]) big = c;
    const members = rows.filter((i) => labels[i] - offset === big);
    const [, right] = bisect(data, d, priority, members, 2, 1, members.length, seed + k);
    for (const i of right) labels[i] = offset + k;
    k++;
  }
  ({ centroids } = centroidsOf(data, d, rows, labels, k, offset));
  repairSizes(data, d, rows, labels, offset, k, centroids, minSize, maxSize);
  return k;
}

/**
 * Moves points until every size is within [minSize, maxSize] (feasible
 * because k parts of n points allow it): an oversized segment gives its
 * cheapest points (smallest distance increase) to segments with room; an
 * undersized one takes the cheapest points from segments above minSize.
 * Neither kind of move creates a new violation, so this ends.
 */
function repairSizes(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  labels: Int32Array,
  offset: number,
  k: number,
  centroids: Float64Array,
  minSize: number,
  maxSize: number,
): void {
  const sizes = new Int32Array(k);
  for (const i of rows) sizes[labels[i] - offset]++;
  for (let guard = 0; guard < 4 * k + 4; guard++) {
    let over = -1;
    let under = -1;
    for (let c = 0; c < k; c++) {
      if (sizes[c] > maxSize && (over < 0 || sizes[c] > sizes[over])) over = c;
      if (sizes[c] < minSize && (under < 0 || sizes[c] < sizes[under])) under = c;
    }
    if (over < 0 && under < 0) return;
    if (over >= 0) {
      // Each member's cheapest segment with room, cheapest first.
      const moves: { i: number; to: number; cost: number }[] = [];
      for (const i of rows) {
        if (labels[i] - offset !== over) continue;
        const own = squaredDistance(data, d, i, centroids, over);
        let to = -1;
        let best = Infinity;
        for (let c = 0; c < k; c++) {
          if (c === over || sizes[c] >= maxSize) continue;
          const q = squaredDistance(data, d, i, centroids, c);
          if (q < best) {
            best = q;
            to = c;
          }
        }
        if (to >= 0) moves.push({ i, to, cost: best - own });
      }
      moves.sort((a, b) => a.cost - b.cost || a.i - b.i);
      for (const m of moves) {
        if (sizes[over] <= maxSize) break;
        if (sizes[m.to] >= maxSize) continue;
        labels[m.i] = offset + m.to;
        sizes[over]--;
        sizes[m.to]++;
      }
    } else {
      const moves: { i: number; cost: number }[] = [];
      for (const i of rows) {
        const c = labels[i] - offset;
        if (c === under || sizes[c] <= minSize) continue;
        moves.push({ i, cost: squaredDistance(data, d, i, centroids, under) - squaredDistance(data, d, i, centroids, c) });
      }
      moves.sort((a, b) => a.cost - b.cost || a.i - b.i);
      for (const m of moves) {
        if (sizes[under] >= minSize) break;
        const from = labels[m.i] - offset;
        if (sizes[from] <= minSize) continue;
        labels[m.i] = offset + under;
        sizes[from]--;
        sizes[under]++;
      }
    }
  }
}

/** Splits a node for L leaves into (left, right, L1). */
function bisect(
  data: Float32Array,
  d: number,
  priority: Float64Array,
  rows: Int32Array,
  L: number,
  minSize: number,
  maxSize: number,
  seed: number,
): [Int32Array, Int32Array, number] {
  const n = rows.length;
  const c = fitCentroids(data, d, sampleByPriority(rows, priority, BISECTION_SAMPLE), 2, seed, 30);
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
      const order = Int32Array.from({ length: m }, (_, t) => t);
      sortByKeyDesc(candGain, order, m);
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

/** For each centroid its M nearest other centroids (a bounded insertion list: O(k M) per centroid, not a sort). */
function neighbourLists(centroids: Float64Array, k: number, d: number) {
  const m = Math.min(NEIGHBOURS, k - 1);
  const list = new Int32Array(k * m);
  const bestD = new Float64Array(m);
  const bestC = new Int32Array(m);
  for (let a = 0; a < k; a++) {
    let len = 0;
    for (let c = 0; c < k; c++) {
      if (c === a) continue;
      let q = 0;
      for (let j = 0; j < d; j++) {
        const x = centroids[a * d + j] - centroids[c * d + j];
        q += x * x;
      }
      if (len === m && q >= bestD[m - 1]) continue;
      let pos = len < m ? len++ : m - 1;
      while (pos > 0 && bestD[pos - 1] > q) {
        bestD[pos] = bestD[pos - 1];
        bestC[pos] = bestC[pos - 1];
        pos--;
      }
      bestD[pos] = q;
      bestC[pos] = c;
    }
    for (let t = 0; t < m; t++) list[a * m + t] = bestC[t];
  }
  return { m, list };
}

/** Sorts idx[0..m-1] by key descending (ties: smaller idx first); typed quicksort, no comparator calls. */
function sortByKeyDesc(key: Float64Array, idx: Int32Array, m: number): void {
  const stack: number[] = [0, m - 1];
  const before = (x: number, y: number) => key[x] > key[y] || (key[x] === key[y] && x < y);
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = idx[i];
        let j = i - 1;
        while (j >= lo && before(v, idx[j])) {
          idx[j + 1] = idx[j];
          j--;
        }
        idx[j + 1] = v;
      }
      continue;
    }
    const pivot = idx[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(idx[i], pivot)) i++;
      while (before(pivot, idx[j])) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (lo < j) stack.push(lo, j);
    if (i < hi) stack.push(i, hi);
  }
}

function wcssAround(data: Float32Array, d: number, rows: Int32Array, labels: Int32Array, centroids: Float64Array, offset: number): number {
  let s = 0;
  for (let r = 0; r < rows.length; r++) s += squaredDistance(data, d, rows[r], centroids, labels[rows[r]] - offset);
  return s;
}
