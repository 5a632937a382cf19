// When an A/B test has a winner. Stated rule:
//   - metric: clicks or orders per recipient who was sent the variant;
//   - no decision before every variant has `minSample` recipients;
//   - the variant with the highest rate is compared with each other variant
//     (two-sided, proportionTests.ts: z-test, or Fisher's exact test for small
//     counts) at alpha / (k - 1), a Bonferroni correction for the k - 1
//     comparisons; it wins only when every comparison is significant;
//   - after `maxDays` without a winner the test is inconclusive and the rest
//     of the audience gets variant A (the campaign's own subject and template).
// Each call looks at the data as it stands. Looking again and again until
// significance raises the real false-positive rate above alpha; the minimum
// sample and a strict alpha keep that in check, the fixed end bounds it.

import { compareProportions, type ProportionComparison } from "./proportionTests.ts";

export interface VariantCount {
  id: string;
  label: string;
  recipients: number;
  successes: number;
}

export interface TestRules {
  alpha: number;
  minSample: number;
  maxDays: number;
}

export interface VariantVerdict extends VariantCount {
  rate: number;
  /** The comparison with the leading variant; null for the leader itself. */
  comparison: ProportionComparison | null;
  significant: boolean | null;
}

export interface TestDecision {
  status: "testing" | "decided" | "inconclusive";
  /** The variant the rest of the audience gets (A when inconclusive); null while testing. */
  sendVariantId: string | null;
  winnerVariantId: string | null;
  leaderId: string | null;
  alphaPerComparison: number;
  variants: VariantVerdict[];
  reason: string;
}

export function decideTest(variants: readonly VariantCount[], rules: TestRules, elapsedDays: number): TestDecision {
  if (variants.length < 2) throw new RangeError("an A/B test needs at least two variants");
  const ordered = [...variants].sort((a, b) => (a.label < b.label ? -1 : 1));
  const control = ordered[0];
  const rate = (v: VariantCount) => (v.recipients ? v.successes / v.recipients : 0);
  const alphaPerComparison = rules.alpha / (ordered.length - 1);
  // Ties go to the earlier label, so A keeps its place unless beaten.
  const leader = ordered.reduce((best, v) => (rate(v) > rate(best) ? v : best), control);
  const enough = ordered.every((v) => v.recipients >= rules.minSample);
  const verdicts: VariantVerdict[] = ordered.map((v) => {
    if (v === leader || !enough) return { ...v, rate: rate(v), comparison: null, significant: null };
    const comparison = compareProportions({ successes: leader.successes, trials: leader.recipients }, { successes: v.successes, trials: v.recipients });
    return { ...v, rate: rate(v), comparison, significant: comparison.pValue < alphaPerComparison };
  });
  const over = elapsedDays >= rules.maxDays;
  const base = { leaderId: leader.id, alphaPerComparison, variants: verdicts };
  if (enough && verdicts.every((v) => v.significant !== false)) {
    return { ...base, status: "decided", sendVariantId: leader.id, winnerVariantId: leader.id, reason: `${leader.label} beats every other variant at alpha ${fmt(alphaPerComparison)} per comparison` };
  }
  const why = enough ? `${leader.label} leads but not significantly at alpha ${fmt(alphaPerComparison)} per comparison` : `fewer than ${rules.minSample} recipients in a variant`;
  if (over) return { ...base, status: "inconclusive", sendVariantId: control.id, winnerVariantId: null, reason: `${why} after ${rules.maxDays} days: the rest gets ${control.label}` };
  return { ...base, status: "testing", sendVariantId: null, winnerVariantId: null, reason: why };
}

const fmt = (x: number) => String(Number(x.toPrecision(3)));
