// MJML's parser (htmlparser2) forgives what XML does not: a missing closing
// tag silently swallows the rest of the template. This pass finds such
// mistakes first and says where they are. Inside elements whose content is
// HTML (mj-text, mj-button, mj-raw, ...) the content is not checked as XML:
// <br> is fine there.

import type { TemplateProblem } from "./templateProblem.ts";

const NAME = /^[A-Za-z_][\w.:-]*/;

/** Problems with the XML structure of an MJML source; empty when it is well formed. */
export function checkMjmlSyntax(source: string, htmlContentTags: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const problem = (offset: number, message: string, tag?: string) => problems.push({ ...at(offset), tag, message });

  const stack: { name: string; offset: number }[] = [];
  let roots = 0;
  // After a mistake that hides the rest of the source, unclosed parents say nothing new.
  let fatal = false;
  let i = 0;
  while (i < source.length && problems.length < 20) {
    const lt = source.indexOf("<", i);
    if (lt < 0) break;
    if (stack.length === 0 && source.slice(i, lt).trim() !== "") problem(i, "text outside the <mjml> element");
    if (source.startsWith("<!--", lt)) {
      const end = source.indexOf("-->", lt + 4);
      if (end < 0) { problem(lt, "comment is never closed (-->)"); fatal = true; break; }
      i = end + 3;
      continue;
    }
    if (source.startsWith("<![CDATA[", lt)) {
      const end = source.indexOf("]]>", lt);
      if (end < 0) { problem(lt, "CDATA section is never closed (]]>)"); fatal = true; break; }
      i = end + 3;
      continue;
    }
    if (source.startsWith("<?", lt)) {
      const end = source.indexOf("?>", lt);
      if (end < 0) { problem(lt, "processing instruction is never closed (?>)"); fatal = true; break; }
      i = end + 2;
      continue;
    }
    if (source[lt + 1] === "/") {
      const name = NAME.exec(source.slice(lt + 2))?.[0];
      const gt = source.indexOf(">", lt);
      if (!name || gt < 0) { problem(lt, "malformed closing tag"); i = lt + 2; continue; }
      const open = stack.pop();
      if (!open) problem(lt, `</${name}> closes nothing`, name);
      else if (open.name !== name) {
        problem(lt, `</${name}> found where </${open.name}> (opened on line ${at(open.offset).line}) was expected`, name);
        // Recover: if the name is further down the stack, close up to it.
        const k = stack.map((s) => s.name).lastIndexOf(name);
        if (k >= 0) stack.length = k;
        else stack.push(open);
      }
      i = gt + 1;
      continue;
    }
    const name = NAME.exec(source.slice(lt + 1))?.[0];
    if (!name) { problem(lt, `"<" that starts no tag (write &lt; in text)`); i = lt + 1; continue; }
    const tag = readAttributes(source, lt + 1 + name.length);
    for (const p of tag.problems) problem(p.offset, p.message, name);
    if (tag.end < 0) { problem(lt, `<${name}> is never closed with ">"`, name); fatal = true; break; }
    if (stack.length === 0) {
      roots++;
      if (name !== "mjml") problem(lt, `the template must start with <mjml>, not <${name}>`, name);
      else if (roots > 1) problem(lt, "a second <mjml> element", name);
    }
    i = tag.end;
    if (tag.selfClosing) continue;
    if (htmlContentTags.has(name)) {
      const close = source.indexOf(`</${name}>`, i);
      const nested = source.indexOf(`<${name}`, i);
      if (close < 0 || (nested >= 0 && nested < close && /[\s>/]/.test(source[nested + name.length + 1] ?? ""))) {
        problem(lt, `<${name}> is never closed (</${name}> expected before the next <${name}>)`, name);
        if (close < 0) { fatal = true; break; }
      }
      i = close + name.length + 3;
      continue;
    }
    stack.push({ name, offset: lt });
  }
  if (!fatal) for (const open of stack.reverse()) problem(open.offset, `<${open.name}> is never closed`, open.name);
  if (roots === 0 && problems.length === 0) problems.push({ line: 1, message: "no <mjml> element" });
  return problems;
}

function readAttributes(source: string, from: number) {
  const problems: { offset: number; message: string }[] = [];
  const seen = new Set<string>();
  let i = from;
  for (;;) {
    while (i < source.length && /\s/.test(source[i])) i++;
    if (i >= source.length) return { end: -1, selfClosing: false, problems };
    if (source[i] === ">") return { end: i + 1, selfClosing: false, problems };
    if (source.startsWith("/>", i)) return { end: i + 2, selfClosing: true, problems };
    const name = NAME.exec(source.slice(i))?.[0];
    if (!name) {
      problems.push({ offset: i, message: `unexpected "${source[i]}" in a tag` });
      if (source[i] === "<") return { end: -1, selfClosing: false, problems };
      i++;
      continue;
    }
    if (seen.has(name)) problems.push({ offset: i, message: `attribute ${name} given twice` });
    seen.add(name);
    i += name.length;
    while (/\s/.test(source[i] ?? "")) i++;
    if (source[i] !== "=") { problems.push({ offset: i, message: `attribute ${name} has no value (write ${name}="...")` }); continue; }
    i++;
    while (/\s/.test(source[i] ?? "")) i++;
    const quote = source[i];
    if (quote !== '"' && quote !== "'") {
      problems.push({ offset: i, message: `the value of ${name} must be quoted` });
      while (i < source.length && !/[\s>]/.test(source[i]) && !source.startsWith("/>", i)) i++;
      continue;
    }
    const end = source.indexOf(quote, i + 1);
    if (end < 0) return { end: -1, selfClosing: false, problems: [...problems, { offset: i, message: `the value of ${name} is never closed` }] };
    i = end + 1;
  }
}
