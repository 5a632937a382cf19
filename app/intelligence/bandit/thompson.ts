// Thompson sampling: draw each arm's reward rate from its posterior in the
// context and show the arm with the highest draw. Arms with thin evidence have
// wide posteriors and win now and then (exploration); arms known to be good
// win most draws (exploitation).

import type { BanditEvidence, ContextPath } from "./evidence.ts";
import { betaSample, type Random } from "./random.ts";

export interface ArmChoice {
  arm: string;
  /** The winning posterior draw. */
  sample: number;
}

export function chooseArm(evidence: BanditEvidence, arms: readonly string[], context: ContextPath, random: Random): ArmChoice {
  if (arms.length === 0) throw new Error("chooseArm: no arms to choose from");
  let best: ArmChoice | null = null;
  for (const arm of arms) {
    const { alpha, beta } = evidence.posterior(arm, context);
    const sample = betaSample(random, alpha, beta);
    if (!best || sample > best.sample) best = { arm, sample };
  }
  return best!;
}
