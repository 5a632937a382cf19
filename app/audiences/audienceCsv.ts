// A customer list as CSV, streamed: contacts in, lines out, a chunk of rows
// at a time, so that a macro-segment or a large campaign is never one string.
// Who is left out: customers without consent to marketing, deleted or
// redacted customers, and those with neither a usable email nor phone. A
// second contact with the same hashed email (or, without an email, the same
// hashed phone) is written once. Phones that do not parse to a valid number
// are dropped from their row (the row stays when it has an email).

import type { AudienceFormat, Contact } from "./contact.ts";
import { countryCode } from "./countryCode.ts";
import { toE164 } from "./e164.ts";
import { sha256Hex } from "./sha256.ts";

export interface AudienceContact extends Contact {
  /** Consent to marketing, as the platform reports it. */
  acceptsMarketing: boolean;
  deletedAt: Date | null;
  redactedAt: Date | null;
}

export interface AudienceSummary {
  rows: number;
  skippedNoConsent: number;
  skippedRemoved: number;
  skippedNoIdentifier: number;
  duplicates: number;
  /** Phones dropped because they did not parse to a valid number. */
  invalidPhones: number;
  invalidEmails: number;
}

export const emptySummary = (): AudienceSummary => ({
  rows: 0, skippedNoConsent: 0, skippedRemoved: 0, skippedNoIdentifier: 0, duplicates: 0, invalidPhones: 0, invalidEmails: 0,
});

/** RFC 4180: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface AudienceCsvOptions {
  /** Where a phone without an international prefix is read when the customer has no country (ISO code). */
  defaultRegion: string | null;
  /** Rows per chunk yielded. */
  chunkRows?: number;
}

/** One contact's cells, or why it has none; hashed columns are SHA-256 hex. */
export function audienceRow<C extends string>(format: AudienceFormat<C>, contact: Contact, defaultRegion: string | null) {
  const phoneE164 = toE164(contact.phone, countryCode(contact.country) ?? defaultRegion);
  const normalized = format.normalize(contact, phoneE164);
  const cells = format.columns.map((column) => {
    const value = normalized[column];
    if (value === null) return "";
    return format.hashed.has(column) ? sha256Hex(value) : value;
  });
  const at = (column: C) => cells[format.columns.indexOf(column)] || null;
  return {
    cells,
    emailHash: at(format.email),
    phoneHash: at(format.phone),
    invalidPhone: !!contact.phone?.trim() && phoneE164 === null,
    invalidEmail: !!contact.email?.trim() && normalized[format.email] === null,
  };
}

export async function* audienceCsv<C extends string>(
  contacts: AsyncIterable<AudienceContact>, format: AudienceFormat<C>, options: AudienceCsvOptions, summary: AudienceSummary = emptySummary(),
): AsyncGenerator<string> {
  const chunkRows = options.chunkRows ?? 500;
  const seen = new Set<string>();
  yield `${format.header.map(csvField).join(",")}\n`;
  let chunk: string[] = [];
  for await (const contact of contacts) {
    if (contact.deletedAt || contact.redactedAt) { summary.skippedRemoved++; continue; }
    if (!contact.acceptsMarketing) { summary.skippedNoConsent++; continue; }
    const row = audienceRow(format, contact, options.defaultRegion);
    if (row.invalidPhone) summary.invalidPhones++;
    if (row.invalidEmail) summary.invalidEmails++;
    const key = row.emailHash ? `e:${row.emailHash}` : row.phoneHash ? `p:${row.phoneHash}` : null;
    if (!key) { summary.skippedNoIdentifier++; continue; }
    if (seen.has(key)) { summary.duplicates++; continue; }
    seen.add(key);
    chunk.push(row.cells.map(csvField).join(","));
    summary.rows++;
    if (chunk.length >= chunkRows) {
      yield `${chunk.join("\n")}\n`;
      chunk = [];
    }
  }
  if (chunk.length) yield `${chunk.join("\n")}\n`;
}
