// Clicks seen by the web pixel: a storefront page view whose URL carries
// pearl_t is a click on a Pearl email link. Only tokens of the reporting
// shop count.

import type { Db } from "../db.server.ts";
import type { BrowseEventRecord } from "../store/records.ts";
import { TOKEN_PARAM } from "../activation/productLink.ts";
import { recordEmailEvent } from "./emailEvents.server.ts";
import { trackingOfUrl } from "./tokenInUrl.ts";

export async function recordPixelClicks(db: Db, shopId: string, events: readonly Pick<BrowseEventRecord, "url" | "occurredAt">[]): Promise<number> {
  const clicks = new Map<string, { token: string; url: string; at: Date }>();
  for (const e of events) {
    if (!e.url?.includes(`${TOKEN_PARAM}=`)) continue;
    const { token } = trackingOfUrl(e.url);
    if (token && !clicks.has(`${token} ${e.url}`)) clicks.set(`${token} ${e.url}`, { token, url: e.url, at: e.occurredAt });
  }
  let recorded = 0;
  for (const c of clicks.values()) if (await recordEmailEvent(db, { ...c, kind: "click", shopId })) recorded++;
  return recorded;
}
