// The Attribution page: what every campaign and program earned through the
// orders credited to its sends (app/attribution/). Crediting is a pass over
// every order since the last one (a whole backfill, the first time), so it is
// never done by a page load: each analysis ends with it, `pearl attribute`
// runs it, and the page's button asks for it.

import type { Db } from "../db.server.ts";
import { attributeShopOrders } from "../attribution/attributeOrders.server.ts";
import { attributionBySource } from "../attribution/attributionSummary.server.ts";
import { requireShopRow } from "./shop.server.ts";

export const ATTRIBUTION_METHOD =
  "Each order is credited to at most one send: the email whose tracking token (pearl_t) is in the order's landing page, else the campaign or program named by its utm_campaign within the attribution window, else the customer's last send whose window holds the order. Control-group members are never credited. Conversion: sends with a credited order / sends. Revenue: credited orders net of refunds, cancelled orders excluded. Incremental revenue, which needs the control group, is on each campaign's page.";

export async function loadAttribution(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  const rows = await attributionBySource(db, shop.id);
  return { currency: shop.currency, rows, attributedThrough: shop.attributedThrough?.toISOString() ?? null, method: ATTRIBUTION_METHOD };
}

/** The page's "Credit new orders now": one attribution pass for the shop. */
export async function creditShopOrders(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  return attributeShopOrders(db, shop.id);
}
