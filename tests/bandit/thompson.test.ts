import { describe, expect, it } from "vitest";
import { BanditEvidence, chooseArm, contextJson, contextPath, lifecycleStage, parseContextJson, posteriorMean } from "../../app/intelligence/bandit/index.ts";
import { betaSample, gammaSample, mulberry32, type Random } from "../../app/intelligence/bandit/random.ts";

function meanAndVariance(draws: number[]): { mean: number; variance: number } {
  const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
  const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
  return { mean, variance };
}

describe("Gamma and Beta draws (Marsaglia-Tsang)", () => {
  it.each([0.3, 1, 2.5, 40])("Gamma(%s) has mean and variance equal to its shape (200k draws, 2%% of the sd)", (shape) => {
    const random = mulberry32(7);
    const { mean, variance } = meanAndVariance(Array.from({ length: 200_000 }, () => gammaSample(random, shape)));
    // the mean of 200k draws has sd sqrt(shape / 200k)
    expect(Math.abs(mean - shape)).toBeLessThan(4 * Math.sqrt(shape / 200_000));
    expect(variance / shape).toBeGreaterThan(0.97);
    expect(variance / shape).toBeLessThan(1.03);
  });

  it.each([
    [1, 1],
    [2, 8],
    [0.5, 0.5],
    [30, 3],
  ])("Beta(%s, %s) has mean a/(a+b) and variance ab/((a+b)^2(a+b+1))", (a, b) => {
    const random = mulberry32(11);
    const { mean, variance } = meanAndVariance(Array.from({ length: 200_000 }, () => betaSample(random, a, b)));
    const n = a + b;
    expect(mean).toBeCloseTo(a / n, 2);
    expect(variance / ((a * b) / (n * n * (n + 1)))).toBeGreaterThan(0.97);
    expect(variance / ((a * b) / (n * n * (n + 1)))).toBeLessThan(1.03);
  });

  it("rejects a shape that is not a positive number", () => {
    expect(() => gammaSample(mulberry32(1), 0)).toThrow(/positive/);
    expect(() => gammaSample(mulberry32(1), Number.NaN)).toThrow(/positive/);
  });
});

/** Plays `rounds` rounds with immediate feedback; returns the pulls per arm and the expected regret. */
function play(
  rates: Record<string, Record<string, number>>,
  rounds: number,
  policy: (context: string, arms: string[], evidence: BanditEvidence, random: Random) => string,
  seed: number,
): { pulls: Map<string, Map<string, number>>; regret: number; lastPulls: Map<string, Map<string, number>> } {
  const random = mulberry32(seed);
  const evidence = new BanditEvidence();
  const contexts = Object.keys(rates);
  const pulls = new Map(contexts.map((c) => [c, new Map<string, number>()]));
  const lastPulls = new Map(contexts.map((c) => [c, new Map<string, number>()]));
  let regret = 0;
  for (let round = 0; round < rounds; round++) {
    const context = contexts[round % contexts.length];
    const arms = Object.keys(rates[context]);
    const arm = policy(context, arms, evidence, random);
    const rate = rates[context][arm];
    regret += Math.max(...Object.values(rates[context])) - rate;
    evidence.add(arm, [context], random() < rate ? 1 : 0);
    const count = (m: Map<string, number>) => m.set(arm, (m.get(arm) ?? 0) + 1);
    count(pulls.get(context)!);
    if (round >= rounds - 500) count(lastPulls.get(context)!);
  }
  return { pulls, regret, lastPulls };
}

const thompson = (context: string, arms: string[], evidence: BanditEvidence, random: Random) => chooseArm(evidence, arms, [context], random).arm;
const pooledThompson = (_: string, arms: string[], evidence: BanditEvidence, random: Random) => chooseArm(evidence, arms, [], random).arm;
const uniform = (_: string, arms: string[], __: BanditEvidence, random: Random) => arms[Math.floor(random() * arms.length)];

describe("Thompson sampling", () => {
  it("converges on the known best arm of a seeded simulation, with far less regret than random choice", () => {
    // GIVEN four programs converting 5%, 10%, 15% and 25% of the customers they are shown to
    const rates = { all: { a: 0.05, b: 0.1, c: 0.15, best: 0.25 } };
    // WHEN 3,000 customers are chosen for, one at a time, each outcome learned before the next
    const bandit = play(rates, 3_000, thompson, 1);
    const random = play(rates, 3_000, uniform, 1);
    // THEN the last 500 choices are mostly the best arm, and regret is a fraction of random's
    const last = bandit.lastPulls.get("all")!;
    expect((last.get("best") ?? 0) / 500).toBeGreaterThan(0.85);
    expect(bandit.regret).toBeLessThan(random.regret / 4);
    // random's expected regret per round is 0.25 - mean(rates) = 0.1125
    expect(random.regret / 3_000).toBeCloseTo(0.1125, 1);
  });

  it("learns a different best arm per context, which a context-free bandit cannot", () => {
    // GIVEN win-back working for lapsed customers and cross-sell for active ones
    const rates = {
      "stage:lapsed": { winBack: 0.3, crossSell: 0.05, replenish: 0.1 },
      "stage:active": { winBack: 0.08, crossSell: 0.35, replenish: 0.2 },
    };
    const contextual = play(rates, 4_000, thompson, 2);
    const pooled = play(rates, 4_000, pooledThompson, 2);
    // THEN each context's late choices are its own best arm
    expect((contextual.lastPulls.get("stage:lapsed")!.get("winBack") ?? 0) / 250).toBeGreaterThan(0.85);
    expect((contextual.lastPulls.get("stage:active")!.get("crossSell") ?? 0) / 250).toBeGreaterThan(0.85);
    // AND ignoring the context costs much more
    expect(contextual.regret).toBeLessThan(pooled.regret / 2);
  });

  it("explores an arm with thin evidence and exploits one with much", () => {
    const random = mulberry32(3);
    const evidence = new BanditEvidence();
    // arm "known": 1,000 outcomes at 20%; arm "new": 3 outcomes, all failures
    for (let i = 0; i < 1_000; i++) evidence.add("known", ["stage:active"], i % 5 === 0 ? 1 : 0);
    for (let i = 0; i < 3; i++) evidence.add("new", ["stage:active"], 0);
    const picks = Array.from({ length: 2_000 }, () => chooseArm(evidence, ["known", "new"], ["stage:active"], random).arm);
    const newShare = picks.filter((a) => a === "new").length / picks.length;
    // the new arm still gets a real share of draws, but the known one most
    expect(newShare).toBeGreaterThan(0.05);
    expect(newShare).toBeLessThan(0.5);
  });
});

