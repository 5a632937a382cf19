// Google Ads Customer Match, hashed customer data file. Headers in English
// exactly as Google names them ("Email", "Phone", "First Name", "Last Name",
// "Country", "Zip": https://support.google.com/google-ads/answer/7659867).
// Hashed upload (https://support.google.com/google-ads/answer/7476159 and
// Google's hashed-data template): lowercase all characters and remove all
// extra spaces before, after or in between email addresses and names; phone
// numbers in E.164 ("+" country code number) before hashing; SHA-256.
// Country (two-letter ISO code) and Zip are sent as they are, unhashed.
// Google removes the dots before "@" of gmail.com addresses only for enhanced
// conversions (https://developers.google.com/google-ads/api/docs/conversions/enhance-conversions);
// Customer Match asks for no such step, so none is taken.

import { countryCode } from "./countryCode.ts";
import { emailOrNull, lower, type AudienceFormat, type Contact } from "./contact.ts";

export type GoogleColumn = "email" | "phone" | "firstName" | "lastName" | "country" | "zip";

const blank = (s: string | null | undefined) => !s || !s.trim();
const nonEmpty = (s: string) => (s ? s : null);

export const googleEmail = (raw: string) => emailOrNull(lower(raw).replace(/\s+/g, ""));
export const googleName = (raw: string) => nonEmpty(lower(raw).replace(/\s+/g, " ").trim());
export const googleZip = (raw: string) => nonEmpty(raw.trim().replace(/\s+/g, " "));

export const GOOGLE: AudienceFormat<GoogleColumn> = {
  id: "google",
  label: "Google Customer Match",
  columns: ["email", "phone", "firstName", "lastName", "country", "zip"],
  header: ["Email", "Phone", "First Name", "Last Name", "Country", "Zip"],
  hashed: new Set<GoogleColumn>(["email", "phone", "firstName", "lastName"]),
  email: "email",
  phone: "phone",
  normalize(c: Contact, phoneE164: string | null) {
    const country = countryCode(c.country);
    return {
      email: blank(c.email) ? null : googleEmail(c.email!),
      phone: phoneE164,
      firstName: blank(c.firstName) ? null : googleName(c.firstName!),
      lastName: blank(c.lastName) ? null : googleName(c.lastName!),
      // Lowercase as in Google's own template rows ("us", "cn", "sg").
      country: country ? country.toLowerCase() : null,
      zip: blank(c.zip) ? null : googleZip(c.zip!),
    };
  },
};
