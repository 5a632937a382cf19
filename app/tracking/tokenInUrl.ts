// The pearl_t token a storefront URL carries (productLink.ts puts it on every
// link of an email), read from a full URL or a path such as Shopify's
// order landing_site ("/products/x?utm_source=pearl&pearl_t=...").

import { TOKEN_PARAM } from "../activation/productLink.ts";
import { TOKEN_PATTERN } from "./openPixel.ts";

export interface UrlTracking {
  token: string | null;
  utmSource: string | null;
  utmCampaign: string | null;
}

export function trackingOfUrl(url: string | null | undefined): UrlTracking {
  const none = { token: null, utmSource: null, utmCampaign: null };
  if (!url) return none;
  let parsed: URL;
  try {
    parsed = new URL(url, "https://storefront.invalid");
  } catch {
    return none;
  }
  const token = parsed.searchParams.get(TOKEN_PARAM);
  return {
    token: token && TOKEN_PATTERN.test(token) ? token : null,
    utmSource: parsed.searchParams.get("utm_source") || null,
    utmCampaign: parsed.searchParams.get("utm_campaign") || null,
  };
}
