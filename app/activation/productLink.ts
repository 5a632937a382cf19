// Where a product card leads: the product page on the storefront, with UTM
// parameters for the shop's analytics and Pearl's tracking token last (the
// token differs per recipient, so the merge appends it).

import type { FeedItem } from "../recommend/feedItem.ts";

export interface LinkContext {
  /** https://shop.example or https://<shop>.myshopify.com */
  storefrontUrl: string;
  /** utm_campaign: the campaign's id, or "preview". */
  campaign: string;
  /** utm_content: the segment the email was rendered for. */
  segmentId: string;
}

export const TOKEN_PARAM = "pearl_t";

/** The product URL up to and including `pearl_t=`; the recipient's token follows. */
export function productLinkPrefix(item: Pick<FeedItem, "handle" | "title">, context: LinkContext): string {
  const url = item.handle
    ? new URL(`/products/${encodeURIComponent(item.handle)}`, context.storefrontUrl)
    : new URL(`/search?q=${encodeURIComponent(item.title)}`, context.storefrontUrl);
  url.searchParams.set("utm_source", "pearl");
  url.searchParams.set("utm_medium", "email");
  url.searchParams.set("utm_campaign", context.campaign);
  url.searchParams.set("utm_content", context.segmentId);
  url.searchParams.set(TOKEN_PARAM, "");
  return url.toString();
}

export const storefrontUrlOf = (shopDomain: string) => `https://${shopDomain}`;

/** A price as the shop writes it, e.g. £2.95 or 1.234,50 €. */
export function formatPrice(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    // An unknown locale or currency code must not stop a campaign.
    return `${amount.toFixed(2)} ${currency}`;
  }
}
