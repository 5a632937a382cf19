// Lifecycle programs in the admin: the list with what their sends became,
// adding one of the eight kinds, and a program's settings (template, rule,
// timing, enabled, holdout, priority) saved only when they parse, all
// through app/programs and scoped to the authenticated shop.

import { decisionsByProgram } from "../bandit/decisionLog.ts";
import type { Db } from "../db.server.ts";
import { compiledTemplate } from "../activation/templates.ts";
import { parseContactPolicy } from "../programs/contactPolicy.ts";
import { productsByExternalId, programEmail } from "../programs/programEmail.ts";
import { isProgramKind, PROGRAM_KIND_NAMES, programKind } from "../programs/programKinds.ts";
import { loadProgramLift } from "../programs/programLift.ts";
import { createProgram, listPrograms, sendCounts, updateProgram, type ProgramChanges } from "../programs/programs.ts";
import { invariantFound, requireShopRow } from "./shop.server.ts";

export const PROGRAM_KIND_OPTIONS = PROGRAM_KIND_NAMES.map((kind) => ({ value: kind, label: programKind(kind).label, description: programKind(kind).description }));

export async function listShopPrograms(db: Db, domain: string) {
  const shop = await requireShopRow(db, domain);
  const policy = parseContactPolicy(shop.contactPolicy);
  const [programs, mailServer, decisions] = await Promise.all([
    listPrograms(db, shop.id),
    db.mailServer.findUnique({ where: { shopId: shop.id }, select: { host: true } }),
    decisionsByProgram(db, shop.id),
  ]);
  return {
    programs: programs.map((p) => ({ ...p, label: programKind(p.kind).label, decisions: decisions.get(p.id) ?? { chosen: 0, resolved: 0, rewarded: 0 } })),
    kinds: PROGRAM_KIND_OPTIONS,
    policy: policy.ok ? policy.value : null,
    timezone: shop.timezone,
    hasMailServer: !!mailServer,
  };
}

export async function addShopProgram(db: Db, domain: string, kind: string) {
  const shop = await requireShopRow(db, domain);
  if (!isProgramKind(kind)) return { ok: false as const, error: `Unknown program kind "${kind}".` };
  const taken = new Set((await db.program.findMany({ where: { shopId: shop.id, kind }, select: { name: true } })).map((p) => p.name));
  // A second program of a kind gets a numbered name rather than an error.
  let name = programKind(kind).label;
  for (let n = 2; taken.has(name); n++) name = `${programKind(kind).label} ${n}`;
  return createProgram(db, shop.id, { kind, name });
}

/** The shop's contact policy from the Programs page's form; stored only when it parses. */
export async function saveShopContactPolicy(db: Db, domain: string, form: FormData) {
  const shop = await requireShopRow(db, domain);
  const json = JSON.stringify({ maxPerWeek: Number(form.get("maxPerWeek")), quietStart: String(form.get("quietStart") ?? "").trim(), quietEnd: String(form.get("quietEnd") ?? "").trim(), choice: String(form.get("choice") ?? "bandit") });
  const parsed = parseContactPolicy(json);
  if (!parsed.ok) return { ok: false as const, error: parsed.error };
  await db.shop.update({ where: { id: shop.id }, data: { contactPolicy: JSON.stringify(parsed.value) } });
  return { ok: true as const, policy: parsed.value };
}

async function requireProgram(db: Db, domain: string, programId: string) {
  const shop = await requireShopRow(db, domain);
  return { shop, program: invariantFound(await db.program.findFirst({ where: { id: programId, shopId: shop.id }, include: { template: { select: { id: true, name: true, subject: true } } } }), "Program") };
}

const pretty = (json: string | null, fallback: unknown) => JSON.stringify(json ? JSON.parse(json) : fallback, null, 2);

export async function loadProgramPage(db: Db, domain: string, programId: string) {
  const { shop, program } = await requireProgram(db, domain, programId);
  const kind = programKind(program.kind);
  const [templates, counts, recent, lift] = await Promise.all([
    db.emailTemplate.findMany({ where: { shopId: shop.id }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    sendCounts(db, [program.id]),
    db.programSend.findMany({ where: { programId: program.id }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 25, include: { customer: { select: { email: true, externalId: true } } } }),
    loadProgramLift(db, program.id, new Date()),
  ]);
  return {
    lift,
    currency: shop.currency,
    preview: await previewLatestSend(db, shop, program),
    program: {
      id: program.id, kind: program.kind, label: kind.label, description: kind.description, name: program.name, enabled: program.enabled,
      priority: program.priority, holdoutShare: program.holdoutShare, template: program.template,
      rule: pretty(program.rule, kind.defaultRule), timing: pretty(program.timing, kind.defaultTiming),
      defaultRule: JSON.stringify(kind.defaultRule), defaultTiming: JSON.stringify(kind.defaultTiming),
      lastEvaluatedAt: program.lastEvaluatedAt?.toISOString() ?? null,
    },
    timezone: shop.timezone,
    templates,
    counts: counts.get(program.id)!,
    recent: recent.map((s) => ({
      id: s.id, customer: s.customer.email ?? s.customer.externalId, triggerKey: s.triggerKey, status: s.status,
      dueAt: s.dueAt.toISOString(), sentAt: s.sentAt?.toISOString() ?? null, note: s.error,
      items: (JSON.parse(s.items) as { title: string }[]).map((i) => i.title),
    })),
  };
}

/** The program's email as its latest addressed customer gets it with the current template (null before any trigger). */
async function previewLatestSend(db: Db, shop: { id: string; domain: string; name: string | null; currency: string }, program: { id: string; kind: string; templateId: string }) {
  const send = await db.programSend.findFirst({
    where: { programId: program.id, status: { not: "skipped" } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    include: { customer: { select: { email: true, firstName: true, lastName: true, city: true, country: true, externalId: true } } },
  });
  if (!send) return null;
  const items = (JSON.parse(send.items) as { productId: string | null }[]).map((i) => i.productId).filter((id): id is string => !!id);
  const email = programEmail(await compiledTemplate(db, program.templateId), { ...send, program }, await productsByExternalId(db, shop.id, items), shop);
  return { customer: send.customer.email ?? send.customer.externalId, triggerKey: send.triggerKey, subject: email.subject, html: email.html };
}

/** The settings form's fields checked; expected mistakes come back as messages. */
export function parseProgramForm(form: FormData): { ok: true; changes: ProgramChanges } | { ok: false; error: string } {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const holdoutPercent = Number(text("holdoutPercent"));
  const priority = Number(text("priority"));
  if (!text("name")) return { ok: false, error: "Give the program a name." };
  if (!text("templateId")) return { ok: false, error: "Choose a template." };
  if (!(holdoutPercent >= 0 && holdoutPercent <= 50)) return { ok: false, error: "The holdout must be from 0% to 50%." };
  if (!Number.isInteger(priority)) return { ok: false, error: "The priority must be a whole number." };
  return {
    ok: true,
    changes: { name: text("name"), templateId: text("templateId"), rule: text("rule") || null, timing: text("timing") || null, holdoutShare: holdoutPercent / 100, priority, enabled: form.has("enabled") },
  };
}

export async function saveShopProgram(db: Db, domain: string, programId: string, form: FormData) {
  const { shop, program } = await requireProgram(db, domain, programId);
  const parsed = parseProgramForm(form);
  if (!parsed.ok) return parsed;
  const saved = await updateProgram(db, shop.id, program.id, parsed.changes);
  return saved.ok ? { ok: true as const } : { ok: false as const, error: saved.error };
}
