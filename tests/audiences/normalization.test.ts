// The platforms' own normalisation rules, checked against their worked
// examples. Meta publishes normalised values and their SHA-256 for customer
// information (developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters,
// the same rules as Custom Audiences); those hashes are written here as Meta
// prints them. Google's help and template give normalised values but no
// hashes, so the expected hash is computed here, independently, with node:crypto.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { audienceRow } from "../../app/audiences/audienceCsv.ts";
import type { Contact } from "../../app/audiences/contact.ts";
import { countryCode } from "../../app/audiences/countryCode.ts";
import { toE164 } from "../../app/audiences/e164.ts";
import { GOOGLE, googleEmail, googleName } from "../../app/audiences/googleCustomerMatch.ts";
import { META, metaCity, metaEmail, metaName, metaPhone, metaState, metaZip } from "../../app/audiences/metaCustomerList.ts";
import { sha256Hex } from "../../app/audiences/sha256.ts";

const sha256 = (s: string) => createHash("sha256").update(Buffer.from(s, "utf8")).digest("hex");
const contact = (c: Partial<Contact>): Contact => ({ email: null, phone: null, firstName: null, lastName: null, city: null, province: null, zip: null, country: null, ...c });

describe("Meta: Meta's worked examples, normalised value and published SHA-256", () => {
  it.each([
    ["email", () => metaEmail("John_Smith@gmail.com"), "john_smith@gmail.com", "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"],
    ["phone, US (650)555-1212", () => metaPhone(toE164("(650)555-1212", "US")!), "16505551212", "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"],
    ["first name Mary", () => metaName("Mary"), "mary", "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"],
    ["first name 정 (UTF-8)", () => metaName("정"), "정", "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14"],
    ["first name Valéry (accent kept)", () => metaName("Valéry"), "valéry", "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"],
    ["country United States", () => META.normalize(contact({ country: "United States" }), null).country, "us", "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621"],
  ])("%s", (_name, normalise, normalised, published) => {
    expect(normalise()).toBe(normalised);
    expect(sha256Hex(normalised)).toBe(published);
  });

  it.each([
    // Meta's examples: paris, london, newyork; punctuation and spaces go, accents stay in UTF-8
    ["Paris", "paris"], ["London", "london"], ["New York", "newyork"], ["  St. Albans ", "stalbans"], ["München", "münchen"],
  ])("city %j -> %j", (raw, normalised) => expect(metaCity(raw)).toBe(normalised));

  it.each([
    // Meta: US states by their 2-character ANSI code in lowercase (az, ca); elsewhere lowercase without punctuation or spaces
    ["AZ", "US", "az"], ["California", "US", "ca"], ["US-NY", "US", "ny"], ["England", "GB", "england"], ["Île-de-France", "FR", "îledefrance"],
  ])("state %j in %s -> %j", (raw, country, normalised) => expect(metaState(raw, country)).toBe(normalised));

  it.each([
    // Meta's examples: US 94035, Australia 1987, France 75018, UK m11ae; US uses only the first 5 digits; no spaces or dash
    ["94035", "US", "94035"], ["94035-1234", "US", "94035"], ["1987", "AU", "1987"], ["75018", "FR", "75018"], ["M1 1AE", "GB", "m11ae"], ["00-950", "PL", "00950"],
  ])("zip %j in %s -> %j", (raw, country, normalised) => expect(metaZip(raw, country)).toBe(normalised));

  it("names lose punctuation, keep accents, and are trimmed", () => {
    expect(metaName("  O'Brien ")).toBe("obrien");
    expect(metaName("Zoë")).toBe("zoë");
    expect(metaName("  Anne-Marie  ")).toBe("annemarie");
  });

  it("emails are trimmed and lowercased, dots kept; what is not an address is dropped", () => {
    expect(metaEmail("  Your.Name@Gmail.COM ")).toBe("your.name@gmail.com");
    expect(metaEmail("not an address")).toBeNull();
  });

  it("a whole row: every column hashed, in Meta's column order", () => {
    const row = audienceRow(META, contact({ email: " John_Smith@gmail.com", phone: "(650)555-1212", firstName: "Mary", lastName: "Smith", city: "Menlo Park", province: "CA", zip: "94025-1234", country: "US" }), null);
    expect(META.header).toEqual(["email", "phone", "fn", "ln", "ct", "st", "zip", "country"]);
    expect(row.cells).toEqual(["john_smith@gmail.com", "16505551212", "mary", "smith", "menlopark", "ca", "94025", "us"].map(sha256));
  });
});

