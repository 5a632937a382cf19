// The segments table's filter and sort, read from and written to URL search
// params so a filtered view is a link. Pure: the loader applies it to the run's rows.

export interface SegmentRow {
  id: string;
  name: string;
  level: "macro" | "micro";
  parentId: string | null;
  parentName: string | null;
  size: number;
  revenueShare: number;
  meanClv365: number;
  meanChurn: number;
}

export const SORT_KEYS = ["name", "size", "revenueShare", "meanClv365", "meanChurn"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SegmentQuery {
  q: string;
  level: "all" | "macro" | "micro";
  minSize: number | null;
  maxSize: number | null;
  /** Percent, as typed (5 = 5% of revenue). */
  minShare: number | null;
  minClv: number | null;
  /** Percent. */
  maxChurn: number | null;
  sort: SortKey;
  dir: "asc" | "desc";
}

const num = (v: string | null) => {
  if (v === null || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

export function parseSegmentQuery(params: URLSearchParams): SegmentQuery {
  const level = params.get("level");
  const sort = params.get("sort") as SortKey | null;
  return {
    q: (params.get("q") ?? "").trim(),
    level: level === "macro" || level === "micro" ? level : "all",
    minSize: num(params.get("minSize")),
    maxSize: num(params.get("maxSize")),
    minShare: num(params.get("minShare")),
    minClv: num(params.get("minClv")),
    maxChurn: num(params.get("maxChurn")),
    sort: sort && SORT_KEYS.includes(sort) ? sort : "revenueShare",
    dir: params.get("dir") === "asc" ? "asc" : "desc",
  };
}

/** The rows the query keeps, in its order (ties by id, so the order is stable). */
export function applySegmentQuery(rows: readonly SegmentRow[], query: SegmentQuery): SegmentRow[] {
  const q = query.q.toLowerCase();
  const kept = rows.filter((r) =>
    (query.level === "all" || r.level === query.level)
    && (!q || r.name.toLowerCase().includes(q) || r.id.toLowerCase() === q || (r.parentName ?? "").toLowerCase().includes(q))
    && (query.minSize === null || r.size >= query.minSize)
    && (query.maxSize === null || r.size <= query.maxSize)
    && (query.minShare === null || r.revenueShare * 100 >= query.minShare)
    && (query.minClv === null || r.meanClv365 >= query.minClv)
    && (query.maxChurn === null || r.meanChurn * 100 <= query.maxChurn));
  const sign = query.dir === "asc" ? 1 : -1;
  const key = query.sort;
  return kept.sort((a, b) => {
    const c = key === "name" ? a.name.localeCompare(b.name) : a[key] - b[key];
    return sign * c || a.id.localeCompare(b.id);
  });
}

/** The search params for a query, defaults left out. */
export function segmentQueryParams(query: SegmentQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (query.q) p.set("q", query.q);
  if (query.level !== "all") p.set("level", query.level);
  for (const k of ["minSize", "maxSize", "minShare", "minClv", "maxChurn"] as const) if (query[k] !== null) p.set(k, String(query[k]));
  if (query.sort !== "revenueShare") p.set("sort", query.sort);
  if (query.dir !== "desc") p.set("dir", query.dir);
  return p;
}
