// GET /t/o/<token>.gif: the open pixel. Every request gets the same GIF,
// whatever the token (a bad or unknown one reveals nothing and is not an
// error), and a failure to record never turns into a broken image or a 5xx.

import type { Db } from "../db.server.ts";
import { recordEmailEvent } from "./emailEvents.server.ts";
import { tokenOfPixelSegment, TRANSPARENT_GIF } from "./openPixel.ts";

const HEADERS = {
  "Content-Type": "image/gif",
  "Content-Length": String(TRANSPARENT_GIF.length),
  // Each open should reach Pearl, not a cache.
  "Cache-Control": "no-store, max-age=0",
  "X-Robots-Tag": "noindex",
};

export async function openPixelResponse(db: Db, segment: string): Promise<Response> {
  const token = tokenOfPixelSegment(segment);
  if (token) {
    try {
      await recordEmailEvent(db, { token, kind: "open" });
    } catch (error) {
      console.error("[open pixel] recording failed", error);
    }
  }
  return new Response(new Uint8Array(TRANSPARENT_GIF), { status: 200, headers: HEADERS });
}
