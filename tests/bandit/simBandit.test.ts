/** sim:bandit's replay on a slice of the real online-retail data. */
import { describe, expect, it } from "vitest";
import { replayBanditCampaigns } from "../../bench/lib/banditReplay.ts";
import { loadOnlineRetail } from "../../bench/lib/onlineRetail.ts";

describe("the bandit replay of the online-retail data", () => {
  const data = loadOnlineRetail();
  // a quarter of the real customers, all of their history
  const slice = { includeCustomer: (index: number) => index % 4 === 0 };

  it("earns the contextual bandit at least as much as uniform random choice, and more than the fixed order", () => {
    const result = replayBanditCampaigns(data, slice);
    expect(result.customers).toBe(Math.ceil(data.customers.length / 4));
    expect(result.periods.length).toBeGreaterThan(25);
    expect(result.decisions).toBeGreaterThan(5_000);
    expect(result.total.bandit.reward).toBeGreaterThanOrEqual(result.total.uniform_random.reward);
    expect(result.total.bandit.reward).toBeGreaterThan(result.total.fixed_priority.reward);
    // the milestones add up to the total
    expect(result.periods.at(-1)!.cumulativeReward.bandit).toBe(result.total.bandit.reward);
    expect(result.periods.reduce((sum, p) => sum + p.decisions, 0)).toBe(result.decisions);
  });

  it("rewards only what customers really bought: no credit, no reward; and replays exactly from its seed", () => {
    const none = replayBanditCampaigns(data, { ...slice, credit: 0, spontaneous: 0 });
    for (const policy of Object.values(none.total)) expect(policy.reward).toBe(0);
    // with every matching purchase credited and nothing else, programs differ by what their customers bought
    const exact = replayBanditCampaigns(data, { ...slice, credit: 1, spontaneous: 0, contextSpread: 0 });
    const rates = Object.values(exact.programs).map((p) => p.meanReward);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.05);
    expect(replayBanditCampaigns(data, slice).total).toEqual(replayBanditCampaigns(data, slice).total);
  });
});
