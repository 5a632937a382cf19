// Meta Custom Audiences, customer list file. Column headers as Ads Manager
// maps them (https://www.facebook.com/business/help/2082575038703844); every
// value normalised and SHA-256 hashed as Meta documents for customer
// information (https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences#hash
// and, with worked examples and their hashes,
// https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters):
//   email    trim, lowercase
//   phone    digits only, with the country code, no "+" or leading zeros ("(650)555-1212" -> 16505551212)
//   fn, ln   lowercase, no punctuation; accents kept in UTF-8 ("Valéry" -> valéry)
//   ct       lowercase, no punctuation, special characters or spaces ("New York" -> newyork)
//   st       US: the 2-character ANSI code, lowercase; elsewhere lowercase, no punctuation or spaces
//   zip      lowercase, no spaces or dash; US: the first 5 digits; UK: area, district and sector ("M1 1AE" -> m11ae)
//   country  lowercase ISO 3166-1 alpha-2 ("United States" -> us)

import { countryCode } from "./countryCode.ts";
import { emailOrNull, lower, type AudienceFormat, type Contact } from "./contact.ts";
import { usStateCode } from "./usStates.ts";

export type MetaColumn = "email" | "phone" | "fn" | "ln" | "ct" | "st" | "zip" | "country";

const nonEmpty = (s: string) => (s ? s : null);
const blank = (s: string | null | undefined) => !s || !s.trim();

export const metaEmail = (raw: string) => emailOrNull(lower(raw.trim()));
export const metaPhone = (e164: string) => e164.replace(/\D/g, "");
export const metaName = (raw: string) => nonEmpty(lower(raw).replace(/[\p{P}\p{S}]/gu, "").replace(/\s+/g, " ").trim());
export const metaCity = (raw: string) => nonEmpty(lower(raw).replace(/[^\p{L}\p{M}]/gu, ""));

export function metaState(raw: string, country: string | null): string | null {
  if (country === "US") {
    const code = usStateCode(raw);
    if (code) return code.toLowerCase();
  }
  return nonEmpty(lower(raw).replace(/[^\p{L}\p{M}\p{N}]/gu, ""));
}

export function metaZip(raw: string, country: string | null): string | null {
  const compact = lower(raw).replace(/[\s-]/g, "");
  if (country === "US") {
    const digits = compact.replace(/\D/g, "");
    return digits.length >= 5 ? digits.slice(0, 5) : null;
  }
  return nonEmpty(compact);
}

export const META: AudienceFormat<MetaColumn> = {
  id: "meta",
  label: "Meta Custom Audiences",
  columns: ["email", "phone", "fn", "ln", "ct", "st", "zip", "country"],
  header: ["email", "phone", "fn", "ln", "ct", "st", "zip", "country"],
  hashed: new Set<MetaColumn>(["email", "phone", "fn", "ln", "ct", "st", "zip", "country"]),
  email: "email",
  phone: "phone",
  normalize(c: Contact, phoneE164: string | null) {
    const country = countryCode(c.country);
    return {
      email: blank(c.email) ? null : metaEmail(c.email!),
      phone: phoneE164 ? metaPhone(phoneE164) : null,
      fn: blank(c.firstName) ? null : metaName(c.firstName!),
      ln: blank(c.lastName) ? null : metaName(c.lastName!),
      ct: blank(c.city) ? null : metaCity(c.city!),
      st: blank(c.province) ? null : metaState(c.province!, country),
      zip: blank(c.zip) ? null : metaZip(c.zip!, country),
      country: country ? country.toLowerCase() : null,
    };
  },
};
