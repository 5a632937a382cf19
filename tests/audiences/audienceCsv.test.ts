// The CSV stream on hand-made contacts: who is left out and why, duplicates
// by hashed email, the region phones are read in, quoting, and that rows come
// out in chunks rather than as one string.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { audienceCsv, csvField, emptySummary, type AudienceContact } from "../../app/audiences/audienceCsv.ts";
import { GOOGLE } from "../../app/audiences/googleCustomerMatch.ts";
import { META } from "../../app/audiences/metaCustomerList.ts";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const person = (c: Partial<AudienceContact>): AudienceContact => ({
  email: null, phone: null, firstName: null, lastName: null, city: null, province: null, zip: null, country: null,
  acceptsMarketing: true, deletedAt: null, redactedAt: null, ...c,
});
async function* each<T>(items: T[]) { yield* items; }
async function collect(chunks: AsyncIterable<string>) {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

describe("audienceCsv", () => {
  it("leaves out customers without consent, deleted and redacted ones, and writes an address once", async () => {
    const summary = emptySummary();
    const chunks = await collect(audienceCsv(each([
      person({ email: "Ann@Example.com" }),
      person({ email: "  ann@example.com " }),                    // the same address: once
      person({ email: "bob@example.com", acceptsMarketing: false }), // no consent
      person({ email: "cat@example.com", deletedAt: new Date() }),
      person({ email: "dan@example.com", redactedAt: new Date() }),
      person({ firstName: "Eve", country: "GB" }),                 // nothing to match on
      person({ phone: "07911 123456", country: "GB" }),            // a phone alone is enough
      person({ phone: "+44 7911 123456" }),                        // ... and the same phone again
      person({ email: "fay@example.com", phone: "12345" }),        // phone dropped, row kept
    ]), META, { defaultRegion: null }, summary));
    const rows = chunks.join("").trimEnd().split("\n").slice(1).map((r) => r.split(","));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      [sha256("ann@example.com"), ""],
      ["", sha256("447911123456")],
      [sha256("fay@example.com"), ""],
    ]);
    expect(summary).toEqual({ rows: 3, skippedNoConsent: 1, skippedRemoved: 2, skippedNoIdentifier: 1, duplicates: 2, invalidPhones: 1, invalidEmails: 0 });
  });

  it("reads a national number in the customer's country, else the shop's region, and drops it without either", async () => {
    const rowsFor = async (region: string | null) => {
      const summary = emptySummary();
      const text = (await collect(audienceCsv(each([person({ email: "a@example.com", phone: "030 1234567", country: "DE" }), person({ email: "b@example.com", phone: "020 7183 8750" })]), GOOGLE, { defaultRegion: region }, summary))).join("");
      return { phones: text.trimEnd().split("\n").slice(1).map((r) => r.split(",")[1]), summary };
    };
    expect((await rowsFor("GB")).phones).toEqual([sha256("+49301234567"), sha256("+442071838750")]);
    const none = await rowsFor(null);
    expect(none.phones).toEqual([sha256("+49301234567"), ""]);
    expect(none.summary.invalidPhones).toBe(1);
  });

  it("streams rows in chunks, header first", async () => {
    const many = Array.from({ length: 1234 }, (_, i) => person({ email: `c${i}@example.com` }));
    const chunks = await collect(audienceCsv(each(many), META, { defaultRegion: null, chunkRows: 500 }));
    expect(chunks).toHaveLength(1 + 3);
    expect(chunks[0]).toBe("email,phone,fn,ln,ct,st,zip,country\n");
    expect(chunks.slice(1).map((c) => c.trimEnd().split("\n").length)).toEqual([500, 500, 234]);
  });

  it("quotes fields as RFC 4180 asks", () => {
    expect(csvField("WC2H 8LG")).toBe("WC2H 8LG");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});
