/**
 * Macro-segments: a handful of groups a merchant can hold in mind.
 *
 * k is chosen in [macroMinK, macroMaxK] by the mean silhouette (Rousseeuw
 * 1987) of an ml-kmeans fit on a sample of up to 2,000 customers (lowest id
 * hash, kmeans.ts):
 * silhouette rewards groups that are both tight and well apart, and unlike
 * the WCSS "elbow" it has a maximum to pick. Ties go to the smaller k. The
 * upper end is capped at floor(n / minSize) so every macro can hold a full
 * micro-segment.
 *
 * The chosen k is then fitted again by ml-kmeans on a sample of up to
 * 10,000, all customers are assigned to the nearest of its centroids (typed
 * loop), up to 5 Lloyd passes over everyone follow (until under 0.1% of
 * the customers change: the segments approach a fixed point, so unchanged
 * data give (nearly) unchanged segments next run), and any macro-segment smaller than minSize is dissolved into
 * the nearest remaining ones (its customers go to their next-nearest
 * centroid), so micro-segment bounds can hold inside every macro. The count
 * can therefore end below macroMinK on stores with few customers; the run's
 * stats say so.
 *
 * Warm start: given the previous run's macro-segment of each customer, k is
 * kept and the Lloyd passes start from those groups' means (no k-means++),
 * so the macro-segments stay where they were unless the data moved them.
 */
import { assignNearest, centroidsOf, fitCentroids, lloydPasses, sampleByPriority, squaredDistance } from "./kmeans";
import type { SegmentSettings } from "./settings";

export const SILHOUETTE_SAMPLE = 2_000;
/** The chosen k is fitted again by ml-kmeans on this larger sample before everyone is assigned. */
export const MACRO_FIT_SAMPLE = 10_000;
/** Lloyd passes over everyone after the sample fit (each costs n x k x d). */
export const MACRO_LLOYD_PASSES = 5;

export interface MacroResult {
  k: number;
  /** Macro label per row, 0..k-1. */
  labels: Int32Array;
  centroids: Float64Array;
  sizes: Int32Array;
  /** Silhouette per tried k (sample), for the run's stats. */
  silhouettes: { k: number; silhouette: number }[];
  /** k before small macros were merged. */
  chosenK: number;
  merged: number;
  /** Started from the previous run's macro-segments (k kept, not re-chosen). */
  warm: boolean;
}

export function macroSegments(
  data: Float32Array,
  n: number,
  d: number,
  priority: Float64Array,
  settings: SegmentSettings,
  previous?: Int32Array,
): MacroResult {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const warm = previous ? warmMacros(data, n, d, previous, settings.minSize) : null;
  if (warm) {
    // Same k as last time; Lloyd passes on everyone from last run's groups (their means in today's vectors).
    const labels = new Int32Array(n);
    const fitted = Float64Array.from(warm.centroids);
    assignNearest(data, d, all, fitted, warm.k, labels);
    lloydPasses(data, d, all, labels, fitted, warm.k, MACRO_LLOYD_PASSES);
    const { k, centroids, merged } = mergeSmall(data, d, labels, fitted, warm.k, settings.minSize);
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) sizes[labels[i]]++;
    return { k, labels, centroids, sizes, silhouettes: [], chosenK: warm.k, merged, warm: true };
  }
  const maxK = Math.max(1, Math.min(settings.macroMaxK, Math.floor(n / settings.minSize)));
  const minK = Math.min(settings.macroMinK, maxK);
  const sample = sampleByPriority(all, priority, SILHOUETTE_SAMPLE);
  const silhouettes: { k: number; silhouette: number }[] = [];
  let best: { k: number; s: number; centroids: Float64Array } | null = null;
  if (maxK === 1) {
    best = { k: 1, s: 0, centroids: centroidsOf(data, d, all, new Int32Array(n), 1).centroids };
  } else {
    const dist = pairwiseDistances(data, d, sample);
    const sampleLabels = new Int32Array(n);
    for (let k = minK; k <= maxK; k++) {
      const centroids = fitCentroids(data, d, sample, k, settings.seed + k, 30);
      assignNearest(data, d, sample, centroids, k, sampleLabels);
      const local = Int32Array.from(sample, (i) => sampleLabels[i]);
      const s = silhouette(dist, local, k);
      silhouettes.push({ k, silhouette: s });
      if (best === null || s > best.s + 1e-9) best = { k, s, centroids };
    }
  }
  const chosen = best!;
  const labels = new Int32Array(n);
  const fitted = chosen.k > 1 ? fitMacroCentroids(data, n, d, priority, chosen.k, settings.seed, labels) : chosen.centroids;
  if (chosen.k === 1) labels.fill(0);
  else lloydPasses(data, d, all, labels, fitted, chosen.k, MACRO_LLOYD_PASSES);
  const { k, centroids, merged } = mergeSmall(data, d, labels, fitted, chosen.k, settings.minSize);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  return { k, labels, centroids, sizes, silhouettes, chosenK: chosen.k, merged, warm: false };
}

