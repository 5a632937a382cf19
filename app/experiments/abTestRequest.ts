// What a campaign's A/B test is asked to be, checked before anything is
// stored: variants A, B, ... (A is the campaign's own subject and template,
// the control variant), the share of the audience that takes part, the
// metric, and the stopping rules (decideTest.ts).

import type { Db } from "../db.server.ts";
import { extractPersonalFields } from "../activation/personalFields.ts";
import { formatProblem } from "../activation/templateProblem.ts";

export const TEST_METRICS = ["click", "order"] as const;
export type TestMetric = (typeof TEST_METRICS)[number];

export const DEFAULT_TEST_ALPHA = 0.05;
export const DEFAULT_TEST_MIN_SAMPLE = 100;
export const DEFAULT_TEST_DAYS = 7;

export interface VariantRequest {
  label: string;
  /** null: the template's subject. */
  subject?: string | null;
  /** null: the campaign's template. */
  templateId?: string | null;
}

export interface AbTestRequest {
  share: number;
  metric: TestMetric;
  alpha?: number;
  minSample?: number;
  days?: number;
  /** The challengers (B, C, ...), and A when it differs from the campaign's own subject and template. */
  variants: VariantRequest[];
}

export type CheckedAbTest =
  | { ok: true; share: number; metric: TestMetric; alpha: number; minSample: number; days: number; variants: { label: string; subject: string | null; templateId: string | null }[] }
  | { ok: false; error: string };

export async function checkAbTest(db: Db, shopId: string, request: AbTestRequest): Promise<CheckedAbTest> {
  const fail = (error: string) => ({ ok: false as const, error });
  const alpha = request.alpha ?? DEFAULT_TEST_ALPHA;
  const minSample = request.minSample ?? DEFAULT_TEST_MIN_SAMPLE;
  const days = request.days ?? DEFAULT_TEST_DAYS;
  if (!(request.share > 0 && request.share <= 1)) return fail(`the test share must be more than 0 and at most 1, got ${request.share}`);
  if (!TEST_METRICS.includes(request.metric)) return fail(`the test metric must be ${TEST_METRICS.join(" or ")}, got ${request.metric}`);
  if (!(alpha > 0 && alpha <= 0.2)) return fail(`the significance level must be in (0, 0.2], got ${alpha}`);
  if (!(Number.isInteger(minSample) && minSample >= 10)) return fail(`the minimum sample per variant must be a whole number of at least 10, got ${minSample}`);
  if (!(Number.isInteger(days) && days >= 1 && days <= 90)) return fail(`the test's longest duration must be 1 to 90 days, got ${days}`);

  const byLabel = new Map<string, { label: string; subject: string | null; templateId: string | null }>([["A", { label: "A", subject: null, templateId: null }]]);
  const seen = new Set<string>();
  for (const v of request.variants) {
    const label = v.label.trim().toUpperCase();
    if (!/^[A-Z]$/.test(label)) return fail(`variant labels are single letters A-Z, got "${v.label}"`);
    if (seen.has(label)) return fail(`variant ${label} is given twice`);
    seen.add(label);
    const subject = v.subject?.trim() || null;
    const problems = subject ? extractPersonalFields(subject).problems : [];
    if (problems.length) return fail(`variant ${label}'s subject: ${problems.map(formatProblem).join("; ")}`);
    if (v.templateId && !(await db.emailTemplate.findFirst({ where: { id: v.templateId, shopId }, select: { id: true } }))) return fail(`variant ${label}: no such template`);
    byLabel.set(label, { label, subject, templateId: v.templateId ?? null });
  }
  const variants = [...byLabel.values()].sort((a, b) => (a.label < b.label ? -1 : 1));
  if (variants.length < 2) return fail("an A/B test needs at least one variant besides A");
  const labels = variants.map((v) => v.label).join("");
  if (labels !== "ABCDEFGHIJKLMNOPQRSTUVWXYZ".slice(0, variants.length)) return fail(`variants must be A, B, C ... without gaps, got ${labels.split("").join(", ")}`);
  return { ok: true, share: request.share, metric: request.metric, alpha, minSample, days, variants };
}
