// Small readers for Shopify payload fields. Payloads are untrusted JSON: every
// reader tolerates absence and wrong types instead of throwing deep inside a
// translator, and the translators decide what is required.

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : null;
}

export function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Json => v !== null) : [];
}

// What no store can keep: lone UTF-16 surrogates have no UTF-8 form (Prisma
// refuses the whole query) and PostgreSQL text cannot hold NUL.
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/** A non-empty string; lone surrogates become U+FFFD and NULs are dropped. */
export function str(value: unknown): string | null {
  if (typeof value === "string") {
    // The native checks first: almost every string is clean, and a backfill reads tens of millions.
    const s = value.isWellFormed() && !value.includes("\u0000") ? value : value.replace(UNSTORABLE, (c) => (c === "\u0000" ? "" : "\uFFFD"));
    return s.length > 0 ? s : null;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** A Shopify id: numeric id, big-id string, or the numeric tail of a gid://shopify/X/123. */
export function id(value: unknown): string | null {
  const s = str(value);
  if (!s) return null;
  let tail = s;
  if (s.startsWith("gid://")) {
    const query = s.indexOf("?");
    tail = s.slice(s.lastIndexOf("/", query === -1 ? s.length : query) + 1, query === -1 ? s.length : query);
  }
  return tail && tail.length <= 64 ? tail : null;
}

export function num(value: unknown, fallback = 0): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

export function int(value: unknown, fallback = 0): number {
  return Math.trunc(num(value, fallback));
}

export function bool(value: unknown): boolean {
  return value === true || value === "true";
}

export function date(value: unknown): Date | null {
  const s = str(value);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Shopify sends money both as "12.34" and as {shop_money: {amount}}; prefer the shop's currency. */
export function money(payload: Json, field: string): number {
  const set = obj(payload[`${field}_set`]);
  const shopMoney = set ? obj(set.shop_money) : null;
  return shopMoney ? num(shopMoney.amount) : num(payload[field]);
}
