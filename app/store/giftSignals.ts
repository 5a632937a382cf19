import type { AddressRecord } from "./records.ts";

const norm = (s: string | null) => (s ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");

/** The parcel goes to someone else: a different recipient name or a different address. */
export function shipsElsewhere(billing: AddressRecord | null, shipping: AddressRecord | null): boolean {
  if (!billing || !shipping) return false;
  const differs = (a: string | null, b: string | null) => norm(a) !== "" && norm(b) !== "" && norm(a) !== norm(b);
  return differs(billing.name, shipping.name) || differs(billing.address1, shipping.address1) || differs(billing.zip, shipping.zip);
}

export function formatAddress(a: AddressRecord | null): string | null {
  if (!a) return null;
  const text = [a.address1, a.city, a.zip, a.province, a.country].filter(Boolean).join(", ");
  return text || null;
}
