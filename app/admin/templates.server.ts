// Email templates in the admin: list, load, save (only when they compile) and
// the live preview of a draft for one segment or one customer of the
// authenticated shop, through app/activation's compiler and renderer.

import type { Db } from "../db.server.ts";
import { compileTemplate, type TemplateSource } from "../activation/compileTemplate.ts";
import { DEMO_TEMPLATE } from "../activation/demoTemplate.ts";
import { storefrontUrlOf } from "../activation/productLink.ts";
import { personalize, renderSegmentEmail } from "../activation/segmentEmail.ts";
import { storedSegmentFeeds } from "../activation/segmentFeeds.ts";
import { saveTemplate } from "../activation/templates.ts";
import type { TemplateProblem } from "../activation/templateProblem.ts";
import { latestRun, segmentsOfRun } from "../store/analysisRuns.ts";
import { invariantFound, requireShopRow } from "./shop.server.ts";

export async function listTemplates(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  const rows = await db.emailTemplate.findMany({ where: { shopId: shop.id }, orderBy: { updatedAt: "desc" }, include: { _count: { select: { campaigns: true } } } });
  return rows.map((t) => ({ id: t.id, name: t.name, subject: t.subject, updatedAt: t.updatedAt.toISOString(), campaigns: t._count.campaigns }));
}

/** A template to edit ("new": the demo template as a start) and the segments a preview can be for. */
export async function loadTemplateEditor(db: Db, domain: string, templateId: string) {
  const shop = await requireShopRow(db, domain);
  const template = templateId === "new"
    ? { id: null, name: "", ...DEMO_TEMPLATE }
    : await db.emailTemplate.findFirst({ where: { id: templateId, shopId: shop.id } }).then((t) => invariantFound(t, "Template"));
  const run = await latestRun(db, shop.id);
  const segments = run ? (await segmentsOfRun(db, run.id)).map((s) => ({ id: s.id, name: s.name, level: s.level, size: s.size })) : [];
  return { template: { id: template.id, name: template.name, subject: template.subject, mjml: template.mjml }, segments };
}

export type PreviewResult =
  | { ok: true; subject: string; html: string; text: string; products: number; recipient: string }
  | { ok: false; problems: TemplateProblem[] };

export interface PreviewRequest extends TemplateSource {
  segmentId?: string;
  /** Customer.externalId (the platform's id) or Customer.id. */
  customer?: string;
}

/** The email a draft gives one segment (or one customer, with their name), as `pearl render` prints it. */
export async function previewTemplate(db: Db, domain: string, request: PreviewRequest): Promise<PreviewResult> {
  const shop = await requireShopRow(db, domain);
  const compiled = await compileTemplate({ subject: request.subject, mjml: request.mjml });
  if (!compiled.ok) return compiled;
  const run = await latestRun(db, shop.id);
  if (!run) return { ok: false, problems: [{ line: 1, message: "no analysis yet: the preview needs a segment's products (run pearl analyze)" }] };
  let segmentId = request.segmentId;
  let person = { firstName: null as string | null, lastName: null as string | null, email: null as string | null, city: null as string | null, country: null as string | null };
  let recipient = "";
  if (request.customer) {
    const customer = await db.customer.findFirst({ where: { shopId: shop.id, OR: [{ externalId: request.customer }, { id: request.customer }] } });
    const score = customer ? await db.customerScore.findUnique({ where: { runId_customerId: { runId: run.id, customerId: customer.id } } }) : null;
    if (!customer || !score) return { ok: false, problems: [{ line: 1, message: `no customer ${request.customer} in the latest analysis` }] };
    segmentId = score.segmentId;
    person = customer;
    recipient = [customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.externalId;
  }
  const snapshot = segmentId ? await db.segmentSnapshot.findUnique({ where: { runId_segmentId: { runId: run.id, segmentId } }, include: { segment: true } }) : null;
  if (!snapshot || snapshot.segment.shopId !== shop.id) return { ok: false, problems: [{ line: 1, message: "choose a segment of the latest analysis" }] };
  const feed = await storedSegmentFeeds(db)(shop.id, snapshot.segmentId, run.id);
  const email = renderSegmentEmail(compiled.template, feed, { storefrontUrl: storefrontUrlOf(shop.domain), campaign: "preview", segmentId: snapshot.segmentId, currency: shop.currency });
  const message = personalize(email, { ...person, token: "preview" }, shop.name ?? shop.domain);
  return { ok: true, ...message, products: email.products.length, recipient: recipient || `a customer of ${snapshot.segment.name}` };
}

export type SaveResult = { ok: true; templateId: string } | { ok: false; problems: TemplateProblem[] };

export async function saveShopTemplate(db: Db, domain: string, input: { id: string | null; name: string; subject: string; mjml: string }): Promise<SaveResult> {
  const shop = await requireShopRow(db, domain);
  const name = input.name.trim();
  if (!name) return { ok: false, problems: [{ line: 1, message: "give the template a name" }] };
  if (input.id) {
    // Renaming keeps the row: update in place once it compiles.
    const existing = invariantFound(await db.emailTemplate.findFirst({ where: { id: input.id, shopId: shop.id } }), "Template");
    const compiled = await compileTemplate({ subject: input.subject, mjml: input.mjml });
    if (!compiled.ok) return compiled;
    const clash = await db.emailTemplate.findFirst({ where: { shopId: shop.id, name, NOT: { id: existing.id } } });
    if (clash) return { ok: false, problems: [{ line: 1, message: `another template is called ${name}` }] };
    await db.emailTemplate.update({ where: { id: existing.id }, data: { name, subject: input.subject, mjml: input.mjml } });
    return { ok: true, templateId: existing.id };
  }
  if (await db.emailTemplate.findFirst({ where: { shopId: shop.id, name } })) return { ok: false, problems: [{ line: 1, message: `another template is called ${name}` }] };
  return saveTemplate(db, shop.id, name, { subject: input.subject, mjml: input.mjml });
}