describe("Google Customer Match: the hashed-file rules", () => {
  it("headers are Google's English names", () => {
    expect(GOOGLE.header).toEqual(["Email", "Phone", "First Name", "Last Name", "Country", "Zip"]);
  });

  it.each([
    // Google's template row: test@gmail.com, john, smith, us, 94016, 1-800-888-8888 (E.164 before hashing)
    [contact({ email: "test@gmail.com", firstName: "john", lastName: "smith", country: "US", zip: "94016", phone: "1-800-888-8888" }),
      [sha256("test@gmail.com"), sha256("+18008888888"), sha256("john"), sha256("smith"), "us", "94016"]],
    // and: zoë, pérez, sg, WC2H 8LG; accents kept, country and zip not hashed
    [contact({ email: "Test4@Gmail.com ", firstName: " Zoë ", lastName: "Pérez", country: "SG", zip: "WC2H 8LG" }),
      [sha256("test4@gmail.com"), "", sha256("zoë"), sha256("pérez"), "sg", "WC2H 8LG"]],
    // the Google Ads API team's E.164 examples: +12125650000, +442070313000
    [contact({ email: "a@example.com", phone: "(212) 565-0000", country: "US" }), [sha256("a@example.com"), sha256("+12125650000"), "", "", "us", ""]],
    [contact({ email: "b@example.com", phone: "020 7031 3000", country: "GB" }), [sha256("b@example.com"), sha256("+442070313000"), "", "", "gb", ""]],
  ])("row %#", (c, cells) => {
    expect(audienceRow(GOOGLE, c, null).cells).toEqual(cells);
  });

  it("lowercases and removes extra spaces before, after and in between; gmail dots stay (that step is for enhanced conversions only)", () => {
    expect(googleEmail("  First.Last @Gmail.com ")).toBe("first.last@gmail.com");
    expect(googleName("  Mary   Ann ")).toBe("mary ann");
  });
});

describe("phone numbers to E.164", () => {
  it.each([
    ["020 7183 8750", "GB", "+442071838750"],
    ["07911 123456", "GB", "+447911123456"],
    ["+44 (0)20 7183 8750", "GB", "+442071838750"],
    ["+44 7911 123456", null, "+447911123456"],
    ["(212) 565-0000", "US", "+12125650000"],
    ["212.565.0000", "US", "+12125650000"],
    ["+1 212 565 0000", "GB", "+12125650000"],
    ["030 1234567", "DE", "+49301234567"],
    ["0151 23456789", "DE", "+4915123456789"],
    ["+49 30 1234567", "GB", "+49301234567"],
    ["00 44 20 7183 8750", "DE", "+442071838750"],
  ])("%j in %s -> %s", (raw, region, e164) => expect(toE164(raw, region)).toBe(e164));

  it.each([
    ["not a phone", "GB"], ["12", "GB"], ["", "GB"], ["+44 7123 4567", "GB"], ["555-0000", "US"],
    // a national number without any region to read it in is not guessed
    ["020 7183 8750", null], ["07911 123456", "XX"],
  ])("%j in %s is dropped", (raw, region) => expect(toE164(raw, region)).toBeNull());
});

describe("country codes", () => {
  it.each([["GB", "GB"], ["gb", "GB"], ["United Kingdom", "GB"], ["Germany", "DE"], ["UK", null], ["EU", null], ["Unspecified", null], [null, null]])("%j -> %j", (raw, code) => {
    expect(countryCode(raw)).toBe(code);
  });
});
