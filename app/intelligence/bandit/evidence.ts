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
//                  with m = min(strength(parent), the parent's alpha + beta)
//
// so a context with little evidence sits near its parent's rate with about m
// pseudo-observations of uncertainty (Thompson sampling then explores it),
// while a context with much evidence is ruled by its own rewards (and
// exploits). strength(parent) is `priorStrength` (10), raised towards
// `maxPriorStrength` when the parent's children turn out to differ little
// (strengthUnder: contexts that do not matter pool). Capping m by the
// parent's own weight keeps a parent that itself knows little from pretending
// to know more. The parent's tally includes the child's rewards; with a
// modest m this double use is small and keeps the update a few map look-ups.

export interface BetaPosterior {
  alpha: number;
  beta: number;
}

/** Coarse to fine, e.g. ["stage:lapsed", "tier:B", "segment:s12"]. */
export type ContextPath = readonly string[];

export interface EvidenceOptions {
  /** Pseudo-observations a level's prior carries from its parent (default 10). */
  priorStrength?: number;
  /**
   * Learn each parent's strength from how much its children's rates really
   * differ (empirical Bayes, below), within [priorStrength, maxPriorStrength]:
   * contexts that turn out alike pool more, and a thin context never gets
   * less than priorStrength from its parent. Default true.
   */
  learnStrength?: boolean;
  maxPriorStrength?: number;
}

export const DEFAULT_PRIOR_STRENGTH = 10;
export const DEFAULT_MAX_PRIOR_STRENGTH = 500;
// The spread between children is measured on those with this many trials, when
// there are two or more: one thin child's extreme rate is noise, not spread.
const MIN_CHILD_TRIALS = 30;

interface Tally {
  reward: number;
  trials: number;
}

const SEPARATOR = "\u001f";

export class BanditEvidence {
  readonly priorStrength: number;
  readonly learnStrength: boolean;
  readonly maxPriorStrength: number;
  private readonly store: Tally = { reward: 0, trials: 0 };
  private readonly tallies = new Map<string, Tally>();
  /** Child keys of every key ("" is the store, whose children are the arms). */
  private readonly children = new Map<string, string[]>();
  private readonly cache = new Map<string, BetaPosterior>();
  private readonly strengthCache = new Map<string, number>();

  constructor(options: EvidenceOptions = {}) {
    const strength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
    if (!(strength > 0) || !Number.isFinite(strength)) throw new Error(`priorStrength must be a positive number, got ${strength}`);
    const max = options.maxPriorStrength ?? DEFAULT_MAX_PRIOR_STRENGTH;
    if (!(max >= strength) || !Number.isFinite(max)) throw new Error(`maxPriorStrength must be a number at least priorStrength, got ${max}`);
    this.priorStrength = strength;
    this.learnStrength = options.learnStrength ?? true;
    this.maxPriorStrength = max;
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
    this.strengthCache.clear();
    this.store.reward += reward;
    this.store.trials += trials;
    let key = arm;
    this.bump("", key, reward, trials);
    for (const level of context) {
      const parent = key;
      key += SEPARATOR + level;
      this.bump(parent, key, reward, trials);
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
    let parent = "";
    key = arm;
    for (let depth = 0; depth <= context.length; depth++) {
      if (depth > 0) {
        parent = key;
        key += SEPARATOR + context[depth - 1];
      }
      const strength = Math.min(this.strengthUnder(parent), alpha + beta);
      const mean = alpha / (alpha + beta);
      const tally = this.tallies.get(key);
      alpha = strength * mean + (tally?.reward ?? 0);
      beta = strength * (1 - mean) + (tally ? tally.trials - tally.reward : 0);
    }
    const posterior = { alpha, beta };
    this.cache.set(key, posterior);
    return posterior;
  }

  /**
   * The pseudo-count a parent lends each child. Empirical Bayes by the method
   * of moments: with children's rates p_i drawn from a Beta of mean p and
   * strength m, their spread beyond binomial noise is tau^2 = p(1-p)/(m+1),
   * and E[sum n_i (p_i - p)^2] = (k - 1) p(1-p) + tau^2 (N - sum n_i^2 / N).
   * Children that hardly differ give a strong prior (the context adds little:
   * pool), children that differ a weak one (each context learns its own).
   */
  private strengthUnder(parent: string): number {
    if (!this.learnStrength) return this.priorStrength;
    const cached = this.strengthCache.get(parent);
    if (cached !== undefined) return cached;
    const kids = (this.children.get(parent) ?? []).map((key) => this.tallies.get(key)!).filter((t) => t.trials >= MIN_CHILD_TRIALS);
    const trials = kids.reduce((sum, t) => sum + t.trials, 0);
    let strength = this.priorStrength;
    if (kids.length >= 2) {
      const mean = kids.reduce((sum, t) => sum + t.reward, 0) / trials;
      const noise = mean * (1 - mean);
      let squares = 0;
      let trialSquares = 0;
      for (const t of kids) {
        squares += t.trials * (t.reward / t.trials - mean) ** 2;
        trialSquares += t.trials * t.trials;
      }
      const spread = (squares - (kids.length - 1) * noise) / (trials - trialSquares / trials);
      strength = spread > 0 ? Math.min(this.maxPriorStrength, Math.max(this.priorStrength, noise / spread - 1)) : this.maxPriorStrength;
    }
    this.strengthCache.set(parent, strength);
    return strength;
  }

  /** The pseudo-count the finer contexts under (arm, context) borrow from it. */
  strengthBelow(arm: string, context: ContextPath = []): number {
    return this.strengthUnder([arm, ...context].join(SEPARATOR));
  }

  private bump(parent: string, key: string, reward: number, trials: number): void {
    const tally = this.tallies.get(key);
    if (tally) {
      tally.reward += reward;
      tally.trials += trials;
    } else {
      this.tallies.set(key, { reward, trials });
      const siblings = this.children.get(parent);
      if (siblings) siblings.push(key);
      else this.children.set(parent, [key]);
    }
  }
}

export function posteriorMean(posterior: BetaPosterior): number {
  return posterior.alpha / (posterior.alpha + posterior.beta);
}
