// The open pixel: a 1x1 transparent GIF at /t/o/<token>.gif on Pearl's own
// URL, added at the end of every email's HTML (segmentEmail.ts). Opens are a
// weak signal (image blocking hides some, mail privacy proxies fetch every
// image), so A/B tests decide on clicks or orders, never on opens.

export const OPEN_PIXEL_PREFIX = "/t/o/";
export const OPEN_PIXEL_SUFFIX = ".gif";

/** The smallest transparent GIF89a (43 bytes). */
export const TRANSPARENT_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** The <img> around the token: `${before}${token}${after}`, placed just before </body>. */
export function openPixelTag(appUrl: string): { before: string; after: string } {
  const base = appUrl.replace(/\/+$/, "");
  return {
    before: `<img src="${base}${OPEN_PIXEL_PREFIX}`,
    after: `${OPEN_PIXEL_SUFFIX}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;overflow:hidden" />`,
  };
}

/** Tracking tokens as trackingToken.ts writes them (base64url); anything else is not looked up. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** The token in a pixel path segment "<token>.gif", or null. */
export function tokenOfPixelSegment(segment: string): string | null {
  const token = segment.endsWith(OPEN_PIXEL_SUFFIX) ? segment.slice(0, -OPEN_PIXEL_SUFFIX.length) : segment;
  return TOKEN_PATTERN.test(token) ? token : null;
}
