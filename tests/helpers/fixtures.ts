import { readFileSync } from "node:fs";
import path from "node:path";

const SHARED = path.resolve("..", "shared", "fixtures");

/** A Shopify sample payload from ../shared/fixtures/shopify, as raw text (ids beyond 2^53 intact). */
export function shopifyFixture(name: string): string {
  return readFileSync(path.join(SHARED, "shopify", `${name}.json`), "utf8");
}

/** Edits a payload's top-level fields without losing big ids elsewhere. */
export function withFields(raw: string, fields: Record<string, unknown>): string {
  let text = raw.trim().replace(/}\s*$/, "");
  for (const [key, value] of Object.entries(fields)) {
    const pattern = new RegExp(`\\n  "${key}": [^\\n]*?(,?)\\n`);
    const line = `\n  "${key}": ${JSON.stringify(value)}$1\n`;
    text = pattern.test(text) ? text.replace(pattern, line) : `${text},\n  "${key}": ${JSON.stringify(value)}\n`;
  }
  return `${text}}`;
}
