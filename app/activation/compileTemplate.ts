// A merchant's MJML template compiled once into a layout with slots:
// personal fields and product cards are left as markers (slots.ts) that the
// per-segment fill and the per-recipient merge replace. MJML runs with
// validationLevel "strict" here, and every mistake comes back with its line.

import { convert } from "html-to-text";
import { components } from "mjml-core";
import mjml2html from "mjml";
import { extractPersonalFields, type FieldUse } from "./personalFields.ts";
import { checkMjmlSyntax } from "./checkMjmlSyntax.ts";
import { MAX_FEED_COLUMNS, MAX_FEED_COUNT, PRODUCT_FEED_TAG } from "./productFeedComponent.ts";
import { containsReservedPrefix, splitMarkers, unwrapRegionComments, type MarkedText } from "./slots.ts";
import type { TemplateProblem } from "./templateProblem.ts";

export interface TemplateSource {
  subject: string;
  mjml: string;
}

export interface CompiledTemplate {
  subject: MarkedText;
  html: MarkedText;
  text: MarkedText;
  /** The personal fields the slots refer to (one table for subject, HTML and text). */
  fields: FieldUse[];
  /** <mjml lang="..."> or "en": the locale prices are written in. */
  locale: string;
  /** How many products the template shows at most (the feed length it needs). */
  cardsNeeded: number;
}

export type CompileResult = { ok: true; template: CompiledTemplate } | { ok: false; problems: TemplateProblem[] };

interface MjmlNode {
  tagName: string;
  attributes?: Record<string, string>;
  children?: MjmlNode[];
  line?: number;
}

/** Elements whose content is HTML, not MJML: their inside is not checked as XML. */
const htmlContentTags = () =>
  new Set(Object.entries(components).filter(([, c]) => (c as { endingTag?: boolean } | undefined)?.endingTag).map(([name]) => name));

export async function compileTemplate(source: TemplateSource): Promise<CompileResult> {
  if (containsReservedPrefix(source.mjml) || containsReservedPrefix(source.subject)) {
    return { ok: false, problems: [{ line: 1, message: "the words PEARLSLOT, PEARLOPEN and PEARLSHUT are reserved" }] };
  }
  const subject = extractPersonalFields(source.subject);
  const body = extractPersonalFields(source.mjml);
  const problems = [
    ...subject.problems.map((p) => ({ ...p, message: `subject: ${p.message}` })),
    ...body.problems,
    ...checkMjmlSyntax(body.source, htmlContentTags()),
  ];
  if (problems.length) return { ok: false, problems: sortProblems(problems) };

  let rendered: { html: string; json: MjmlNode };
  try {
    rendered = (await mjml2html(body.source, { validationLevel: "strict", keepComments: true, minify: false, beautify: false })) as unknown as { html: string; json: MjmlNode };
  } catch (error) {
    const errors = (error as { errors?: { line: number; tagName: string; message: string }[] }).errors;
    if (errors) return { ok: false, problems: sortProblems(errors.map((e) => ({ line: e.line, tag: e.tagName, message: e.message }))) };
    return { ok: false, problems: [{ line: 1, message: (error as Error).message }] };
  }
  const feeds = feedNodes(rendered.json);
  const feedProblems = feeds.flatMap(checkFeedAttributes);
  if (feedProblems.length) return { ok: false, problems: feedProblems };

  // Fields in the subject get their own table entries after the body's.
  const fields = [...body.fields];
  const subjectText = subject.source.replace(/PEARLSLOTfield(\d+)X/g, (_, n: string) => {
    const use = subject.fields[Number(n)];
    let index = fields.findIndex((f) => f.name === use.name && f.fallback === use.fallback);
    if (index < 0) index = fields.push(use) - 1;
    return `PEARLSLOTfield${index}X`;
  });

  return {
    ok: true,
    template: {
      subject: splitMarkers(subjectText),
      html: splitMarkers(rendered.html),
      text: splitMarkers(plainText(rendered.html)),
      fields,
      locale: rendered.json.attributes?.lang && rendered.json.attributes.lang !== "und" ? rendered.json.attributes.lang : "en",
      cardsNeeded: feeds.reduce((max, f) => Math.max(max, feedInt(f, "offset", 0) + feedInt(f, "count", 4)), 0),
    },
  };
}

/** The plain-text part: the email's words and links, images left out. */
function plainText(html: string): string {
  return convert(unwrapRegionComments(html), {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: ".pearl-card-image", format: "skip" },
      { selector: "div.pearl-panel", format: "skip" },
      // mj-preview: the inbox preview line is not part of the message.
      { selector: "div[style*='display:none']", format: "skip" },
      { selector: "a", options: { hideLinkHrefIfSameAsText: true, linkBrackets: ["(", ")"] } },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "table", format: "block" },
      { selector: "tr", format: "block" },
      { selector: "td", format: "block" },
    ],
  }).replace(/[ \t\u00a0]+$/gm, "").replace(/\n{3,}/g, "\n\n").trim() + "\n";
}

function feedNodes(node: MjmlNode): MjmlNode[] {
  const here = node.tagName === PRODUCT_FEED_TAG ? [node] : [];
  return [...here, ...(node.children ?? []).flatMap(feedNodes)];
}

const feedInt = (node: MjmlNode, name: string, fallback: number) => {
  const raw = node.attributes?.[name];
  return raw === undefined ? fallback : Number(raw);
};

function checkFeedAttributes(node: MjmlNode): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const check = (name: string, lo: number, hi: number, fallback: number) => {
    const value = feedInt(node, name, fallback);
    if (!Number.isInteger(value) || value < lo || value > hi) {
      problems.push({ line: node.line ?? 1, tag: PRODUCT_FEED_TAG, message: `${name}="${node.attributes?.[name]}" must be a whole number from ${lo} to ${hi}` });
    }
  };
  check("count", 1, MAX_FEED_COUNT, 4);
  check("columns", 1, MAX_FEED_COLUMNS, 2);
  check("offset", 0, 1000, 0);
  return problems;
}

const sortProblems = (problems: TemplateProblem[]) => [...problems].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
