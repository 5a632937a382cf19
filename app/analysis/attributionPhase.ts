// The last phase of every analysis: orders that arrived since the last run
// are credited to the sends that brought them (app/attribution/), so the
// admin's figures and the A/B tests' order metric are as fresh as the analysis.

import { attributeShopOrders } from "../attribution/attributeOrders.server.ts";
import type { AnalysisPhase } from "./runAnalysis.ts";

export const ATTRIBUTION_PHASE: AnalysisPhase = {
  name: "attribution",
  weight: 1,
  async run(ctx) {
    ctx.stats.attribution = await attributeShopOrders(ctx.db, ctx.shop.id);
  },
};
