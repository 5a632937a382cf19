/**
 * k-means building blocks on row-major Float32 vectors.
 *
 * ml-kmeans (k-means++, seeded) fits centroids on samples; the loops that
 * touch every customer (assignment, centroids, WCSS) are typed-array loops
 * here. Why: ml-kmeans works on number[][] and allocates per distance; on
 * 20,000 x 23 points with k = 8 it takes ~0.7 s (measured), so a million
 * points would take ~35 s per run and ~4 GB of arrays. Fitting on a sample
 * and assigning everyone in a tight loop gives the same centroids within
 * sampling error at a fraction of the cost.
 */
import { kmeans as mlKmeans } from "ml-kmeans";

/**
 * A sampling priority per customer: a hash of its id and the seed, in [0, 1).
 *
 * Samples are the rows with the lowest priority, in priority order. Why not
 * a seeded shuffle of row positions: remove one customer and every position
 * after it shifts, so a shuffle would draw a completely different sample
 * and the clustering would come out different; by id hash, a customer is
 * in the sample next run too, and a small change in the data changes the
 * samples (and so the segments) only a little. Segment ids depend on that.
 */
export function samplePriority(ids: readonly string[], seed: number): Float64Array {
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    // FNV-1a over the id, then a murmur3 finaliser mixed with the seed.
    let h = 0x811c9dc5 ^ seed;
    const id = ids[i];
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    out[i] = (h >>> 0) / 4294967296 + i * 1e-16; // ties (equal hashes) broken by row
  }
  return out;
}

/** The (up to) m rows with the lowest priority, in priority order. */
export function sampleByPriority(rows: Int32Array, priority: Float64Array, m: number): Int32Array {
  const keys = Float64Array.from(rows, (r) => priority[r]);
  const copy = rows.slice();
  if (copy.length > m) select(keys, copy, m);
  const chosen = Array.from(copy.subarray(0, Math.min(m, copy.length)));
  chosen.sort((a, b) => priority[a] - priority[b]);
  return Int32Array.from(chosen);
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



export function squaredDistance(data: Float32Array, d: number, i: number, c: Float64Array, k: number): number {
  let s = 0;
  const a = i * d;
  const b = k * d;
  for (let j = 0; j < d; j++) {
    const x = data[a + j] - c[b + j];
    s += x * x;
  }
  return s;
}

/**
 * k centroids (row-major k x d) from ml-kmeans with k-means++ on the given
 * rows. Falls back to a deterministic split along the widest dimension when
 * the points cannot be clustered (fewer distinct points than k: k-means++
 * then divides by a zero potential).
 */
export function fitCentroids(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  k: number,
  seed: number,
  maxIterations = 50,
  /** Start from these centroids (k x d) instead of k-means++ (a warm start from the previous run). */
  start?: Float64Array,
): Float64Array {
  const points: number[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) points[r] = Array.from(data.subarray(rows[r] * d, rows[r] * d + d));
  const out = new Float64Array(k * d);
  if (rows.length >= k && distinctAtLeast(points, k)) {
    try {
      const initialization = start ? Array.from({ length: k }, (_, c) => Array.from(start.subarray(c * d, c * d + d))) : ("kmeans++" as const);
      const res = mlKmeans(points, k, { seed, initialization, maxIterations });
      let ok = res.centroids.length === k;
      for (let c = 0; c < k && ok; c++) for (let j = 0; j < d; j++) {
        const v = res.centroids[c][j];
        if (!Number.isFinite(v)) ok = false;
        out[c * d + j] = v;
      }
      if (ok) return out;
    } catch {
      // fall through to the deterministic split
    }
  }
  return quantileCentroids(points, d, k);
}

function distinctAtLeast(points: number[][], k: number): boolean {
  const seen = new Set<string>();
  for (const p of points) {
    seen.add(p.join(","));
    if (seen.size >= k) return true;
  }
  return false;
}

/** k centroids from k quantile slices along the dimension of largest variance. */
function quantileCentroids(points: number[][], d: number, k: number): Float64Array {
  const out = new Float64Array(k * d);
  if (points.length === 0) return out;
  let best = 0;
  let bestVar = -1;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (const p of points) m += p[j];
    m /= points.length;
    let v = 0;
    for (const p of points) v += (p[j] - m) ** 2;
    if (v > bestVar) {
      bestVar = v;
      best = j;
    }
  }
  const sorted = [...points].sort((a, b) => a[best] - b[best]);
  for (let c = 0; c < k; c++) {
    const lo = Math.floor((c * sorted.length) / k);
    const hi = Math.max(lo + 1, Math.floor(((c + 1) * sorted.length) / k));
    for (let r = lo; r < hi && r < sorted.length; r++) for (let j = 0; j < d; j++) out[c * d + j] += sorted[r][j] / (Math.min(hi, sorted.length) - lo);
  }
  return out;
}

