// `pearl audience` end to end on a real store: the online-retail file
// imported and analysed with the CLI, customers given the demo's identities
// (the data has no names, emails or consent), a few given phones in national
// and international formats, a duplicate address, a deleted and a redacted
// customer; then the files the command writes are read back and checked
// against the store, with the hashes computed here independently.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../app/activation/campaign.ts";
import { DEMO_TEMPLATE } from "../../app/activation/demoTemplate.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import type { Db } from "../../app/db.server.ts";
import { customerPersona } from "../../app/demo/personas.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";
import { defaultTarget, openDb } from "../helpers/testDb.ts";

const run = promisify(execFile);
const SHOP = "retail-audience.myshopify.com";
const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-audience-"));
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

let target: DatabaseTarget;
let db: Db;
let macroId = "";
const phones = new Map<string, { raw: string; meta: string | null; google: string | null }>();

const pearl = (...args: string[]) => run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: target.url }, maxBuffer: 64 * 1024 * 1024 });

function parseCsv(text: string) {
  const [header, ...rows] = text.trimEnd().split("\n");
  return { header: header.split(","), rows: rows.map((r) => r.split(",")) };
}

beforeAll(async () => {
  target = defaultTarget();
  await pearl("import", "--shop", SHOP, "--format", "online-retail", ONLINE_RETAIL_FILE);
  await pearl("analyze", "--shop", SHOP);
  db = openDb(target);
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
  // The largest macro-segment of the run, and its members
  const run = await db.analysisRun.findFirstOrThrow({ where: { shopId: shop.id, status: "done" } });
  const macro = await db.segmentSnapshot.findFirstOrThrow({ where: { runId: run.id, segment: { level: "macro" } }, orderBy: { size: "desc" } });
  macroId = macro.segmentId;
  const customers = await db.customer.findMany({ where: { shopId: shop.id } });
  await db.$transaction(customers.map((c) => {
    const p = customerPersona(c.externalId, null, "audience-tests");
    return db.customer.update({ where: { id: c.id }, data: { email: p.email, firstName: p.firstName, lastName: p.lastName, acceptsMarketing: p.acceptsMarketing, phone: null } });
  }));
  const members = await db.customerScore.findMany({ where: { runId: run.id, macroSegmentId: macroId }, include: { customer: true }, orderBy: { customerId: "asc" } });
  const consenting = members.filter((m) => m.customer.acceptsMarketing);
  // Phones: UK national, UK international, German national, US national, and two that are no phone number
  const cases: [string, string | null, string | null][] = [
    ["07911 123456", "447911123456", "+447911123456"],
    ["+44 20 7183 8750", "442071838750", "+442071838750"],
    ["030 1234567", "49301234567", "+49301234567"],
    ["(212) 565-0000", "12125650000", "+12125650000"],
    ["call me", null, null],
    ["+44 7123 4567", null, null],
  ];
  const countries = ["GB", "GB", "DE", "US", "GB", "GB"];
  for (const [i, [raw, meta, google]] of cases.entries()) {
    const c = consenting[i].customer;
    await db.customer.update({ where: { id: c.id }, data: { phone: raw, country: countries[i] } });
    phones.set(c.id, { raw, meta, google });
  }
  // The same address twice (different case and spaces), a deleted and a redacted customer
  await db.customer.update({ where: { id: consenting[10].customer.id }, data: { email: `  ${consenting[11].customer.email!.toUpperCase()} ` } });
  await db.customer.update({ where: { id: consenting[12].customer.id }, data: { deletedAt: new Date() } });
  await db.customer.update({ where: { id: consenting[13].customer.id }, data: { redactedAt: new Date() } });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
});

async function macroMembers() {
  const run = await db.analysisRun.findFirstOrThrow({ where: { shop: { domain: SHOP }, status: "done" } });
  return (await db.customerScore.findMany({ where: { runId: run.id, macroSegmentId: macroId }, include: { customer: true } })).map((m) => m.customer);
}

