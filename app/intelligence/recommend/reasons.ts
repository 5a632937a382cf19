/**
 * Why an item is recommended: a small code per item (a million top-10 lists
 * cannot carry strings), turned into a sentence only when shown.
 */
export const REASON_REPLENISH = 1; // bought regularly, due again now
export const REASON_REPEAT = 2; // bought before, often bought again
export const REASON_CO_PURCHASE = 3; // bought by the same customers as an item the customer bought
export const REASON_SEGMENT_LIFT = 4; // this segment buys it far more than the store does
export const REASON_SEGMENT_POPULAR = 5; // a favourite of this segment
export const REASON_TRENDING = 6; // the store's trending items
export const REASON_BROWSED = 7; // from a category the customer browsed

export type ReasonCode = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const REASON_KINDS: Record<number, string> = {
  [REASON_REPLENISH]: "replenish",
  [REASON_REPEAT]: "repeat",
  [REASON_CO_PURCHASE]: "co-purchase",
  [REASON_SEGMENT_LIFT]: "segment-lift",
  [REASON_SEGMENT_POPULAR]: "segment-popular",
  [REASON_TRENDING]: "trending",
  [REASON_BROWSED]: "browsed",
};

export interface ReasonDetail {
  code: number;
  /** Title of the item that led to it (co-purchase) or the browsed category. */
  anchor?: string | null;
  /** Typical days between purchases (replenish). */
  intervalDays?: number;
  /** How many times the store's rate the segment buys it (segment-lift). */
  lift?: number;
}

export function reasonText(r: ReasonDetail): string {
  switch (r.code) {
    case REASON_REPLENISH:
      return r.intervalDays !== undefined && Number.isFinite(r.intervalDays)
        ? `due again: bought about every ${Math.max(1, Math.round(r.intervalDays))} days`
        : "due again";
    case REASON_REPEAT:
      return "bought before and often bought again";
    case REASON_CO_PURCHASE:
      return r.anchor ? `often bought with ${r.anchor}` : "often bought with your past purchases";
    case REASON_SEGMENT_LIFT:
      return r.lift !== undefined ? `this segment buys it ${r.lift.toFixed(1)}x as often as the store` : "a favourite of this segment";
    case REASON_SEGMENT_POPULAR:
      return "popular in this segment";
    case REASON_TRENDING:
      return "trending in the store";
    case REASON_BROWSED:
      return r.anchor ? `from ${r.anchor}, which you browsed` : "from a category you browsed";
    default:
      return "recommended";
  }
}
