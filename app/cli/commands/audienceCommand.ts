import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { audienceCsv, emptySummary } from "../../audiences/audienceCsv.ts";
import { defaultRegion, resolveAudience, type AudienceSource } from "../../audiences/audienceSource.ts";
import { countryCode } from "../../audiences/countryCode.ts";
import { audienceFormat, isAudienceFormat } from "../../audiences/formats.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export interface AudienceOptions {
  shop: string;
  segment?: string;
  campaign?: string;
  who?: string;
  format: string;
  out?: string;
  region?: string;
  json?: boolean;
}

function sourceOf(o: AudienceOptions): AudienceSource {
  if (!o.segment === !o.campaign) throw new CliError("give either --segment ID or --campaign ID --who openers|clickers");
  if (o.segment) {
    if (o.who) throw new CliError("--who goes with --campaign");
    return { kind: "segment", segmentId: o.segment };
  }
  if (o.who !== "openers" && o.who !== "clickers") throw new CliError("--campaign needs --who openers or --who clickers");
  return { kind: "campaign", campaignId: o.campaign!, who: o.who };
}

/**
 * `pearl audience --shop D (--segment ID | --campaign ID --who openers|clickers) --format meta|google [--out FILE]`:
 * the audience as the platform's customer-list CSV (stdout, or FILE), what was left out on stderr.
 */
export async function audienceCommand(o: AudienceOptions): Promise<void> {
  const source = sourceOf(o);
  if (!isAudienceFormat(o.format)) throw new CliError(`--format must be meta or google, not ${o.format}`);
  if (o.region && !countryCode(o.region)) throw new CliError(`--region must be an ISO 3166-1 alpha-2 country code, e.g. GB, not ${o.region}`);
  const format = audienceFormat(o.format);
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const found = await resolveAudience(store.db, shop.id, source);
    if (!found.ok) throw new CliError(`${shop.domain}: ${found.error}`);
    const region = await defaultRegion(store.db, shop.id, o.region);
    const summary = emptySummary();
    const lines = Readable.from(audienceCsv(found.audience.contacts, format, { defaultRegion: region }, summary));
    if (o.out) await pipeline(lines, createWriteStream(o.out));
    else await pipeline(lines, process.stdout, { end: false });
    const report = { audience: found.audience.name, format: format.id, region, ...summary, out: o.out ?? null };
    if (o.json) console.error(JSON.stringify(report));
    else {
      console.error(`${format.label}, ${found.audience.name}: ${summary.rows} rows written${o.out ? ` to ${o.out}` : ""}.`);
      console.error(`Skipped: ${summary.skippedNoConsent} without consent to marketing, ${summary.skippedRemoved} deleted or redacted, ${summary.skippedNoIdentifier} with no usable email or phone, ${summary.duplicates} duplicates.`);
      console.error(`Dropped: ${summary.invalidPhones} invalid phone numbers (read in the customer's country, else ${region ?? "no region"}), ${summary.invalidEmails} invalid emails.`);
    }
  } finally {
    await store.close();
  }
}
