/**
 * JSON.parse that keeps integers beyond 2^53 exact, as strings. Shopify's ids
 * (820982911946154508) do not fit a double; a plain parse silently rounds them
 * and two orders would collide. Uses the reviver's source text (Node 22).
 */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value) && context?.source
      ? context.source
      : value,
  );
}
