/**
 * Audience export benchmark: `npm run bench:audience [-- --contacts 1000000]`.
 *
 * The normalise-hash-stream path of `pearl audience` without the store: the
 * demo's deterministic identities (names, emails, cities, zips in the
 * online-retail countries) for `--contacts` customers, one in ten with a UK
 * mobile in national format, one in three without consent, through the Meta
 * and the Google layout to /dev/null. Prints rows a second and peak RSS, to
 * show that memory does not grow with the audience beyond the set of hashed
 * emails kept to drop duplicates.
 */
import { createWriteStream } from "node:fs";
import { loadavg } from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { audienceCsv, emptySummary, type AudienceContact } from "../app/audiences/audienceCsv.ts";
import { audienceFormat } from "../app/audiences/formats.ts";
import { customerPersona } from "../app/demo/personas.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("contacts", 1_000_000);
const COUNTRIES = ["United Kingdom", "Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium", "USA"];

async function* contacts(): AsyncGenerator<AudienceContact> {
  for (let i = 0; i < N; i++) {
    const p = customerPersona(String(12346 + i), COUNTRIES[i % COUNTRIES.length], "bench-audience");
    yield {
      email: p.email, phone: i % 10 === 0 ? `07${String(400_000_000 + i).slice(-9)}` : p.phone,
      firstName: p.firstName, lastName: p.lastName, city: p.address.city, province: p.address.provinceCode, zip: p.address.zip, country: p.address.countryCode,
      acceptsMarketing: i % 3 !== 0, deletedAt: null, redactedAt: null,
    };
  }
}

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
for (const id of ["meta", "google"] as const) {
  const summary = emptySummary();
  const start = performance.now();
  await pipeline(Readable.from(audienceCsv(contacts(), audienceFormat(id), { defaultRegion: "GB" }, summary)), createWriteStream("/dev/null"));
  const seconds = (performance.now() - start) / 1000;
  console.log(`${id}: ${N.toLocaleString("en")} contacts, ${summary.rows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s (${Math.round(N / seconds).toLocaleString("en")} contacts/s); ${summary.invalidPhones.toLocaleString("en")} phones dropped`);
}
clearInterval(sampler);
console.log(`peak RSS ${(peak / 2 ** 20).toFixed(0)} MB; load average ${loadavg()[0].toFixed(1)}`);
