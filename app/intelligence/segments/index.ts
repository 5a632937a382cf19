/**
 * Micro-segments: customer vectors, two-level clustering with size bounds,
 * profiles, names and stable identity. Pure functions; this file only
 * re-exports the public API.
 */
export {
  type DimensionGroup,
  type SegmentSettings,
  type SegmentSettingsInput,
  DEFAULT_SEGMENT_SETTINGS,
  DIMENSION_GROUPS,
  parseShopSettings,
  resolveSegmentSettings,
} from "./settings";
export { type ValueScores, type ValueScoreOptions, TIERS, alignScores, valueScores } from "./valueScores";
export { type CustomerVectors, type Dimension, DEFAULT_DIMENSION_WEIGHTS, buildVectors, topCategories } from "./vectors";
export { type MacroResult, macroSegments, silhouette } from "./macro";
export { type MicroOptions, type MicroResult, leafCount, microSegments } from "./sizeBounded";
export { type Segmentation, type SegmentationOptions, type SegmentationStats, segmentCustomers } from "./segmentation";
export { preferredMonths, tableRows } from "./preferredMonth";
export { type SegmentProfile, type SegmentProfiles, MONTHS, WEEKDAYS, segmentProfiles } from "./profiles";
export { segmentName, uniqueSegmentNames } from "./names";
export { type IdentityMatch, type Move, type PreviousAssignment, matchSegments, segmentMoves } from "./identity";
export { type NamedProfile, type SegmentAnalysis, type SegmentAnalysisInputs, analyzeSegments } from "./analyzeSegments";
