// Phone numbers to E.164 (+ country code, national number, nothing else)
// with libphonenumber-js's full metadata, so that a number is accepted only
// when its length and leading digits are valid for its country. A number
// without an international prefix is read in the customer's country, or the
// shop's region when the customer has none; anything that does not parse to a
// valid number is dropped rather than guessed.

import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { isCountryCode } from "./countryCode.ts";

export function toE164(raw: string | null | undefined, region: string | null | undefined): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const country = region && isCountryCode(region) ? (region.toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  return parsed?.isValid() ? parsed.number : null;
}
