// Who takes part in a campaign's A/B test, and with which variant. Like the
// control group (holdout.ts), the draw depends only on the campaign and the
// customer (a hash under its own context, so it is independent of the
// holdout draw): the round(share * n) treated members of a segment with the
// lowest draws are in the test, dealt to the variants in turn in the order of
// a second draw, so variants differ in size by at most one. The rest wait for
// the winner.

import { holdoutDraw } from "../activation/holdout.ts";

/** Each test member's variant index (0 = A, the control variant); members not in the map wait. */
export function assignVariants(campaignId: string, memberIds: readonly string[], share: number, variants: number): Map<string, number> {
  if (!(share > 0 && share <= 1)) throw new RangeError(`test share must be in (0, 1], got ${share}`);
  if (!(Number.isInteger(variants) && variants >= 2)) throw new RangeError(`an A/B test needs at least two variants, got ${variants}`);
  // One hash per member and context, not one per comparison of the sort.
  const byDraw = (ids: readonly string[], context: string) =>
    ids.map((id) => ({ id, draw: holdoutDraw(`${campaignId}:${context}`, id) })).sort((a, b) => a.draw - b.draw || (a.id < b.id ? -1 : 1)).map((r) => r.id);
  const inTest = byDraw(memberIds, "ab-test").slice(0, Math.round(share * memberIds.length));
  return new Map(byDraw(inTest, "ab-variant").map((id, i) => [id, i % variants]));
}
