// A customer's lifecycle stage as the program chooser sees it: the bandit's
// own definition (app/intelligence/bandit/context.ts, which sim:bandit
// replays), measured on the customer's purchase occasions up to now.

import { lifecycleStage as stageOfRhythm, type LifecycleStage } from "../intelligence/bandit/index.ts";
import { purchaseOccasions, type CustomerHistory } from "./history.ts";

const DAY_MS = 86_400_000;

export function lifecycleStage(history: Pick<CustomerHistory, "orders">, now: Date): LifecycleStage {
  const occasions = purchaseOccasions(history.orders);
  if (occasions.length === 0) return stageOfRhythm({ orders: 0, daysSinceLastOrder: Number.POSITIVE_INFINITY, meanGapDays: null });
  const first = occasions[0].placedAt.getTime();
  const last = occasions[occasions.length - 1].placedAt.getTime();
  return stageOfRhythm({
    orders: occasions.length,
    daysSinceLastOrder: (now.getTime() - last) / DAY_MS,
    meanGapDays: occasions.length > 1 ? (last - first) / DAY_MS / (occasions.length - 1) : null,
  });
}