/** Index of the centroid nearest to row i (ties to the lower index). */
export function nearestCentroid(data: Float32Array, d: number, i: number, centroids: Float64Array, k: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    const q = squaredDistance(data, d, i, centroids, c);
    if (q < bestD) {
      bestD = q;
      best = c;
    }
  }
  return best;
}

/** Nearest of k centroids for each listed row (writes labels[row]); returns the sum of squared distances. */
export function assignNearest(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  centroids: Float64Array,
  k: number,
  labels: Int32Array,
  labelOffset = 0,
): number {
  let wcss = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = squaredDistance(data, d, i, centroids, c);
      if (dist < bestD) {
        bestD = dist;
        best = c;
      }
    }
    labels[i] = best + labelOffset;
    wcss += bestD;
  }
  return wcss;
}

/** Means of the listed rows by local label (label[row] - offset in 0..k-1); an empty cluster keeps `previous`' centroid (or 0). */
export function centroidsOf(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  labels: Int32Array,
  k: number,
  offset = 0,
  previous?: Float64Array,
): { centroids: Float64Array; sizes: Int32Array } {
  const centroids = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const c = labels[i] - offset;
    sizes[c]++;
    const a = i * d;
    const b = c * d;
    for (let j = 0; j < d; j++) centroids[b + j] += data[a + j];
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) {
      if (previous) for (let j = 0; j < d; j++) centroids[c * d + j] = previous[c * d + j];
      continue;
    }
    for (let j = 0; j < d; j++) centroids[c * d + j] /= sizes[c];
  }
  return { centroids, sizes };
}

/** Within-cluster sum of squares of the listed rows around their own clusters' means. */
export function wcssOf(data: Float32Array, d: number, rows: Int32Array, labels: Int32Array, k: number, offset = 0): number {
  const { centroids } = centroidsOf(data, d, rows, labels, k, offset);
  let s = 0;
  for (let r = 0; r < rows.length; r++) s += squaredDistance(data, d, rows[r], centroids, labels[rows[r]] - offset);
  return s;
}

/**
 * Plain Lloyd passes over all rows from the given centroids (labels and
 * centroids updated in place), until fewer than `stopShare` of the rows
 * change (or `maxIterations`); returns the passes made. Ends the macro fit
 * on the full data, so that unchanged data give unchanged segments next run.
 */
export function lloydPasses(
  data: Float32Array,
  d: number,
  rows: Int32Array,
  labels: Int32Array,
  centroids: Float64Array,
  k: number,
  maxIterations = 10,
  stopShare = 0.001,
): number {
  let it = 0;
  for (; it < maxIterations; it++) {
    const { centroids: means, sizes } = centroidsOf(data, d, rows, labels, k, 0, centroids);
    for (let c = 0; c < k; c++) if (sizes[c] > 0) centroids.set(means.subarray(c * d, c * d + d), c * d);
    let changed = 0;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r];
      const best = nearestCentroid(data, d, i, centroids, k);
      if (best !== labels[i]) {
        labels[i] = best;
        changed++;
      }
    }
    if (changed <= rows.length * stopShare) {
      it++;
      break;
    }
  }
  return it;
}
