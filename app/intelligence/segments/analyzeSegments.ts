/**
 * Features + value scores -> vectors -> two-level segments -> profiles and
 * unique names: the pure part of a segmentation run (storage and identity
 * matching are the caller's, see app/analysis/).
 */
import type { CustomerFeatures } from "../features";
import type { OrderTable } from "../orderTable";
import { uniqueSegmentNames } from "./names";
import { type SegmentProfile, segmentProfiles } from "./profiles";
import { type Segmentation, type SegmentationOptions, segmentCustomers } from "./segmentation";
import type { SegmentSettings } from "./settings";
import type { ValueScores } from "./valueScores";
import { type CustomerVectors, type Dimension, buildVectors } from "./vectors";

export interface SegmentAnalysisInputs {
  features: CustomerFeatures;
  scores: ValueScores;
  months: Int8Array;
  settings: SegmentSettings;
  orders?: { table: OrderTable; rows: Int32Array };
}

export interface NamedProfile extends SegmentProfile {
  name: string;
}

export interface SegmentAnalysis {
  segmentation: Segmentation;
  macro: NamedProfile[];
  micro: NamedProfile[];
  store: SegmentProfile;
  dimensions: Omit<Dimension, "std">[];
  /** The clustered vectors (for benchmarks and diagnostics). */
  vectors: CustomerVectors;
  timings: { vectorsMs: number; clusteringMs: number; profilesMs: number };
}

export function analyzeSegments(inputs: SegmentAnalysisInputs, options: SegmentationOptions = {}): SegmentAnalysis {
  const t0 = performance.now();
  const vectors = buildVectors(inputs.features, inputs.scores, inputs.settings);
  const t1 = performance.now();
  const segmentation = segmentCustomers(vectors, inputs.settings, options);
  const t2 = performance.now();
  const profiles = segmentProfiles({ ...inputs, segmentation });
  // One segment for a tiny store: it is the micro-segment; no macro level.
  const all = segmentation.undersized ? profiles.micro : [...profiles.macro, ...profiles.micro];
  const levels = all.map((_, i) => (!segmentation.undersized && i < profiles.macro.length ? "macro" : "micro") as "macro" | "micro");
  const names = uniqueSegmentNames(all, profiles.store, levels);
  const macroNames = segmentation.undersized ? [] : names.slice(0, profiles.macro.length);
  const microNames = segmentation.undersized ? names : names.slice(profiles.macro.length);
  const t3 = performance.now();
  return {
    segmentation,
    macro: segmentation.undersized ? [] : profiles.macro.map((p, c) => ({ ...p, name: macroNames[c] })),
    micro: profiles.micro.map((p, s) => ({ ...p, name: microNames[s] })),
    store: profiles.store,
    dimensions: vectors.dims.map(({ std: _std, ...dim }) => dim),
    vectors,
    timings: { vectorsMs: t1 - t0, clusteringMs: t2 - t1, profilesMs: t3 - t2 },
  };
}
