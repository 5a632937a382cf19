/**
 * Short readable names from what sets a segment apart from the whole store,
 * e.g. "Lapsing gift buyers, mid-price, December".
 *
 *   [lifecycle] [value] <noun>, <price band>, <moment>
 *
 *  - lifecycle: "Lapsing" when mean churn is 0.15 above the store's (or the
 *    segment is mostly likely gone, churn > 0.5, and above the store);
 *    "New" when mean recency is under half the store's and frequency at most
 *    the store's; "Loyal" when churn is 0.1 below the store's and frequency
 *    1.5 x the store's; "Active" below the store's churn; else "Occasional".
 *  - value: "high-value" when tiers A+B hold half the segment, "low-value"
 *    when tier G holds half of it.
 *  - noun: "gift buyers" when the gift share is 2 x the store's and >= 0.2;
 *    "gift-season buyers" likewise for gift-season orders; "deal seekers"
 *    when the discount share is 2 x the store's and >= 0.05; else the top
 *    category with the highest lift over the store (>= 1.5, share >= 0.05),
 *    "<Category> buyers"; else "customers".
 *  - price: budget / mid-price / upper-mid / premium (the modal band).
 *  - moment (micro-segments only; macro-segments are the broad groups):
 *    the peak month when at least 25% of the segment prefer it (3 x an even
 *    spread), else the best send day ("Thursdays").
 *
 * Names are unique within a run: duplicates get, in turn, the best send
 * day, the send hour, the tier with the largest share, the top category,
 * and finally a number.
 */
import type { SegmentProfile } from "./profiles";

const BAND_WORD: Record<string, string> = { low: "budget", mid: "mid-price", high: "upper-mid", premium: "premium" };

export type NameLevel = "macro" | "micro";

/** A segment's name before de-duplication. Macro names leave out the moment: they are the broad groups. */
export function segmentName(p: SegmentProfile, store: SegmentProfile, level: NameLevel = "micro"): string {
  if (p.flags.includes("undersized")) return "All customers (too few to segment)";
  const words: string[] = [];
  words.push(lifecycle(p, store));
  const top2 = (p.tierMix.A ?? 0) + (p.tierMix.B ?? 0);
  if (top2 >= 0.5) words.push("high-value");
  else if ((p.tierMix.G ?? 0) >= 0.5) words.push("low-value");
  words.push(noun(p, store));
  const parts = [words.join(" ")];
  if (p.priceBand) parts.push(BAND_WORD[p.priceBand]);
  const m = level === "micro" ? moment(p) : null;
  if (m) parts.push(m);
  return capitalise(parts.join(", "));
}

function lifecycle(p: SegmentProfile, store: SegmentProfile): string {
  if (p.meanChurn >= store.meanChurn + 0.15 || (p.meanChurn > 0.5 && p.meanChurn > store.meanChurn)) return "Lapsing";
  if (p.meanRecencyDays !== null && store.meanRecencyDays !== null && p.meanRecencyDays < store.meanRecencyDays / 2 && p.meanFrequency <= store.meanFrequency) return "New";
  if (p.meanChurn <= store.meanChurn - 0.1 && p.meanFrequency >= 1.5 * store.meanFrequency) return "Loyal";
  if (p.meanChurn < store.meanChurn) return "Active";
  return "Occasional";
}

function noun(p: SegmentProfile, store: SegmentProfile): string {
  if (p.giftShare >= 0.2 && p.giftShare >= 2 * store.giftShare) return "gift buyers";
  if (p.giftSeasonShare >= 0.2 && p.giftSeasonShare >= 2 * store.giftSeasonShare) return "gift-season buyers";
  if (p.discountShare >= 0.05 && p.discountShare >= 2 * store.discountShare) return "deal seekers";
  const cat = distinctiveCategory(p);
  return cat ? `${cat} buyers` : "customers";
}

function distinctiveCategory(p: SegmentProfile): string | null {
  let best: string | null = null;
  let bestLift = 1.5;
  for (const c of p.topCategories) {
    if (c.share >= 0.05 && c.lift >= bestLift) {
      bestLift = c.lift;
      best = c.category;
    }
  }
  return best ? titleCase(best) : null;
}

function moment(p: SegmentProfile): string | null {
  if (p.peakMonth && p.peakMonthShare >= 0.25) return p.peakMonth;
  return p.bestSendDay ? `${p.bestSendDay}s` : null;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase());
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Qualifiers that tell apart segments whose base names collide, in the order they are tried. */
function qualifiers(p: SegmentProfile): string[] {
  const out: string[] = [];
  if (p.bestSendDay) out.push(`${p.bestSendDay}s`);
  if (p.bestSendHour !== null) out.push(`${String(p.bestSendHour).padStart(2, "0")}:00`);
  const tiers = Object.entries(p.tierMix).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (tiers.length > 0) out.push(`mostly tier ${tiers[0][0]}`);
  if (p.topCategories.length > 0) out.push(titleCase(p.topCategories[0].category));
  return out;
}

/** Unique names for all segments of a run (macro and micro together), in input order. */
export function uniqueSegmentNames(profiles: readonly SegmentProfile[], store: SegmentProfile, levels?: readonly NameLevel[]): string[] {
  const names = profiles.map((p, i) => segmentName(p, store, levels?.[i] ?? "micro"));
  const quals = profiles.map(qualifiers);
  for (let round = 0; round < 4; round++) {
    const groups = duplicateGroups(names);
    if (groups.length === 0) break;
    for (const group of groups) {
      for (const i of group) {
        const q = quals[i].find((x) => !names[i].includes(x));
        if (q) names[i] = `${names[i]}, ${q}`;
      }
    }
  }
  // Whatever still collides is numbered, skipping numbers another name already has.
  const taken = new Set<string>();
  return names.map((name) => {
    let out = name;
    for (let k = 2; taken.has(out); k++) out = `${name} (${k})`;
    taken.add(out);
    return out;
  });
}

function duplicateGroups(names: string[]): number[][] {
  const by = new Map<string, number[]>();
  names.forEach((name, i) => {
    const g = by.get(name);
    if (g) g.push(i);
    else by.set(name, [i]);
  });
  return [...by.values()].filter((g) => g.length > 1);
}
