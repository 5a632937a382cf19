// The bandit's context for a customer: segment, value tier and lifecycle
// stage, as the coarse-to-fine path the evidence is pooled along (stage first:
// it decides most which program fits; the segment last: it is the thinnest),
// and as canonical JSON for the decision log.

import type { ContextPath } from "./evidence.ts";

export interface BanditContext {
  segmentId: string | null;
  tier: string | null;
  stage: string;
}

export const LIFECYCLE_STAGES = ["new", "active", "lapsing", "lapsed", "prospect"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export function contextPath(context: BanditContext): ContextPath {
  return [`stage:${context.stage}`, `tier:${context.tier ?? "-"}`, `segment:${context.segmentId ?? "-"}`];
}

/** Fixed key order, so equal contexts are equal strings (the log is grouped by it). */
export function contextJson(context: BanditContext): string {
  return JSON.stringify({ segmentId: context.segmentId, tier: context.tier, stage: context.stage });
}

export function parseContextJson(text: string): BanditContext {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) throw new Error(`bandit context is not an object: ${text}`);
  const { segmentId, tier, stage } = value as Record<string, unknown>;
  const nullableString = (v: unknown) => v === null || v === undefined || typeof v === "string";
  if (!nullableString(segmentId) || !nullableString(tier) || typeof stage !== "string") throw new Error(`bandit context has wrong fields: ${text}`);
  return { segmentId: (segmentId as string | null | undefined) ?? null, tier: (tier as string | null | undefined) ?? null, stage };
}

export interface PurchaseRhythm {
  orders: number;
  daysSinceLastOrder: number;
  /** Mean days between the customer's orders; null for one order. */
  meanGapDays: number | null;
}

export interface StageThresholds {
  /** The gap assumed for one-time buyers (default 60 days). */
  oneTimeGapDays?: number;
  /** The shortest gap a stage is measured against (default 14 days): weekly buyers are not lapsing after ten days. */
  minGapDays?: number;
}

/**
 * prospect: no order yet (a cart left behind); new: one order, within the gap assumed for one-time buyers; active: a
 * repeat buyer within 1.5 of their own usual gap; lapsing: within 3 gaps;
 * lapsed: beyond.
 */
export function lifecycleStage(rhythm: PurchaseRhythm, thresholds: StageThresholds = {}): LifecycleStage {
  if (!(rhythm.orders >= 1)) return "prospect";
  const gap = Math.max(rhythm.meanGapDays ?? thresholds.oneTimeGapDays ?? 60, thresholds.minGapDays ?? 14);
  const days = rhythm.daysSinceLastOrder;
  if (rhythm.orders === 1) {
    if (days <= gap) return "new";
  } else if (days <= 1.5 * gap) return "active";
  if (days <= 3 * gap) return "lapsing";
  return "lapsed";
}
