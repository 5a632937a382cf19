/**
 * Segmentation settings: vector weights, size bounds, macro k range, seed.
 *
 * Stored per shop as JSON text in Shop.analysisSettings (null = defaults)
 * and copied, resolved, into every AnalysisRun's params, so a run can always
 * be explained by its own record. See docs/decisions/0005-segments.md.
 */
import { z } from "zod";

export const DIMENSION_GROUPS = ["product", "price", "moment", "value"] as const;
export type DimensionGroup = (typeof DIMENSION_GROUPS)[number];

export interface SegmentSettings {
  /** Share of the vector's total variance each group gets (relative; normalised to sum 1). */
  groupWeights: Record<DimensionGroup, number>;
  /** Optional per-dimension multipliers inside a group (dimension names in vectors.ts), default 1. */
  dimensionWeights: Record<string, number>;
  /** Micro-segment size bounds (inclusive). */
  minSize: number;
  maxSize: number;
  /** Macro-segment count: chosen in [minK, maxK] by silhouette (macro.ts). */
  macroMinK: number;
  macroMaxK: number;
  /** Number of store-wide top categories that become product dimensions. */
  productCategories: number;
  seed: number;
}

export const DEFAULT_SEGMENT_SETTINGS: Readonly<SegmentSettings> = {
  groupWeights: { product: 1, price: 1, moment: 1, value: 1 },
  dimensionWeights: {},
  minSize: 200,
  maxSize: 500,
  macroMinK: 5,
  macroMaxK: 12,
  productCategories: 8,
  seed: 42,
};

const weight = z.number().finite().min(0);
const settingsSchema = z
  .object({
    groupWeights: z.object({ product: weight, price: weight, moment: weight, value: weight }).partial(),
    dimensionWeights: z.record(z.string(), weight),
    minSize: z.number().int().min(1),
    maxSize: z.number().int().min(1),
    macroMinK: z.number().int().min(1).max(50),
    macroMaxK: z.number().int().min(1).max(50),
    productCategories: z.number().int().min(0).max(64),
    seed: z.number().int(),
  })
  .partial();

export type SegmentSettingsInput = z.input<typeof settingsSchema>;

/**
 * Defaults overlaid with a shop's (partial) settings, validated.
 *
 * maxSize >= 2 minSize - 1 is required: then every group of n >= minSize
 * customers can be cut into parts that all lie within the bounds (for L
 * parts, L*min <= n <= L*max, and consecutive L leave no gap), which is what
 * lets the bounds hold for every macro-segment.
 */
export function resolveSegmentSettings(input: unknown = {}): SegmentSettings {
  const parsed = settingsSchema.parse(input ?? {});
  const s: SegmentSettings = {
    ...DEFAULT_SEGMENT_SETTINGS,
    ...parsed,
    groupWeights: { ...DEFAULT_SEGMENT_SETTINGS.groupWeights, ...(parsed.groupWeights ?? {}) },
    dimensionWeights: { ...(parsed.dimensionWeights ?? {}) },
  };
  if (s.maxSize < 2 * s.minSize - 1) {
    throw new Error(`segment settings: maxSize (${s.maxSize}) must be at least 2 x minSize - 1 (${2 * s.minSize - 1})`);
  }
  if (s.macroMaxK < s.macroMinK) throw new Error("segment settings: macroMaxK < macroMinK");
  const total = DIMENSION_GROUPS.reduce((sum, g) => sum + s.groupWeights[g], 0);
  if (!(total > 0)) throw new Error("segment settings: at least one group weight must be positive");
  return s;
}

/** Settings from the JSON text stored on a shop (null or empty = defaults). */
export function parseShopSettings(text: string | null | undefined): SegmentSettings {
  return resolveSegmentSettings(text ? JSON.parse(text) : {});
}
