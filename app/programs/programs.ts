// A shop's programs as the CLI and the admin manage them: created with the
// kind's defaults (and its starting template), edited only into settings
// that parse, listed with what their sends became.

import type { Db } from "../db.server.ts";
import { DEFAULT_HOLDOUT_SHARE } from "../activation/holdout.ts";
import { saveTemplate } from "../activation/templates.ts";
import type { Parsed } from "./contactPolicy.ts";
import { DEFAULT_PROGRAM_TEMPLATES } from "./defaultTemplates.ts";
import { isProgramKind, parseProgramConfig, PROGRAM_KIND_NAMES, programKind } from "./programKinds.ts";

export const SEND_STATUSES = ["pending", "sent", "failed", "held", "capped", "deferred", "skipped"] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export interface ProgramInput {
  kind: string;
  name?: string;
  /** An existing template of the shop; default: the kind's starting template. */
  templateId?: string;
  rule?: string | null;
  timing?: string | null;
  holdoutShare?: number;
  priority?: number;
  enabled?: boolean;
}

export async function createProgram(db: Db, shopId: string, input: ProgramInput): Promise<Parsed<{ programId: string }>> {
  if (!isProgramKind(input.kind)) return { ok: false, error: `unknown program kind "${input.kind}"; known: ${PROGRAM_KIND_NAMES.join(", ")}` };
  const checked = checkSettings(input);
  if (!checked.ok) return checked;
  const name = input.name?.trim() || programKind(input.kind).label;
  if (await db.program.findFirst({ where: { shopId, kind: input.kind, name } })) return { ok: false, error: `a ${input.kind} program named "${name}" exists already` };
  let templateId = input.templateId;
  if (templateId) {
    if (!(await db.emailTemplate.findFirst({ where: { id: templateId, shopId } }))) return { ok: false, error: `no template ${templateId} in this shop` };
  } else {
    const saved = await saveTemplate(db, shopId, `program ${input.kind}: ${name}`, DEFAULT_PROGRAM_TEMPLATES[input.kind]);
    if (!saved.ok) throw new Error(`the starting template of ${input.kind} does not compile: ${saved.problems[0].message}`);
    templateId = saved.templateId;
  }
  const row = await db.program.create({
    data: {
      shopId, kind: input.kind, name, templateId, enabled: input.enabled ?? false,
      rule: input.rule ?? null, timing: input.timing ?? null,
      holdoutShare: input.holdoutShare ?? DEFAULT_HOLDOUT_SHARE, priority: input.priority ?? 100 + PROGRAM_KIND_NAMES.indexOf(input.kind) * 10,
    },
  });
  return { ok: true, value: { programId: row.id } };
}

export type ProgramChanges = Omit<ProgramInput, "kind">;

export async function updateProgram(db: Db, shopId: string, programId: string, changes: ProgramChanges): Promise<Parsed<{ programId: string }>> {
  const program = await db.program.findFirst({ where: { id: programId, shopId } });
  if (!program) return { ok: false, error: `no program ${programId} in this shop` };
  const merged = { kind: program.kind, rule: changes.rule === undefined ? program.rule : changes.rule, timing: changes.timing === undefined ? program.timing : changes.timing, holdoutShare: changes.holdoutShare, priority: changes.priority };
  const checked = checkSettings(merged);
  if (!checked.ok) return checked;
  if (changes.templateId !== undefined && !(await db.emailTemplate.findFirst({ where: { id: changes.templateId, shopId } }))) return { ok: false, error: `no template ${changes.templateId} in this shop` };
  await db.program.update({
    where: { id: program.id },
    data: {
      rule: merged.rule ?? null, timing: merged.timing ?? null,
      ...(changes.name?.trim() ? { name: changes.name.trim() } : {}),
      ...(changes.holdoutShare !== undefined ? { holdoutShare: changes.holdoutShare } : {}),
      ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
      ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
      ...(changes.templateId !== undefined ? { templateId: changes.templateId } : {}),
    },
  });
  return { ok: true, value: { programId: program.id } };
}

function checkSettings(input: ProgramInput): Parsed<null> {
  const config = parseProgramConfig(input.kind, input.rule ?? null, input.timing ?? null);
  if (!config.ok) return config;
  if (input.holdoutShare !== undefined && !(input.holdoutShare >= 0 && input.holdoutShare <= 0.5)) return { ok: false, error: `holdout share must be from 0 to 0.5, got ${input.holdoutShare}` };
  if (input.priority !== undefined && !(Number.isInteger(input.priority) && input.priority >= 0 && input.priority <= 10_000)) return { ok: false, error: `priority must be a whole number from 0 to 10000, got ${input.priority}` };
  return { ok: true, value: null };
}

export type SendCounts = Record<SendStatus, number> & { eligible: number };

/** Per program, how many of its sends are in each status; eligible counts every trigger it found. */
export async function sendCounts(db: Db, programIds: string[]): Promise<Map<string, SendCounts>> {
  const out = new Map<string, SendCounts>();
  for (const id of programIds) out.set(id, { eligible: 0, pending: 0, sent: 0, failed: 0, held: 0, capped: 0, deferred: 0, skipped: 0 });
  if (!programIds.length) return out;
  const groups = await db.programSend.groupBy({ by: ["programId", "status"], where: { programId: { in: programIds } }, _count: { _all: true } });
  for (const g of groups) {
    const c = out.get(g.programId)!;
    if ((SEND_STATUSES as readonly string[]).includes(g.status)) c[g.status as SendStatus] += g._count._all;
    c.eligible += g._count._all;
  }
  return out;
}

export async function listPrograms(db: Db, shopId: string) {
  const rows = await db.program.findMany({ where: { shopId }, orderBy: [{ priority: "asc" }, { createdAt: "asc" }], include: { template: { select: { id: true, name: true, subject: true } } } });
  const counts = await sendCounts(db, rows.map((r) => r.id));
  return rows.map((p) => ({
    id: p.id, kind: p.kind, name: p.name, enabled: p.enabled, priority: p.priority, holdoutShare: p.holdoutShare,
    template: p.template, lastEvaluatedAt: p.lastEvaluatedAt?.toISOString() ?? null, counts: counts.get(p.id)!,
  }));
}
