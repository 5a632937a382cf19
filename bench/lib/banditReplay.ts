/**
 * The online-retail data replayed as a campaign history, for `npm run
 * sim:bandit`: each week, every customer with a purchase so far qualifies
 * for the lifecycle programs their own history allows, one of them is chosen
 * (by the contextual bandit, a fixed priority order, or at random), and the
 * choice is rewarded by what the customer really bought in the weeks after.
 *
 * Every program promotes something concrete, worked out from the data before
 * the period starts; it earns a reward when the customer's real purchases in
 * (t, t + window] include something it promoted:
 *
 *   post_purchase    bought in the last period    a product new to them in a category of their last order
 *   first_to_repeat  one order, 14-90 days ago    one of the store's 100 best-sellers of the last 28 days
 *   cross_sell       any history                  a product of the 3 categories most co-bought with their
 *                                                 last order's, among categories they never bought
 *                                                 (the store's category pairs, refreshed every 4 weeks)
 *   replenishment    a product in 2+ orders,      one of those products again
 *                    not bought this period
 *   on_the_brink     lapsing (own rhythm)         one of their 10 most re-bought products
 *   win_back         lapsed (own rhythm)          one of the best-sellers of the last 28 days
 *
 * A matching purchase is credited with probability `credit` x the program's
 * receptiveness in the customer's stage and tier, and a purchase that matches
 * nothing with `spontaneous` (the email is one cause among others): a seeded
 * draw per (customer, period, program), shared by every policy, so all are
 * scored on the same outcomes. Receptiveness is a seeded draw per (program,
 * stage, tier), uniform in [1 - contextSpread, 1]: how well a program's
 * message lands with a kind of customer, which the data cannot show (there
 * were no such emails). Without it (contextSpread 0) the programs still differ
 * by customer, wholesalers re-buying their staples, gift buyers trying the
 * neighbouring range, lapsed customers coming back for what sells now, but on
 * this data mostly through which programs a customer qualifies for.
 *
 * Context (as Pearl's chooser gets it): lifecycle stage from the customer's
 * own gaps (app/intelligence/bandit/context.ts), tier = spend quartile among
 * the customers so far (A top), segment = their most bought of the store's 8
 * largest categories so far ("other" else). Categories are the last word of
 * the description (bench/lib/onlineRetail.ts). Bandit feedback is delayed as
 * in production: a decision's reward is learned when its window has closed.
 * Only customers who qualify for two programs or more are decisions.
 */
import {
  BanditEvidence,
  chooseArm,
  contextPath,
  LIFECYCLE_STAGES,
  lifecycleStage,
  mulberry32,
  type ContextPath,
} from "../../app/intelligence/bandit/index.ts";
import type { OnlineRetailData, RetailOrder } from "./onlineRetail.ts";

const DAY = 86_400_000;
const TIERS = ["A", "B", "C", "D"];

/** The order, which is also the fixed-priority policy's order. */
export const REPLAY_PROGRAMS = ["post_purchase", "first_to_repeat", "cross_sell", "replenishment", "on_the_brink", "win_back"] as const;
export type ReplayProgram = (typeof REPLAY_PROGRAMS)[number];

export const REPLAY_POLICIES = ["bandit", "bandit_no_context", "fixed_priority", "uniform_random", "hindsight_best"] as const;
export type ReplayPolicy = (typeof REPLAY_POLICIES)[number];

export interface ReplayOptions {
  periodDays?: number;
  windowDays?: number;
  /** History before the first period (days from the first invoice). */
  warmupDays?: number;
  credit?: number;
  spontaneous?: number;
  /** Spread of the per-(program, stage, tier) receptiveness, in [0, 1) (default 0.5). */
  contextSpread?: number;
  priorStrength?: number;
  seed?: number;
  /** Keep only some customers (a slice for tests); index = position in data.customers. */
  includeCustomer?: (index: number) => boolean;
}

