/**
 * Two-level segmentation of customer vectors: macro-segments (macro.ts),
 * each divided into size-bounded micro-segments (sizeBounded.ts).
 *
 * Stores with fewer than minSize customers get one segment holding
 * everyone, flagged `undersized` (no bounds can hold); a store without
 * customers gets none.
 */
import { macroSegments } from "./macro";
import type { SegmentSettings } from "./settings";
import { microSegments } from "./sizeBounded";
import type { CustomerVectors } from "./vectors";

export interface Segmentation {
  /** Macro index per customer row (0..macroCount-1). */
  macro: Int32Array;
  /** Micro index per customer row (0..microCount-1, numbered macro by macro). */
  micro: Int32Array;
  macroCount: number;
  microCount: number;
  /** Macro index of each micro-segment. */
  microParent: Int32Array;
  microSizes: Int32Array;
  macroSizes: Int32Array;
  /** One segment for everyone because the store has fewer than minSize customers. */
  undersized: boolean;
  stats: SegmentationStats;
}

export interface SegmentationStats {
  customers: number;
  dimensions: number;
  macroK: number;
  macroChosenK: number;
  macroMerged: number;
  silhouettes: { k: number; silhouette: number }[];
  microCount: number;
  minMicroSize: number;
  maxMicroSize: number;
  withinBounds: boolean;
  /** Sum over macros of the micro-segments' within-cluster sum of squares. */
  wcss: number;
  /** Same k per macro, same start, no bounds (null when not compared). */
  unconstrainedWcss: number | null;
  /** Time the unconstrained comparison took (included in the clustering time). */
  unconstrainedMs: number;
  bisectionWcss: number;
  refineIterationsMax: number;
  /** Whether the macro level, and how many macro-segments' micro level, started from the previous run. */
  warmStart: { macro: boolean; microMacros: number };
}

export interface SegmentationOptions {
  compareUnconstrained?: boolean;
  /**
   * The previous run's segments per customer row (-1: not segmented then):
   * a warm start, so segments move only as far as the data did.
   */
  previous?: { macro: Int32Array; micro: Int32Array };
  /** Called after each macro-segment is divided (done, total macros). */
  onProgress?: (done: number, total: number) => void;
}

export function segmentCustomers(vectors: CustomerVectors, settings: SegmentSettings, options: SegmentationOptions = {}): Segmentation {
  const { n, d, data } = vectors;
  const micro = new Int32Array(n);
  if (n < settings.minSize) {
    // One segment for everyone; none at all when there is nobody.
    const k = n > 0 ? 1 : 0;
    return {
      macro: new Int32Array(n),
      micro,
      macroCount: k,
      microCount: k,
      microParent: new Int32Array(k),
      microSizes: new Int32Array(k).fill(n),
      macroSizes: new Int32Array(k).fill(n),
      undersized: true,
      stats: {
        customers: n,
        dimensions: d,
        macroK: k,
        macroChosenK: k,
        macroMerged: 0,
        silhouettes: [],
        microCount: k,
        minMicroSize: n,
        maxMicroSize: n,
        withinBounds: false,
        wcss: 0,
        unconstrainedWcss: null,
        unconstrainedMs: 0,
        bisectionWcss: 0,
        refineIterationsMax: 0,
        warmStart: { macro: false, microMacros: 0 },
      },
    };
  }
  const macro = macroSegments(data, n, d, vectors.priority, settings, options.previous?.macro);
  // Rows of each macro (counting sort keeps them in row order: deterministic).
  const start = new Int32Array(macro.k + 1);
  for (let i = 0; i < n; i++) start[macro.labels[i] + 1]++;
  for (let c = 0; c < macro.k; c++) start[c + 1] += start[c];
  const fill = start.slice(0, macro.k);
  const byMacro = new Int32Array(n);
  for (let i = 0; i < n; i++) byMacro[fill[macro.labels[i]]++] = i;

  const parents: number[] = [];
  let offset = 0;
  let wcss = 0;
  let bisectionWcss = 0;
  let unconstrained: number | null = options.compareUnconstrained ? 0 : null;
  let refineMax = 0;
  let unconstrainedMs = 0;
  let warmMacros = 0;
  for (let c = 0; c < macro.k; c++) {
    const rows = byMacro.subarray(start[c], start[c + 1]);
    const res = microSegments(data, d, vectors.priority, rows, micro, offset, {
      minSize: settings.minSize,
      maxSize: settings.maxSize,
      seed: settings.seed * 7919 + c,
      compareUnconstrained: options.compareUnconstrained,
      previous: options.previous?.micro,
    });
    if (res.warm) warmMacros++;
    for (let t = 0; t < res.k; t++) parents.push(c);
    offset += res.k;
    wcss += res.wcss;
    bisectionWcss += res.initialWcss;
    if (unconstrained !== null) unconstrained += res.unconstrainedWcss ?? res.wcss;
    refineMax = Math.max(refineMax, res.refineIterations);
    unconstrainedMs += res.unconstrainedMs;
    options.onProgress?.(c + 1, macro.k);
  }
  const microSizes = new Int32Array(offset);
  for (let i = 0; i < n; i++) microSizes[micro[i]]++;
  let lo = Infinity;
  let hi = 0;
  for (const s of microSizes) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  return {
    macro: macro.labels,
    micro,
    macroCount: macro.k,
    microCount: offset,
    microParent: Int32Array.from(parents),
    microSizes,
    macroSizes: macro.sizes,
    undersized: false,
    stats: {
      customers: n,
      dimensions: d,
      macroK: macro.k,
      macroChosenK: macro.chosenK,
      macroMerged: macro.merged,
      silhouettes: macro.silhouettes,
      microCount: offset,
      minMicroSize: lo,
      maxMicroSize: hi,
      withinBounds: lo >= settings.minSize && hi <= settings.maxSize,
      wcss,
      unconstrainedWcss: unconstrained,
      unconstrainedMs,
      bisectionWcss,
      refineIterationsMax: refineMax,
      warmStart: { macro: macro.warm, microMacros: warmMacros },
    },
  };
}
