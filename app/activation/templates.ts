// A shop's email templates: saved only when they compile, so a campaign never
// meets a broken one; compiled layouts are cached per template version.

import type { Db } from "../db.server.ts";
import { compileTemplate, type CompiledTemplate, type TemplateSource } from "./compileTemplate.ts";
import type { TemplateProblem } from "./templateProblem.ts";

export type SaveTemplateResult = { ok: true; templateId: string } | { ok: false; problems: TemplateProblem[] };

export async function saveTemplate(db: Db, shopId: string, name: string, source: TemplateSource): Promise<SaveTemplateResult> {
  const compiled = await compileTemplate(source);
  if (!compiled.ok) return compiled;
  const row = await db.emailTemplate.upsert({
    where: { shopId_name: { shopId, name } },
    create: { shopId, name, subject: source.subject, mjml: source.mjml },
    update: { subject: source.subject, mjml: source.mjml },
  });
  cache.set(cacheKey(row), compiled.template);
  return { ok: true, templateId: row.id };
}

const cache = new Map<string, CompiledTemplate>();
const cacheKey = (row: { id: string; updatedAt: Date }) => `${row.id}@${row.updatedAt.getTime()}`;

/** The compiled layout of a stored template (compiled at most once per version in this process). */
export async function compiledTemplate(db: Db, templateId: string): Promise<CompiledTemplate> {
  const row = await db.emailTemplate.findUniqueOrThrow({ where: { id: templateId } });
  const key = cacheKey(row);
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = await compileTemplate(row);
  // Saved templates compiled when they were saved; failing now means MJML itself changed.
  if (!compiled.ok) throw new Error(`stored template ${row.name} no longer compiles: ${compiled.problems[0].message}`);
  if (cache.size > 200) cache.clear();
  cache.set(key, compiled.template);
  return compiled.template;
}