export interface ReplayPeriod {
  startMs: number;
  decisions: number;
  /** Cumulative over the periods so far. */
  cumulativeDecisions: number;
  cumulativeReward: Record<ReplayPolicy, number>;
}

export interface ReplayResult {
  options: Required<Omit<ReplayOptions, "includeCustomer">>;
  customers: number;
  periods: ReplayPeriod[];
  decisions: number;
  contexts: number;
  total: Record<ReplayPolicy, { reward: number; rate: number }>;
  /** Per program: decisions it was among the choices of, and its mean reward there. */
  programs: Record<ReplayProgram, { eligible: number; meanReward: number; chosenByBandit: number }>;
}

interface CustomerState {
  index: number;
  orders: RetailOrder[];
  next: number;
  count: number;
  firstMs: number;
  lastMs: number;
  spend: number;
  productOrders: Map<string, number>;
  categoryLines: Map<string, number>;
  lastCategories: Set<string>;
  /** Cross-sell categories, worked out again when the customer orders or the co-purchase table is refreshed. */
  complements: { orders: number; table: number; categories: Set<string> } | null;
}

interface Decision {
  contextKey: string;
  arms: ReplayProgram[];
  rewards: number[];
}

export function replayBanditCampaigns(data: OnlineRetailData, options: ReplayOptions = {}): ReplayResult {
  const o = {
    periodDays: options.periodDays ?? 7,
    windowDays: options.windowDays ?? 21,
    warmupDays: options.warmupDays ?? 28,
    credit: options.credit ?? 0.85,
    spontaneous: options.spontaneous ?? 0.02,
    contextSpread: options.contextSpread ?? 0.5,
    priorStrength: options.priorStrength ?? 10,
    seed: options.seed ?? 20261201,
  };
  const states: CustomerState[] = [];
  const stream: { state: CustomerState; order: RetailOrder }[] = [];
  data.customers.forEach((customer, index) => {
    if (options.includeCustomer && !options.includeCustomer(index)) return;
    const state: CustomerState = {
      index,
      orders: customer.orders,
      next: 0,
      count: 0,
      firstMs: 0,
      lastMs: 0,
      spend: 0,
      productOrders: new Map(),
      categoryLines: new Map(),
      lastCategories: new Set(),
      complements: null,
    };
    states.push(state);
    for (const order of customer.orders) stream.push({ state, order });
  });
  stream.sort((a, b) => a.order.timeMs - b.order.timeMs);

  const store = new StoreHistory();
  const thompson = new BanditEvidence({ priorStrength: o.priorStrength });
  const pooled = new BanditEvidence({ priorStrength: o.priorStrength });
  // One entry per decision, in time order: both bandits' choices and rewards, learned when the window closes.
  const pending: { resolveMs: number; path: ContextPath; arm: ReplayProgram; reward: number; pooledArm: ReplayProgram; pooledReward: number }[] = [];
  const random = { bandit: mulberry32(o.seed + 1), pooled: mulberry32(o.seed + 2), uniform: mulberry32(o.seed + 3) };
  const decisions: Decision[] = [];
  const cumulative: Record<ReplayPolicy, number> = { bandit: 0, bandit_no_context: 0, fixed_priority: 0, uniform_random: 0, hindsight_best: 0 };
  const periods: ReplayPeriod[] = [];
  const chosenByBandit = new Map<ReplayProgram, number>();
  let streamAt = 0;
  let resolvedAt = 0;

  const firstPeriod = data.startMs - (data.startMs % DAY) + o.warmupDays * DAY;
  for (let t = firstPeriod, period = 0; t + o.windowDays * DAY <= data.endMs; t += o.periodDays * DAY, period++) {
    // History up to t: customers' states and the store's category pairs and best-sellers.
    for (; streamAt < stream.length && stream[streamAt].order.timeMs <= t; streamAt++) {
      const { state, order } = stream[streamAt];
      absorb(state, order);
      store.add(order);
    }
    // Outcomes whose window has closed by t are known to the bandits.
    for (; resolvedAt < pending.length && pending[resolvedAt].resolveMs <= t; resolvedAt++) {
      const p = pending[resolvedAt];
      thompson.add(p.arm, p.path, p.reward);
      pooled.add(p.pooledArm, [], p.pooledReward);
    }
    // The co-purchase table is refreshed every four weeks, as a periodic analysis would.
    if (period % 4 === 0) store.refreshPairs();
    const bestSellers = store.bestSellers(t - 28 * DAY, 100);
    const active = states.filter((s) => s.count > 0);
    const spendQuartiles = quartiles(active.map((s) => s.spend));
    const bigCategories = new Set(store.topCategories(8));

    let periodDecisions = 0;
    for (const state of active) {
      const days = (t - state.lastMs) / DAY;
      const meanGapDays = state.count > 1 ? (state.lastMs - state.firstMs) / DAY / (state.count - 1) : null;
      const stage = lifecycleStage({ orders: state.count, daysSinceLastOrder: days, meanGapDays });
      const tier = state.spend >= spendQuartiles[2] ? "A" : state.spend >= spendQuartiles[1] ? "B" : state.spend >= spendQuartiles[0] ? "C" : "D";
      const path = contextPath({ stage, tier, segmentId: topCategory(state, bigCategories) });

      const offers = new Map<ReplayProgram, (product: string, category: string) => boolean>();
      if (days <= o.periodDays) offers.set("post_purchase", (p, c) => state.lastCategories.has(c) && !state.productOrders.has(p));
      if (state.count === 1 && days >= 14 && days <= 90) offers.set("first_to_repeat", (p) => bestSellers.has(p));
      if (state.complements?.orders !== state.count || state.complements.table !== store.pairsVersion) {
        state.complements = { orders: state.count, table: store.pairsVersion, categories: store.complements(state.lastCategories, state.categoryLines, 3) };
      }
      const complements = state.complements.categories;
      if (complements.size > 0) offers.set("cross_sell", (_, c) => complements.has(c));
      const staples = new Set([...state.productOrders].filter(([, n]) => n >= 2).map(([p]) => p));
      if (staples.size > 0 && days > o.periodDays) offers.set("replenishment", (p) => staples.has(p));
      if (stage === "lapsing" && state.count >= 2) {
        const favourites = new Set([...state.productOrders].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([p]) => p));
        offers.set("on_the_brink", (p) => favourites.has(p));
      }
      if (stage === "lapsed") offers.set("win_back", (p) => bestSellers.has(p));
      if (offers.size < 2) continue;

      const arms = REPLAY_PROGRAMS.filter((p) => offers.has(p));
      const windowLines = linesIn(state, t, t + o.windowDays * DAY);
      const rewards = arms.map((arm) => {
        const matches = windowLines.some(([p, c]) => offers.get(arm)!(p, c));
        const program = REPLAY_PROGRAMS.indexOf(arm);
        const draw = outcomeDraw(o.seed, state.index, period, program);
        const receptiveness = 1 - o.contextSpread * outcomeDraw(o.seed, -1 - LIFECYCLE_STAGES.indexOf(stage), TIERS.indexOf(tier), program);
        return draw < (matches ? o.credit * receptiveness : o.spontaneous) ? 1 : 0;
      });
      decisions.push({ contextKey: path.join("|"), arms, rewards });
      periodDecisions++;

      const banditArm = chooseArm(thompson, arms, path, random.bandit).arm as ReplayProgram;
      const pooledArm = chooseArm(pooled, arms, [], random.pooled).arm as ReplayProgram;
      const rewardOf = (arm: ReplayProgram) => rewards[arms.indexOf(arm)];
      cumulative.bandit += rewardOf(banditArm);
      cumulative.bandit_no_context += rewardOf(pooledArm);
      cumulative.fixed_priority += rewards[0];
      cumulative.uniform_random += rewards[Math.floor(random.uniform() * arms.length)];
      chosenByBandit.set(banditArm, (chosenByBandit.get(banditArm) ?? 0) + 1);
      pending.push({ resolveMs: t + o.windowDays * DAY, path, arm: banditArm, reward: rewardOf(banditArm), pooledArm, pooledReward: rewardOf(pooledArm) });
    }
    periods.push({ startMs: t, decisions: periodDecisions, cumulativeDecisions: decisions.length, cumulativeReward: { ...cumulative } });
  }

  // Hindsight: each context's best program over the whole replay, always shown there (a reference no
  // policy can know in advance; an adaptive one could in principle beat it).
  const hindsight = hindsightChoices(decisions);
  let h = 0;
  let k = 0;
  for (const period of periods) {
    for (; k < period.cumulativeDecisions; k++) h += decisions[k].rewards[hindsight[k]];
    period.cumulativeReward.hindsight_best = h;
  }
  const last = periods[periods.length - 1]?.cumulativeReward ?? { ...cumulative };
  const total = Object.fromEntries(
    REPLAY_POLICIES.map((p) => [p, { reward: last[p], rate: decisions.length ? last[p] / decisions.length : 0 }]),
  ) as ReplayResult["total"];
  const programs = Object.fromEntries(
    REPLAY_PROGRAMS.map((program) => {
      let eligible = 0;
      let reward = 0;
      for (const d of decisions) {
        const a = d.arms.indexOf(program);
        if (a >= 0) {
          eligible++;
          reward += d.rewards[a];
        }
      }
      return [program, { eligible, meanReward: eligible ? reward / eligible : 0, chosenByBandit: chosenByBandit.get(program) ?? 0 }];
    }),
  ) as ReplayResult["programs"];
  return { options: o, customers: states.length, periods, decisions: decisions.length, contexts: new Set(decisions.map((d) => d.contextKey)).size, total, programs };
}

