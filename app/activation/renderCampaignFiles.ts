// One campaign rendered for every segment of an analysis run into HTML files
// a person can open (the demo's last step): <dir>/<segment>.html, its plain
// text beside it, and an index.html linking them.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db.server.ts";
import { segmentsOfRun } from "../store/analysisRuns.ts";
import { compileTemplate, type TemplateSource } from "./compileTemplate.ts";
import { storefrontUrlOf } from "./productLink.ts";
import { escapeHtml, personalize, renderSegmentEmail } from "./segmentEmail.ts";
import { storedSegmentFeedsOf, storedSegmentFeeds } from "./segmentFeeds.ts";
import { formatProblem } from "./templateProblem.ts";
import { trackingToken } from "./trackingToken.ts";

export interface RenderedFile {
  segmentId: string;
  name: string;
  level: string;
  size: number;
  products: number;
  file: string;
}

export async function renderCampaignFiles(db: Db, shop: { id: string; domain: string; name: string | null; currency: string; urlSecret: string }, runId: string, template: TemplateSource, outDir: string): Promise<{ index: string; files: RenderedFile[] }> {
  const compiled = await compileTemplate(template);
  if (!compiled.ok) throw new Error(`template does not compile: ${compiled.problems.map(formatProblem).join("; ")}`);
  const segments = await segmentsOfRun(db, runId);
  const feeds = await storedSegmentFeedsOf(db, shop.id, runId, segments.map((s) => s.id));
  mkdirSync(outDir, { recursive: true });
  const files: RenderedFile[] = [];
  for (const segment of segments) {
    const feed = feeds.get(segment.id) ?? (await storedSegmentFeeds(db)(shop.id, segment.id, runId));
    const email = renderSegmentEmail(compiled.template, feed, { storefrontUrl: storefrontUrlOf(shop.domain), campaign: `demo-${runId}`, segmentId: segment.id, currency: shop.currency });
    // Addressed to the segment's first member, as one of them would receive it.
    const member = await db.customerScore.findFirst({
      where: { runId, OR: [{ segmentId: segment.id }, { macroSegmentId: segment.id }] },
      orderBy: { customerId: "asc" },
      select: { customer: { select: { id: true, firstName: true, lastName: true, email: true, city: true, country: true } } },
    });
    const person = member?.customer ?? { id: "nobody", firstName: null, lastName: null, email: null, city: null, country: null };
    const message = personalize(email, { ...person, token: trackingToken(shop.urlSecret, `demo-${runId}`, person.id) }, shop.name ?? shop.domain);
    const file = path.join(outDir, `${segment.id}.html`);
    writeFileSync(file, message.html);
    writeFileSync(path.join(outDir, `${segment.id}.txt`), `Subject: ${message.subject}\n\n${message.text}`);
    files.push({ segmentId: segment.id, name: segment.name, level: segment.level, size: segment.size, products: email.products.length, file });
  }
  const index = path.join(outDir, "index.html");
  const rows = files.map((f) => `<tr><td>${f.level}</td><td><a href="${encodeURIComponent(path.basename(f.file))}">${escapeHtml(f.name)}</a></td><td>${f.size}</td><td>${f.products}</td><td><a href="${encodeURIComponent(`${f.segmentId}.txt`)}">text</a></td></tr>`);
  writeFileSync(index, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(shop.name ?? shop.domain)}: one campaign, every segment</title>
<style>body{font-family:Helvetica,Arial,sans-serif;margin:2rem;color:#1f2937}table{border-collapse:collapse}td,th{padding:4px 12px;border-bottom:1px solid #e5e7eb;text-align:left}</style></head>
<body><h1>One campaign, every segment</h1><p>${escapeHtml(shop.name ?? shop.domain)}, analysis ${escapeHtml(runId)}: each segment's email with the products chosen for it.</p>
<table><tr><th>level</th><th>segment</th><th>customers</th><th>products</th><th></th></tr>${rows.join("")}</table></body></html>
`);
  return { index, files };
}
