// A customer's lifecycle stage, part of the context the program chooser sees.

import { purchaseOccasions, type CustomerHistory } from "./history.ts";

export type LifecycleStage = "prospect" | "new" | "active" | "at_risk" | "lapsed";

/** prospect: no order; new: one; then by P(alive): active >= 0.5 > at_risk >= 0.2 > lapsed. */
export function lifecycleStage(history: Pick<CustomerHistory, "orders" | "score">): LifecycleStage {
  const occasions = purchaseOccasions(history.orders).length;
  if (occasions === 0) return "prospect";
  if (occasions === 1) return "new";
  const p = history.score?.pAlive;
  if (p === undefined || p >= 0.5) return "active";
  return p >= 0.2 ? "at_risk" : "lapsed";
}