function absorb(state: CustomerState, order: RetailOrder): void {
  if (state.count === 0) state.firstMs = order.timeMs;
  state.count++;
  state.lastMs = order.timeMs;
  state.next++;
  state.spend += order.total - order.refunded;
  state.lastCategories = new Set(order.lineCategory);
  for (const product of new Set(order.lineProduct)) state.productOrders.set(product, (state.productOrders.get(product) ?? 0) + 1);
  for (const category of order.lineCategory) state.categoryLines.set(category, (state.categoryLines.get(category) ?? 0) + 1);
}

/** (product, category) of the customer's real purchases in (from, to]: orders not yet absorbed. */
function linesIn(state: CustomerState, from: number, to: number): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = state.next; i < state.orders.length && state.orders[i].timeMs <= to; i++) {
    const order = state.orders[i];
    if (order.timeMs <= from) continue;
    order.lineCategory.forEach((category, l) => lines.push([order.lineProduct![l], category]));
  }
  return lines;
}

function topCategory(state: CustomerState, big: Set<string>): string {
  let best = "other";
  let most = 0;
  for (const [category, lines] of state.categoryLines) {
    if (big.has(category) && lines > most) {
      best = category;
      most = lines;
    }
  }
  return best;
}

/** The 25th, 50th and 75th percentiles. */
function quartiles(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return [at(0.25), at(0.5), at(0.75)];
}

