import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatProblem } from "../../activation/templateProblem.ts";
import { saveTemplate } from "../../activation/templates.ts";
import { PROGRAM_KIND_NAMES } from "../../programs/programKinds.ts";
import { createProgram, listPrograms, updateProgram } from "../../programs/programs.ts";
import { runPrograms } from "../../programs/runPrograms.ts";
import { progressBar } from "../progress.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export const PROGRAM_ACTIONS = ["list", "create", "enable", "disable", "run"] as const;

export interface ProgramsOptions {
  shop: string;
  json?: boolean;
  now?: string;
  kind?: string;
  name?: string;
  template?: string;
  subject?: string;
  rule?: string;
  timing?: string;
  holdout?: string;
  priority?: string;
  enable?: boolean;
  program?: string;
  whenDue?: boolean;
}

/** `pearl programs list|create|enable|disable|run --shop D`: the shop's lifecycle programs. */
export async function programsCommand(action: string, o: ProgramsOptions): Promise<void> {
  if (!(PROGRAM_ACTIONS as readonly string[]).includes(action)) throw new CliError(`Unknown action ${action}: use ${PROGRAM_ACTIONS.join(", ")}.`);
  const now = o.now ? new Date(o.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new CliError(`--now: not a date and time: ${o.now} (write e.g. 2026-12-01T09:00:00Z)`);
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const db = store.db;
    if (action === "list") {
      const programs = await listPrograms(db, shop.id);
      if (o.json) console.log(JSON.stringify(programs));
      else if (!programs.length) console.log(`No programs in ${shop.domain}. Create one: pearl programs create --shop ${shop.domain} --kind ${PROGRAM_KIND_NAMES.join("|")}`);
      else console.table(programs.map((p) => ({ id: p.id, kind: p.kind, name: p.name, enabled: p.enabled, priority: p.priority, holdout: p.holdoutShare, ...p.counts })));
      return;
    }
    if (action === "create") {
      if (!o.kind) throw new CliError(`--kind is required: one of ${PROGRAM_KIND_NAMES.join(", ")}`);
      let templateId: string | undefined;
      if (o.template) {
        if (!existsSync(o.template)) throw new CliError(`No such file: ${o.template}`);
        if (!o.subject) throw new CliError("--subject is required with --template");
        const saved = await saveTemplate(db, shop.id, path.basename(o.template).replace(/\.mjml$/i, ""), { subject: o.subject, mjml: readFileSync(o.template, "utf8") });
        if (!saved.ok) throw new CliError(`${o.template} does not compile:\n${saved.problems.map((p) => `  ${o.template}:${formatProblem(p)}`).join("\n")}`);
        templateId = saved.templateId;
      }
      const created = await createProgram(db, shop.id, {
        kind: o.kind, name: o.name, templateId, rule: o.rule ?? null, timing: o.timing ?? null,
        holdoutShare: o.holdout === undefined ? undefined : Number(o.holdout), priority: o.priority === undefined ? undefined : Number(o.priority), enabled: !!o.enable,
      });
      if (!created.ok) throw new CliError(created.error);
      if (o.json) console.log(JSON.stringify(created.value));
      else console.log(`Program ${created.value.programId} (${o.kind}) created${o.enable ? " and enabled" : `; enable it: pearl programs enable --shop ${shop.domain} --program ${created.value.programId}`}.`);
      return;
    }
    if (action === "enable" || action === "disable") {
      if (!o.program) throw new CliError("--program is required (pearl programs list shows the ids)");
      const updated = await updateProgram(db, shop.id, o.program, { enabled: action === "enable" });
      if (!updated.ok) throw new CliError(updated.error);
      if (o.json) console.log(JSON.stringify({ programId: o.program, enabled: action === "enable" }));
      else console.log(`Program ${o.program} ${action}d.`);
      return;
    }
    const bar = o.whenDue ? null : progressBar("sending", 0, "emails");
    const totals = await runPrograms(db, shop.id, now, { evaluate: o.whenDue ? "when-due" : "always", onProgress: (done, total) => bar?.update(done, total) });
    bar?.stop();
    if (o.json) console.log(JSON.stringify(totals));
    else {
      const e = totals.evaluation;
      if (e) {
        console.log(`Evaluated ${e.programs.length} programs over ${e.customers} mailable customers: ${e.created} new sends.`);
        if (e.programs.length) console.table(e.programs.map((p) => ({ program: p.name, eligible: p.eligible, pending: p.pending, held: p.held, skipped: p.skipped })));
        for (const p of e.problems) console.log(`Program ${p.programId} left out: ${p.error}`);
      }
      const s = totals.sending;
      if (s.blocked) console.log(`Not sent: ${s.blocked}; ${s.due} sends wait.${s.blocked.startsWith("no mail server") ? ` Set one up: pearl mail-server --shop ${shop.domain} --host H --port P --from ADDR` : ""}`);
      else console.log(`Sending: ${s.due} due, ${s.sent} sent, ${s.failed} failed, ${s.deferred} deferred (quiet hours), ${s.capped} capped, ${s.resolved} dropped (ordered since).`);
    }
  } finally {
    await store.close();
  }
}
