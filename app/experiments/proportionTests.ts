// Is one variant's rate (clicks or orders per recipient) different from
// another's? Two-sided tests of two independent proportions:
//   - the pooled two-proportion z-test (equivalent to Pearson's chi-square on
//     the 2x2 table without continuity correction), when every expected cell
//     count is at least 5, the usual condition for its normal approximation;
//   - Fisher's exact test otherwise (small counts), two-sided as R's
//     fisher.test and scipy's fisher_exact compute it: the sum of the
//     probabilities of all tables, with the same margins, no more likely than
//     the one observed.

import { lgamma } from "../intelligence/specialFunctions.ts";
import { normalUpperTail } from "./normalTail.ts";

export interface Proportion {
  successes: number;
  trials: number;
}

export interface ProportionComparison {
  method: "z" | "fisher";
  /** The z statistic (a minus b); null for Fisher's test. */
  statistic: number | null;
  pValue: number;
}

function check(p: Proportion): void {
  if (!(Number.isInteger(p.successes) && Number.isInteger(p.trials) && p.successes >= 0 && p.trials >= p.successes)) {
    throw new RangeError(`not a proportion: ${p.successes}/${p.trials}`);
  }
}

export function twoProportionZTest(a: Proportion, b: Proportion): { statistic: number; pValue: number } {
  check(a);
  check(b);
  if (a.trials === 0 || b.trials === 0) return { statistic: 0, pValue: 1 };
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return { statistic: 0, pValue: 1 };
  const z = (a.successes / a.trials - b.successes / b.trials) / se;
  return { statistic: z, pValue: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

export function fisherExactTest(a: Proportion, b: Proportion): number {
  check(a);
  check(b);
  // The 2x2 table [[x, n1 - x], [k - x, n2 - k + x]] with row totals n1, n2 and
  // k successes in all: x is hypergeometric.
  const n1 = a.trials;
  const n2 = b.trials;
  const k = a.successes + b.successes;
  const lchoose = (n: number, r: number) => lgamma(n + 1) - lgamma(r + 1) - lgamma(n - r + 1);
  const logP = (x: number) => lchoose(n1, x) + lchoose(n2, k - x) - lchoose(n1 + n2, k);
  const lo = Math.max(0, k - n2);
  const hi = Math.min(k, n1);
  const observed = logP(a.successes);
  // R's relative tolerance, so tables as likely as the observed one are not lost to rounding.
  const limit = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const l = logP(x);
    if (l <= limit) p += Math.exp(l);
  }
  return Math.min(1, p);
}

/** The z-test when the normal approximation holds (every expected count >= 5), else Fisher's exact test. */
export function compareProportions(a: Proportion, b: Proportion): ProportionComparison {
  check(a);
  check(b);
  const n = a.trials + b.trials;
  const k = a.successes + b.successes;
  const expected = n === 0 ? [0] : [a.trials, b.trials].flatMap((t) => [(t * k) / n, (t * (n - k)) / n]);
  if (Math.min(...expected) >= 5) {
    const z = twoProportionZTest(a, b);
    return { method: "z", statistic: z.statistic, pValue: z.pValue };
  }
  return { method: "fisher", statistic: null, pValue: fisherExactTest(a, b) };
}
