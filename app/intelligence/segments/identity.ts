/**
 * Stable segment identity across runs.
 *
 * A new segment keeps the id of a previous one when they hold mostly the
 * same customers: more than half of the new segment's customers were in the
 * old one AND more than half of the old one's customers are in the new one
 * (mutual majority). Each segment can have at most one such partner, so the
 * matching is unique without an assignment solver (Hungarian would only be
 * needed for a weaker criterion). Unmatched new segments are born; unmatched
 * old ones are dissolved. Customers are keyed by a stable id (Customer.id).
 *
 * Moves: every customer whose segment id differs between the runs, with
 * from = null for a customer new to the analysis and to = null for one no
 * longer in it.
 */

export interface PreviousAssignment {
  /** Customer key -> previous segment id. */
  segmentOf: ReadonlyMap<string, string>;
  /** Previous segment ids (all live segments of the level, including empty ones). */
  segmentIds: readonly string[];
}

export interface IdentityMatch {
  /** Per new segment index: the inherited id, or null (a birth). */
  inherited: (string | null)[];
  /** Previous ids without a successor. */
  dissolved: string[];
  /** Per new segment index: overlap with its matched predecessor (Jaccard), 0 when born. */
  jaccard: number[];
}

export function matchSegments(
  customerKeys: readonly string[],
  labels: Int32Array,
  k: number,
  previous: PreviousAssignment,
): IdentityMatch {
  const prevIndex = new Map<string, number>(previous.segmentIds.map((id, j) => [id, j]));
  const prevSize = new Float64Array(previous.segmentIds.length);
  for (const id of previous.segmentOf.values()) {
    const j = prevIndex.get(id);
    if (j !== undefined) prevSize[j]++;
  }
  const newSize = new Float64Array(k);
  const overlap = new Map<number, number>(); // prev * k + new -> count
  for (let i = 0; i < customerKeys.length; i++) {
    const s = labels[i];
    newSize[s]++;
    const pid = previous.segmentOf.get(customerKeys[i]);
    if (pid === undefined) continue;
    const j = prevIndex.get(pid);
    if (j === undefined) continue;
    const key = j * k + s;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const inherited: (string | null)[] = new Array(k).fill(null);
  const jaccard: number[] = new Array(k).fill(0);
  const taken = new Set<number>();
  for (const [key, count] of overlap) {
    const j = Math.floor(key / k);
    const s = key - j * k;
    if (2 * count > newSize[s] && 2 * count > prevSize[j]) {
      inherited[s] = previous.segmentIds[j];
      jaccard[s] = count / (newSize[s] + prevSize[j] - count);
      taken.add(j);
    }
  }
  const dissolved = previous.segmentIds.filter((_, j) => !taken.has(j));
  return { inherited, dissolved, jaccard };
}

export interface Move {
  customerKey: string;
  from: string | null;
  to: string | null;
}

/** Customers whose segment changed, including arrivals (from null) and departures (to null). */
export function segmentMoves(
  customerKeys: readonly string[],
  currentIdOf: (row: number) => string,
  previous: ReadonlyMap<string, string>,
): Move[] {
  const moves: Move[] = [];
  const present = new Set<string>();
  for (let i = 0; i < customerKeys.length; i++) {
    const key = customerKeys[i];
    present.add(key);
    const to = currentIdOf(i);
    const from = previous.get(key) ?? null;
    if (from !== to) moves.push({ customerKey: key, from, to });
  }
  for (const [key, from] of previous) if (!present.has(key)) moves.push({ customerKey: key, from, to: null });
  return moves;
}
