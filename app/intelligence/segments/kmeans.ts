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

/** mulberry32: a small seeded PRNG, so every sample is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to m distinct entries of `rows`, chosen with a seeded partial shuffle (rows itself is left alone). */
export function sampleRows(rows: Int32Array, m: number, seed: number): Int32Array {
  if (rows.length <= m) return rows.slice();
  const copy = rows.slice();
  const rnd = seededRandom(seed);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rnd() * (copy.length - i));
    const t = copy[i];
    copy[i] = copy[j];
    copy[j] = t;
  }
  return copy.subarray(0, m).slice().sort();
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
export function fitCentroids(data: Float32Array, d: number, rows: Int32Array, k: number, seed: number, maxIterations = 50): Float64Array {
  const points: number[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) points[r] = Array.from(data.subarray(rows[r] * d, rows[r] * d + d));
  const out = new Float64Array(k * d);
  if (rows.length >= k && distinctAtLeast(points, k)) {
    try {
      const res = mlKmeans(points, k, { seed, initialization: "kmeans++", maxIterations });
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
