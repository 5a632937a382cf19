/**
 * `npm run sim:bandit [-- --window-days 21 --period-days 7 --seed S --prior-strength 10 --context-spread 0.5 --json]`
 *
 * Replays the online-retail data (../shared/data, read in place) as a weekly
 * campaign history (bench/lib/banditReplay.ts says how programs qualify and
 * are rewarded by the customers' real later purchases) and prints the
 * cumulative reward of the contextual bandit, a context-free bandit, the
 * fixed priority order and uniform random choice at period milestones, with
 * the best program per context in hindsight as a reference.
 */
import { loadOnlineRetail } from "./lib/onlineRetail.ts";
import { REPLAY_POLICIES, REPLAY_PROGRAMS, replayBanditCampaigns, type ReplayOptions } from "./lib/banditReplay.ts";

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number, got ${process.argv[i + 1]}`);
  return value;
}

const options: ReplayOptions = {
  periodDays: arg("period-days"),
  windowDays: arg("window-days"),
  warmupDays: arg("warmup-days"),
  seed: arg("seed"),
  priorStrength: arg("prior-strength"),
  contextSpread: arg("context-spread"),
};
const t0 = performance.now();
const data = loadOnlineRetail();
const loadMs = performance.now() - t0;
const t1 = performance.now();
const result = replayBanditCampaigns(data, options);
const replayMs = performance.now() - t1;

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ ...result, loadMs, replayMs }, null, 2));
} else {
  const o = result.options;
  console.log(
    `sim:bandit — online-retail replayed: ${result.customers.toLocaleString("en")} customers, ${result.periods.length} periods of ${o.periodDays} days, ` +
      `outcome window ${o.windowDays} days, seed ${o.seed}, prior strength ${o.priorStrength}, ` +
      `credit ${o.credit} x receptiveness in [${1 - o.contextSpread}, 1], spontaneous ${o.spontaneous}`,
  );
  console.log(`${result.decisions.toLocaleString("en")} decisions (customers qualifying for 2+ programs) in ${result.contexts} contexts\n`);
  const names: Record<(typeof REPLAY_POLICIES)[number], string> = {
    bandit: "bandit",
    bandit_no_context: "no context",
    fixed_priority: "fixed order",
    uniform_random: "random",
    hindsight_best: "hindsight",
  };
  const cell = (reward: number, decisions: number) => `${reward.toLocaleString("en").padStart(6)} ${((100 * reward) / Math.max(1, decisions)).toFixed(1).padStart(5)}%`;
  console.log(["period", "week of   ", "decisions", ...REPLAY_POLICIES.map((p) => names[p].padStart(13))].join("  "));
  const step = Math.max(1, Math.round(result.periods.length / 8));
  result.periods.forEach((period, i) => {
    if ((i + 1) % step !== 0 && i !== result.periods.length - 1) return;
    console.log(
      [
        String(i + 1).padStart(6),
        new Date(period.startMs).toISOString().slice(0, 10),
        period.cumulativeDecisions.toLocaleString("en").padStart(9),
        ...REPLAY_POLICIES.map((p) => cell(period.cumulativeReward[p], period.cumulativeDecisions).padStart(13)),
      ].join("  "),
    );
  });
  console.log("\ntotal reward (rate):");
  for (const p of REPLAY_POLICIES) console.log(`  ${names[p].padEnd(12)} ${cell(result.total[p].reward, result.decisions)}`);
  const lift = (a: number, b: number) => `${(((a - b) / Math.max(1, b)) * 100).toFixed(1)}%`;
  console.log(
    `  bandit vs random ${lift(result.total.bandit.reward, result.total.uniform_random.reward)}, vs fixed order ${lift(result.total.bandit.reward, result.total.fixed_priority.reward)}, ` +
      `share of the hindsight reference ${((100 * result.total.bandit.reward) / Math.max(1, result.total.hindsight_best.reward)).toFixed(1)}%`,
  );
  console.log("\nprograms: offered in / mean reward when offered / chosen by the bandit");
  for (const program of REPLAY_PROGRAMS) {
    const s = result.programs[program];
    console.log(`  ${program.padEnd(16)} ${s.eligible.toLocaleString("en").padStart(7)}  ${(100 * s.meanReward).toFixed(1).padStart(5)}%  ${s.chosenByBandit.toLocaleString("en").padStart(7)}`);
  }
  console.log(`\nruntime: load ${(loadMs / 1000).toFixed(2)} s, replay ${(replayMs / 1000).toFixed(2)} s`);
}
