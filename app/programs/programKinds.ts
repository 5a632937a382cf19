// The eight lifecycle programs and the parsing of their stored settings
// (Program.rule and Program.timing: JSON merged over the kind's defaults).

import { parseOver, type Parsed } from "./contactPolicy.ts";
import { abandonedCart, abandonedCheckout } from "./kinds/abandonedBasket.ts";
import { crossSell } from "./kinds/crossSell.ts";
import { firstToRepeat } from "./kinds/firstToRepeat.ts";
import { onTheBrink } from "./kinds/onTheBrink.ts";
import { postPurchase } from "./kinds/postPurchase.ts";
import { replenishment } from "./kinds/replenishment.ts";
import { winBack } from "./kinds/winBack.ts";
import { timingSchema } from "./timing.ts";
import type { ProgramConfig, ProgramKind } from "./trigger.ts";

export const PROGRAM_KINDS = {
  post_purchase: postPurchase,
  first_to_repeat: firstToRepeat,
  cross_sell: crossSell,
  replenishment,
  on_the_brink: onTheBrink,
  win_back: winBack,
  abandoned_cart: abandonedCart,
  abandoned_checkout: abandonedCheckout,
} as const;

export type ProgramKindName = keyof typeof PROGRAM_KINDS;
export const PROGRAM_KIND_NAMES = Object.keys(PROGRAM_KINDS) as ProgramKindName[];

/** Any kind, with its rule type forgotten: rules are only ever handed back to their own kind. */
export type AnyProgramKind = ProgramKind<{ withinDays: number }>;

export function isProgramKind(kind: string): kind is ProgramKindName {
  return Object.hasOwn(PROGRAM_KINDS, kind);
}

export function programKind(kind: string): AnyProgramKind {
  if (!isProgramKind(kind)) throw new Error(`unknown program kind ${kind}; known: ${PROGRAM_KIND_NAMES.join(", ")}`);
  return PROGRAM_KINDS[kind] as unknown as AnyProgramKind;
}

/** A program's rule and timing from their stored JSON (null: the kind's defaults); mistakes named. */
export function parseProgramConfig(kind: string, rule: string | null, timing: string | null): Parsed<ProgramConfig<{ withinDays: number }>> {
  if (!isProgramKind(kind)) return { ok: false, error: `unknown program kind "${kind}"; known: ${PROGRAM_KIND_NAMES.join(", ")}` };
  const k = programKind(kind);
  const r = parseOver(k.defaultRule, k.ruleSchema, rule, `${kind} rule`);
  if (!r.ok) return r;
  const t = parseOver(k.defaultTiming, timingSchema, timing, `${kind} timing`);
  if (!t.ok) return t;
  return { ok: true, value: { rule: r.value, timing: t.value } };
}