/** A uniform draw fixed by (seed, customer, period, program): the same outcome whichever policy asks. */
function outcomeDraw(seed: number, customer: number, period: number, program: number): number {
  const mixed = seed ^ Math.imul(customer + 1, 0x9e3779b1) ^ Math.imul(period + 1, 0x85ebca77) ^ Math.imul(program + 1, 0xc2b2ae3d);
  return mulberry32(mixed >>> 0)();
}

/** For each decision, the index of its program with the best mean reward in its context over the whole replay. */
function hindsightChoices(decisions: Decision[]): number[] {
  const sums = new Map<string, { reward: number; count: number }>();
  for (const d of decisions) {
    d.arms.forEach((arm, a) => {
      const key = `${d.contextKey}#${arm}`;
      const s = sums.get(key) ?? { reward: 0, count: 0 };
      s.reward += d.rewards[a];
      s.count++;
      sums.set(key, s);
    });
  }
  return decisions.map((d) => {
    let best = 0;
    let bestMean = -1;
    d.arms.forEach((arm, a) => {
      const s = sums.get(`${d.contextKey}#${arm}`)!;
      if (s.reward / s.count > bestMean) {
        bestMean = s.reward / s.count;
        best = a;
      }
    });
    return best;
  });
}

/** What the store as a whole has sold so far: category pairs within invoices, and recent best-sellers. */
class StoreHistory {
  private readonly categoryInvoices = new Map<string, number>();
  private readonly pairs = new Map<string, Map<string, number>>();
  private readonly categoryLines = new Map<string, number>();
  private readonly orders: RetailOrder[] = [];
  private recentFrom = 0;
  private neighbourCache = new Map<string, [string, number][]>();
  pairsVersion = 0;

