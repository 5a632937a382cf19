// ISO 3166-1 alpha-2 country codes, from a code or an English country name
// (stores hold codes; a data file may hold names such as "United States").

const CODE = /^[A-Za-z]{2}$/;
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
// Codes ICU names that are no country of ISO 3166-1: reserved (UK, EU, AC, ...), groupings and pseudo-regions.
const NOT_COUNTRIES = new Set(["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UK", "UN", "XA", "XB", "ZZ"]);

/** English name (lowercase, letters only) -> code, for every two-letter region ICU names. */
const byName = new Map<string, string>();
for (let a = 65; a <= 90; a++) {
  for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    const name = NOT_COUNTRIES.has(code) ? undefined : regionNames.of(code);
    if (name) byName.set(letters(name), code);
  }
}

function letters(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}]/gu, "");
}

export function isCountryCode(value: string): boolean {
  const code = value.toUpperCase();
  return CODE.test(value) && !NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined;
}

/** The upper-case alpha-2 code of a code or an English name; null when it is neither. */
export function countryCode(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (isCountryCode(text)) return text.toUpperCase();
  return byName.get(letters(text)) ?? null;
}
