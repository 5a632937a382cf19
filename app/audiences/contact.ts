/** What an ad-platform customer list is made of: one customer's contact details as the store holds them. */
export interface Contact {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  city: string | null;
  /** State or province: a code (Shopify's province_code) or a name. */
  province: string | null;
  zip: string | null;
  /** ISO 3166-1 alpha-2 code (or an English country name). */
  country: string | null;
}

/** A platform's customer-list file: its columns, how each is normalised, and which are hashed. */
export interface AudienceFormat<C extends string = string> {
  id: "meta" | "google";
  label: string;
  columns: readonly C[];
  /** The CSV header, column by column. */
  header: readonly string[];
  hashed: ReadonlySet<C>;
  email: C;
  phone: C;
  /** Normalised plain values; `phoneE164` is the customer's phone in E.164 (or null when it has none or it is invalid). */
  normalize(contact: Contact, phoneE164: string | null): Record<C, string | null>;
}

/** Lowercase, composed (NFC) form, so that "é" typed either way hashes the same. */
export const lower = (s: string) => s.normalize("NFC").toLowerCase();

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An address or null: what is left after normalising must still look like one. */
export const emailOrNull = (s: string) => (EMAIL.test(s) ? s : null);