  add(order: RetailOrder): void {
    this.orders.push(order);
    for (const category of order.lineCategory) this.categoryLines.set(category, (this.categoryLines.get(category) ?? 0) + 1);
    const categories = [...new Set(order.lineCategory)];
    for (const c of categories) {
      this.categoryInvoices.set(c, (this.categoryInvoices.get(c) ?? 0) + 1);
      let row = this.pairs.get(c);
      if (!row) this.pairs.set(c, (row = new Map()));
      for (const d of categories) if (d !== c) row.set(d, (row.get(d) ?? 0) + 1);
    }
  }

  /** Complements are read from the pairs as they stand now until the next refresh. */
  refreshPairs(): void {
    this.neighbourCache = new Map();
    this.pairsVersion++;
  }

  /** The `n` products on most invoices since `fromMs`. */
  bestSellers(fromMs: number, n: number): Set<string> {
    while (this.recentFrom < this.orders.length && this.orders[this.recentFrom].timeMs < fromMs) this.recentFrom++;
    const counts = new Map<string, number>();
    for (const order of this.orders.slice(this.recentFrom)) for (const p of new Set(order.lineProduct)) counts.set(p, (counts.get(p) ?? 0) + 1);
    return new Set([...counts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([p]) => p));
  }

  topCategories(n: number): string[] {
    return [...this.categoryLines].sort((a, b) => b[1] - a[1]).slice(0, n).map(([c]) => c);
  }

  /** The `n` categories most often co-bought with `from` (summed P(d | c)), leaving out those in `exclude`. */
  complements(from: Set<string>, exclude: Map<string, number>, n: number): Set<string> {
    const score = new Map<string, number>();
    for (const c of from) {
      for (const [d, p] of this.neighbours(c)) if (!exclude.has(d)) score.set(d, (score.get(d) ?? 0) + p);
    }
    // The n best without sorting them all (ties to the first seen).
    const best: [string, number][] = [];
    for (const entry of score) {
      if (best.length === n && entry[1] <= best[n - 1][1]) continue;
      let at = Math.min(best.length, n - 1);
      while (at > 0 && best[at - 1][1] < entry[1]) at--;
      best.splice(at, best.length === n ? 1 : 0, entry);
    }
    return new Set(best.map(([d]) => d));
  }

  /** A category's 10 strongest neighbours by P(d | c), cached until the next refresh. */
  private neighbours(c: string): [string, number][] {
    let list = this.neighbourCache.get(c);
    if (!list) {
      const invoices = this.categoryInvoices.get(c) ?? 1;
      list = [...(this.pairs.get(c) ?? [])].map(([d, k]): [string, number] => [d, k / invoices]).sort((a, b) => b[1] - a[1]).slice(0, 10);
      this.neighbourCache.set(c, list);
    }
    return list;
  }
}
