// Thank-you after an order, naming what was bought.

import { z } from "zod";
import { distinctLines } from "../history.ts";
import { fired, lastOccasion, type ProgramKind } from "../trigger.ts";

const rule = z.strictObject({
  /** Days after the order in which the thank-you is still worth sending. */
  withinDays: z.number().positive().max(60),
});

export const postPurchase: ProgramKind<z.infer<typeof rule>> = {
  label: "Post-purchase thank-you",
  description: "Thanks a customer for their latest order and names what they bought.",
  ruleSchema: rule,
  defaultRule: { withinDays: 2 },
  defaultTiming: { delayHours: 2, sendHour: null },
  resolvedByOrder: false,
  itemReason: "in your order",
  eligibility(history, config, now) {
    const order = lastOccasion(history);
    if (!order) return null;
    const items = distinctLines(order.lines);
    if (!items.length) return null;
    return fired(history, config, now, `order:${order.id}`, order.placedAt, items);
  },
};