describe("pearl audience --segment", () => {
  it("writes Meta's customer list: consenting, present customers once each, every value hashed as Meta normalises it", async () => {
    const out = path.join(dir, "meta.csv");
    const { stdout, stderr } = await pearl("audience", "--shop", SHOP, "--segment", macroId, "--format", "meta", "--out", out, "--json");
    expect(stdout).toBe("");
    const summary = JSON.parse(stderr);
    const csv = parseCsv(readFileSync(out, "utf8"));
    expect(csv.header).toEqual(["email", "phone", "fn", "ln", "ct", "st", "zip", "country"]);

    // The store, independently: who should be in the file
    const members = await macroMembers();
    const present = members.filter((c) => !c.deletedAt && !c.redactedAt);
    const eligible = present.filter((c) => c.acceptsMarketing);
    const emails = new Set(eligible.map((c) => c.email!.trim().toLowerCase()));
    expect(summary).toMatchObject({ format: "meta", region: "GB", skippedRemoved: 2, skippedNoConsent: present.length - eligible.length, duplicates: 1, invalidPhones: 2, skippedNoIdentifier: 0 });
    expect(summary.rows).toBe(emails.size);
    expect(csv.rows).toHaveLength(emails.size);
    expect(new Set(csv.rows.map((r) => r[0]))).toEqual(new Set([...emails].map(sha256)));
    for (const row of csv.rows) {
      expect(row).toHaveLength(8);
      for (const cell of row) expect(cell).toMatch(/^([0-9a-f]{64})?$/);
    }

    // Phones: digits with the country code; invalid ones dropped, their row kept
    const byEmail = new Map(csv.rows.map((r) => [r[0], r]));
    for (const [customerId, phone] of phones) {
      const c = members.find((m) => m.id === customerId)!;
      const row = byEmail.get(sha256(c.email!.trim().toLowerCase()))!;
      expect(row[1]).toBe(phone.meta ? sha256(phone.meta) : "");
      expect(row[7]).toBe(sha256(c.country!.toLowerCase()));
      expect(row[2]).toBe(sha256(c.firstName!.toLowerCase().replace(/[\p{P}\p{S}]/gu, "")));
    }
    // Nobody without consent, and neither the deleted nor the redacted customer
    for (const c of members.filter((m) => !m.acceptsMarketing || m.deletedAt || m.redactedAt)) {
      if (!emails.has(c.email!.trim().toLowerCase())) expect(byEmail.has(sha256(c.email!.trim().toLowerCase()))).toBe(false);
    }
  });

  it("writes Google's layout on stdout: names and contact hashed, E.164 phones with +, country and zip plain", async () => {
    const { stdout, stderr } = await pearl("audience", "--shop", SHOP, "--segment", macroId, "--format", "google");
    expect(stderr).toMatch(/Google Customer Match, segment .*: \d+ rows written\./);
    expect(stderr).toMatch(/without consent to marketing/);
    expect(stderr).toMatch(/2 invalid phone numbers/);
    const csv = parseCsv(stdout);
    expect(csv.header).toEqual(["Email", "Phone", "First Name", "Last Name", "Country", "Zip"]);
    const members = await macroMembers();
    const byEmail = new Map(csv.rows.map((r) => [r[0], r]));
    for (const [customerId, phone] of phones) {
      const c = members.find((m) => m.id === customerId)!;
      const row = byEmail.get(sha256(c.email!.trim().toLowerCase()))!;
      expect(row[1]).toBe(phone.google ? sha256(phone.google) : "");
      expect(row[4]).toBe(c.country!.toLowerCase());
    }
    expect(csv.rows.every((r) => /^[a-z]{2}$|^$/.test(r[4]))).toBe(true);
  });

  it("names a segment that is not in the latest analysis, and a wrong combination of options", async () => {
    const fail = (...args: string[]) => pearl("audience", "--shop", SHOP, ...args).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(await fail("--segment", "seg_nosuchid", "--format", "meta")).toMatchObject({ code: 1, stderr: expect.stringContaining("No segment seg_nosuchid in the latest analysis") });
    expect(await fail("--segment", macroId, "--campaign", "c", "--format", "meta")).toMatchObject({ code: 1, stderr: expect.stringContaining("either --segment ID or --campaign ID") });
    expect(await fail("--segment", macroId, "--format", "tiktok")).toMatchObject({ code: 1, stderr: expect.stringContaining("--format must be meta or google") });
    expect(await fail("--campaign", "c", "--format", "meta")).toMatchObject({ code: 1, stderr: expect.stringContaining("--who openers or --who clickers") });
  });
});

describe("pearl audience --campaign", () => {
  it("exports a campaign's openers (a click counts as an open) or its clickers, with consent as it is now", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const saved = await saveTemplate(db, shop.id, "Audience test", DEMO_TEMPLATE);
    if (!saved.ok) throw new Error("template does not compile");
    const micro = await db.segment.findFirstOrThrow({ where: { shopId: shop.id, parentId: macroId } });
    const created = await createCampaign(db, { shopId: shop.id, templateId: saved.templateId, name: "Spring", segmentIds: [micro.id], holdoutShare: 0.1, attributionDays: 14 });
    if (!created.ok) throw new Error(created.error);
    const treated = await db.campaignRecipient.findMany({ where: { campaignId: created.campaignId, control: false }, include: { customer: true }, orderBy: { customerId: "asc" } });
    const at = new Date();
    // 12 opened, 4 of them clicked; 2 more clicked with their open unseen; one opener has since withdrawn consent
    const opened = treated.slice(0, 12);
    const clicked = [...treated.slice(0, 4), ...treated.slice(12, 14)];
    await db.campaignRecipient.updateMany({ where: { campaignId: created.campaignId, customerId: { in: opened.map((r) => r.customerId) } }, data: { openedAt: at } });
    await db.campaignRecipient.updateMany({ where: { campaignId: created.campaignId, customerId: { in: clicked.map((r) => r.customerId) } }, data: { clickedAt: at } });
    await db.customer.update({ where: { id: opened[5].customerId }, data: { acceptsMarketing: false } });

    const openers = path.join(dir, "openers.csv");
    const o = JSON.parse((await pearl("audience", "--shop", SHOP, "--campaign", created.campaignId, "--who", "openers", "--format", "google", "--out", openers, "--json")).stderr);
    const expectedOpeners = new Set([...opened, ...treated.slice(12, 14)].filter((r) => r.customerId !== opened[5].customerId).map((r) => sha256(r.customer.email!.trim().toLowerCase())));
    expect(o).toMatchObject({ rows: expectedOpeners.size, skippedNoConsent: 1, audience: "openers of campaign Spring" });
    expect(new Set(parseCsv(readFileSync(openers, "utf8")).rows.map((r) => r[0]))).toEqual(expectedOpeners);

    const clickers = path.join(dir, "clickers.csv");
    const c = JSON.parse((await pearl("audience", "--shop", SHOP, "--campaign", created.campaignId, "--who", "clickers", "--format", "meta", "--out", clickers, "--json")).stderr);
    expect(c).toMatchObject({ rows: 6, skippedNoConsent: 0 });
    expect(new Set(parseCsv(readFileSync(clickers, "utf8")).rows.map((r) => r[0]))).toEqual(new Set(clicked.map((r) => sha256(r.customer.email!.trim().toLowerCase()))));
  });
});