describe("borrowing strength across contexts", () => {
  it("puts a thin context near the arm's pooled rate and a thick one on its own rate", () => {
    const evidence = new BanditEvidence({ priorStrength: 10, learnStrength: false });
    const add = (path: string[], successes: number, trials: number) => evidence.add("winBack", path, successes, trials);
    // GIVEN 2,000 lapsed tier-B customers converting at 30%, and 2 lapsed tier-A customers who both converted
    add(["stage:lapsed", "tier:B"], 600, 2_000);
    add(["stage:lapsed", "tier:A"], 2, 2);
    const thick = posteriorMean(evidence.posterior("winBack", ["stage:lapsed", "tier:B"]));
    const thin = evidence.posterior("winBack", ["stage:lapsed", "tier:A"]);
    // THEN the thick context is at its own rate; the thin one (2 of 2, raw 100%) is pulled to the pooled 30%
    expect(thick).toBeCloseTo(0.3, 2);
    expect(posteriorMean(thin)).toBeGreaterThan(0.3);
    expect(posteriorMean(thin)).toBeLessThan(0.5);
    // with about priorStrength + 2 observations of weight
    expect(thin.alpha + thin.beta).toBeCloseTo(12, 6);
    // AND an arm with no evidence at all starts at the store's base rate, not at 50%
    expect(posteriorMean(evidence.posterior("crossSell", ["stage:lapsed", "tier:A"]))).toBeCloseTo(602 / 2_002, 2);
  });

  it("learns how much to pool from how much the contexts really differ", () => {
    const random = mulberry32(5);
    // GIVEN an arm converting 20% in four tiers alike, and another converting 5%, 15%, 30% and 60% by tier
    const alike = new BanditEvidence({ priorStrength: 10 });
    const apart = new BanditEvidence({ priorStrength: 10 });
    ["A", "B", "C", "D"].forEach((tier, i) => {
      for (let n = 0; n < 500; n++) {
        alike.add("same", ["stage:active", `tier:${tier}`], random() < 0.2 ? 1 : 0);
        apart.add("differ", ["stage:active", `tier:${tier}`], random() < [0.05, 0.15, 0.3, 0.6][i] ? 1 : 0);
      }
    });
    // THEN the alike tiers lend a new tier a strong prior (pool), the differing ones a weak one
    const strongPrior = alike.strengthBelow("same", ["stage:active"]);
    const weakPrior = apart.strengthBelow("differ", ["stage:active"]);
    expect(strongPrior).toBeGreaterThan(100);
    expect(weakPrior).toBeLessThan(15);
    expect(weakPrior).toBeGreaterThanOrEqual(10);
    // AND one thin tier with an extreme rate does not count as spread: it still borrows
    alike.add("same", ["stage:active", "tier:E"], 3, 3);
    expect(posteriorMean(alike.posterior("same", ["stage:active", "tier:E"]))).toBeLessThan(0.25);
  });

  it("rejects rewards outside [0, trials]", () => {
    const evidence = new BanditEvidence();
    expect(() => evidence.add("a", [], 2)).toThrow(/reward/);
    expect(() => evidence.add("a", [], 1, 0)).toThrow(/trials/);
  });
});

describe("the context", () => {
  it("pools along stage, tier, segment and round-trips through canonical JSON", () => {
    const context = { tier: "B", stage: "lapsed", segmentId: null };
    expect(contextPath(context)).toEqual(["stage:lapsed", "tier:B", "segment:-"]);
    expect(contextJson(context)).toBe('{"segmentId":null,"tier":"B","stage":"lapsed"}');
    expect(parseContextJson(contextJson(context))).toEqual(context);
    expect(() => parseContextJson('{"tier":"B"}')).toThrow(/wrong fields/);
  });

  it.each([
    [{ orders: 1, daysSinceLastOrder: 20, meanGapDays: null }, "new"],
    [{ orders: 1, daysSinceLastOrder: 100, meanGapDays: null }, "lapsing"],
    [{ orders: 1, daysSinceLastOrder: 200, meanGapDays: null }, "lapsed"],
    [{ orders: 5, daysSinceLastOrder: 40, meanGapDays: 30 }, "active"],
    [{ orders: 5, daysSinceLastOrder: 80, meanGapDays: 30 }, "lapsing"],
    [{ orders: 5, daysSinceLastOrder: 100, meanGapDays: 30 }, "lapsed"],
    // weekly buyers are measured against 14 days, not 7
    [{ orders: 20, daysSinceLastOrder: 18, meanGapDays: 7 }, "active"],
  ] as const)("%o is %s", (rhythm, stage) => {
    expect(lifecycleStage(rhythm)).toBe(stage);
  });
});
