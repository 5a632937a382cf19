// Beta-Bernoulli evidence per arm and context, with thin contexts borrowing
// strength from coarser ones.
//
// A context is a path from coarse to fine (for Pearl: lifecycle stage, then
// value tier, then segment). Rewards are tallied at every prefix of the path,
// so an arm has a pooled tally, one per stage, one per stage x tier, and one
// per full context. The posterior of (arm, context) is built top-down:
//
//   store level:   Beta(1, 1) + every arm's rewards (the store's base rate)
//   each level:    Beta(m * mean(parent), m * (1 - mean(parent))) + that level's rewards,
//                  with m = min(priorStrength, the parent's alpha + beta)
//
// so a context with little evidence sits near its parent's rate with about
// `priorStrength` pseudo-observations of uncertainty (Thompson sampling then
// explores it), while a context with much evidence is ruled by its own
// rewards (and exploits). Capping m by the parent's own weight keeps a parent
// that itself knows little from pretending to know more. The parent's tally
// includes the child's rewards; with a modest m this double use is small and
// keeps the update a few map look-ups.

export interface BetaPosterior {
  alpha: number;
  beta: number;
}

/** Coarse to fine, e.g. ["stage:lapsed", "tier:B", "segment:s12"]. */
export type ContextPath = readonly string[];

export interface EvidenceOptions {
  /** Pseudo-observations a level's prior carries from its parent (default 10). */
  priorStrength?: number;
}

export const DEFAULT_PRIOR_STRENGTH = 10;

interface Tally {
  reward: number;
  trials: number;
}

const SEPARATOR = "\u001f";

export class BanditEvidence {
  readonly priorStrength: number;
  private readonly store: Tally = { reward: 0, trials: 0 };
  private readonly tallies = new Map<string, Tally>();
  private readonly cache = new Map<string, BetaPosterior>();

  constructor(options: EvidenceOptions = {}) {
    const strength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
    if (!(strength > 0) || !Number.isFinite(strength)) throw new Error(`priorStrength must be a positive number, got ${strength}`);
    this.priorStrength = strength;
  }

  /**
   * Adds `trials` outcomes of showing `arm` in `context` whose rewards (each
   * in [0, 1]) sum to `reward`: one decision is add(arm, path, r), a grouped
   * row of the decision log is add(arm, path, sum, count).
   */
  add(arm: string, context: ContextPath, reward: number, trials = 1): void {
    if (!(trials > 0) || !Number.isFinite(trials)) throw new Error(`trials must be a positive number, got ${trials}`);
    if (!(reward >= 0 && reward <= trials)) throw new Error(`reward must lie in [0, ${trials}], got ${reward}`);
    this.cache.clear();
    this.store.reward += reward;
    this.store.trials += trials;
    let key = arm;
    this.bump(key, reward, trials);
    for (const level of context) {
      key += SEPARATOR + level;
      this.bump(key, reward, trials);
    }
  }

  /** Outcomes recorded for the arm at this context prefix (an empty path: the arm pooled). */
  tally(arm: string, context: ContextPath = []): Tally {
    const found = this.tallies.get([arm, ...context].join(SEPARATOR));
    return found ? { ...found } : { reward: 0, trials: 0 };
  }

  get totalTrials(): number {
    return this.store.trials;
  }

  posterior(arm: string, context: ContextPath): BetaPosterior {
    let key = arm;
    for (const level of context) key += SEPARATOR + level;
    const cached = this.cache.get(key);
    if (cached) return cached;

    let alpha = 1 + this.store.reward;
    let beta = 1 + this.store.trials - this.store.reward;
    key = arm;
    for (let depth = 0; depth <= context.length; depth++) {
      if (depth > 0) key += SEPARATOR + context[depth - 1];
      const strength = Math.min(this.priorStrength, alpha + beta);
      const mean = alpha / (alpha + beta);
      const tally = this.tallies.get(key);
      alpha = strength * mean + (tally?.reward ?? 0);
      beta = strength * (1 - mean) + (tally ? tally.trials - tally.reward : 0);
    }
    const posterior = { alpha, beta };
    this.cache.set(key, posterior);
    return posterior;
  }

  private bump(key: string, reward: number, trials: number): void {
    const tally = this.tallies.get(key);
    if (tally) {
      tally.reward += reward;
      tally.trials += trials;
    } else this.tallies.set(key, { reward, trials });
  }
}

export function posteriorMean(posterior: BetaPosterior): number {
  return posterior.alpha / (posterior.alpha + posterior.beta);
}
