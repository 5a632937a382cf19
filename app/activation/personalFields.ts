// Personal fields a template may use, written Liquid-style:
// {{first_name}} or {{ first_name | default: "there" }}.

import { fieldSlot } from "./slots.ts";
import type { TemplateProblem } from "./templateProblem.ts";

export const PERSONAL_FIELDS = ["first_name", "last_name", "full_name", "email", "city", "country", "shop_name"] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** What a recipient brings to the merge. */
export interface Recipient {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  city: string | null;
  country: string | null;
  /** Tracking token carried by the recipient's links (trackingToken.ts). */
  token: string;
}

export interface FieldUse {
  name: PersonalField;
  fallback: string;
}

const PLACEHOLDER = /\{\{([^{}\n]*)\}\}/g;
const FIELD = /^\s*([a-z_]+)\s*(?:\|\s*default:\s*"([^"]*)"\s*)?$/;

/**
 * Replaces each {{...}} with a field slot and returns the table of fields used.
 * Unknown names, malformed placeholders and stray braces are problems with their line.
 */
export function extractPersonalFields(source: string): { source: string; fields: FieldUse[]; problems: TemplateProblem[] } {
  const fields: FieldUse[] = [];
  const problems: TemplateProblem[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  const replaced = source.replace(PLACEHOLDER, (whole, inner: string, offset: number) => {
    const m = FIELD.exec(inner);
    if (!m) {
      problems.push({ line: lineOf(offset), message: `${whole} is not a placeholder: write {{field}} or {{field | default: "text"}}` });
      return whole;
    }
    if (!(PERSONAL_FIELDS as readonly string[]).includes(m[1])) {
      problems.push({ line: lineOf(offset), message: `unknown field {{${m[1]}}}; known: ${PERSONAL_FIELDS.join(", ")}` });
      return whole;
    }
    const use: FieldUse = { name: m[1] as PersonalField, fallback: m[2] ?? "" };
    let index = fields.findIndex((f) => f.name === use.name && f.fallback === use.fallback);
    if (index < 0) index = fields.push(use) - 1;
    return fieldSlot(index);
  });
  for (const m of replaced.matchAll(/\{\{|\}\}/g)) {
    problems.push({ line: lineOf(m.index), message: `unmatched "${m[0]}"` });
  }
  return { source: replaced, fields, problems };
}

/** The value of a personal field for a recipient (unescaped). */
export function fieldValue(field: FieldUse, recipient: Recipient, shopName: string): string {
  const value = (() => {
    switch (field.name) {
      case "first_name": return recipient.firstName;
      case "last_name": return recipient.lastName;
      case "full_name": return [recipient.firstName, recipient.lastName].filter(Boolean).join(" ");
      case "email": return recipient.email;
      case "city": return recipient.city;
      case "country": return recipient.country;
      case "shop_name": return shopName;
    }
  })();
  return value?.trim() ? value.trim() : field.fallback;
}