/**
 * Means of the previous run's macro-segments over today's vectors of their
 * returning customers; null (choose k afresh) when fewer than half of
 * today's customers were segmented last time or a group has shrunk below
 * minSize returning customers.
 */
function warmMacros(data: Float32Array, n: number, d: number, previous: Int32Array, minSize: number) {
  let known = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (previous[i] >= 0) {
      known++;
      k = Math.max(k, previous[i] + 1);
    }
  }
  if (k < 2 || known * 2 < n) return null;
  const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => previous[i] >= 0);
  const { centroids, sizes } = centroidsOf(data, d, rows, previous, k);
  for (let c = 0; c < k; c++) if (sizes[c] < minSize) return null;
  return { k, centroids };
}

/**
 * ml-kmeans (k-means++) on a seeded sample of up to MACRO_FIT_SAMPLE rows,
 * then every row to its nearest centroid (written to labels); the centroids.
 */
export function fitMacroCentroids(
  data: Float32Array,
  n: number,
  d: number,
  priority: Float64Array,
  k: number,
  seed: number,
  labels: Int32Array,
  start?: Float64Array,
): Float64Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const centroids = fitCentroids(data, d, sampleByPriority(all, priority, MACRO_FIT_SAMPLE), k, seed, 100, start);
  assignNearest(data, d, all, centroids, k, labels);
  return centroids;
}

/** Dissolves macros below minSize (smallest first) into their members' next-nearest macros; relabels 0..k'-1. */
function mergeSmall(data: Float32Array, d: number, labels: Int32Array, centroids: Float64Array, k: number, minSize: number) {
  const n = labels.length;
  const alive = new Uint8Array(k).fill(1);
  let merged = 0;
  for (;;) {
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) sizes[labels[i]]++;
    let small = -1;
    let aliveCount = 0;
    for (let c = 0; c < k; c++) {
      if (!alive[c]) continue;
      aliveCount++;
      if (sizes[c] < minSize && (small < 0 || sizes[c] < sizes[small])) small = c;
    }
    if (small < 0 || aliveCount <= 1) break;
    alive[small] = 0;
    merged++;
    for (let i = 0; i < n; i++) {
      if (labels[i] !== small) continue;
      let bestC = -1;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        if (!alive[c]) continue;
        const dist = squaredDistance(data, d, i, centroids, c);
        if (dist < bestD) {
          bestD = dist;
          bestC = c;
        }
      }
      labels[i] = bestC;
    }
  }
  const remap = new Int32Array(k).fill(-1);
  let next = 0;
  for (let c = 0; c < k; c++) if (alive[c]) remap[c] = next++;
  const out = new Float64Array(next * d);
  for (let c = 0; c < k; c++) if (alive[c]) out.set(centroids.subarray(c * d, c * d + d), remap[c] * d);
  for (let i = 0; i < n; i++) labels[i] = remap[labels[i]];
  return { k: next, centroids: out, merged };
}

/** Euclidean distances between sample rows (m x m, Float32). */
function pairwiseDistances(data: Float32Array, d: number, rows: Int32Array): Float32Array {
  const m = rows.length;
  const out = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const ia = rows[a] * d;
    for (let b = a + 1; b < m; b++) {
      const ib = rows[b] * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const x = data[ia + j] - data[ib + j];
        s += x * x;
      }
      const v = Math.sqrt(s);
      out[a * m + b] = v;
      out[b * m + a] = v;
    }
  }
  return out;
}

/** Mean silhouette; a point alone in its cluster scores 0 (Rousseeuw's convention). */
export function silhouette(dist: Float32Array, labels: Int32Array, k: number): number {
  const m = labels.length;
  const sizes = new Int32Array(k);
  for (let a = 0; a < m; a++) sizes[labels[a]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let a = 0; a < m; a++) {
    sums.fill(0);
    const row = a * m;
    for (let b = 0; b < m; b++) sums[labels[b]] += dist[row + b];
    const own = labels[a];
    if (sizes[own] <= 1) continue;
    const ai = sums[own] / (sizes[own] - 1);
    let bi = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) bi = Math.min(bi, sums[c] / sizes[c]);
    if (!Number.isFinite(bi)) continue;
    const denom = Math.max(ai, bi);
    total += denom > 0 ? (bi - ai) / denom : 0;
  }
  return m > 0 ? total / m : 0;
}
