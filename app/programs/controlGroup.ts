// Each program's own control group. Unlike a campaign, a program meets its
// customers one trigger at a time, so the group cannot be the lowest-drawn
// share of a known audience: a customer is held out when their draw (a hash
// of the program id and the customer id, app/activation/holdout.ts) falls
// below the share. Stable across runs, independent between programs.

import { holdoutDraw } from "../activation/holdout.ts";

export function inProgramControl(programId: string, customerId: string, share: number): boolean {
  if (!(share >= 0 && share < 1)) throw new RangeError(`holdout share must be in [0, 1), got ${share}`);
  return holdoutDraw(programId, customerId) < share;
}
