import type { Json } from "../ingest/shopify/fields.ts";

// Reads the JSONL file of a Shopify bulk query without holding it: one line
// is one object; objects of nested connections (a product's variants, an
// order's line items) are lines of their own that name their parent in
// __parentId and come right after it (the query asks for groupObjects).
// Top-level objects are handed on with their children once the next
// top-level line (or the end) shows they are complete.

export interface JsonlPosition {
  /** Bytes of the file already consumed: always a line boundary. */
  offset: number;
  /** Lines before `offset`. */
  line: number;
}

export interface BulkObject {
  node: Json;
  /** Descendant lines in file order (children, and their children), each with its __parentId. */
  children: Json[];
  /** Where the file stands after this object: resume here and the next object is the first read. */
  end: JsonlPosition;
}

export class JsonlError extends Error {}

const NEWLINE = 0x0a;

/**
 * Objects of a bulk result, from a byte stream that starts at `start.offset`
 * of the file. A child whose parent is not the object being assembled (the
 * file was cut, or it is not grouped) is counted in `orphans`, not guessed at.
 */
export async function* bulkObjects(
  chunks: AsyncIterable<Uint8Array>,
  start: JsonlPosition = { offset: 0, line: 0 },
  stats: { orphans: number } = { orphans: 0 },
): AsyncGenerator<BulkObject> {
  let offset = start.offset;
  let line = start.line;
  let carry: Buffer | null = null;
  let current: { node: Json; children: Json[]; ids: Set<string> } | null = null;

  const take = (text: string, lineStart: number): BulkObject | null => {
    line++;
    if (text.trim() === "") return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new JsonlError(`line ${line} (byte ${lineStart}) is not JSON`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new JsonlError(`line ${line} is not a JSON object`);
    const obj = value as Json;
    const parentId = typeof obj.__parentId === "string" ? obj.__parentId : null;
    if (parentId !== null) {
      if (current && current.ids.has(parentId)) {
        current.children.push(obj);
        if (typeof obj.id === "string") current.ids.add(obj.id);
      } else stats.orphans++;
      return null;
    }
    const done: BulkObject | null = current ? { node: current.node, children: current.children, end: { offset: lineStart, line: line - 1 } } : null;
    current = { node: obj, children: [], ids: new Set(typeof obj.id === "string" ? [obj.id] : []) };
    return done;
  };

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let nl = buf.indexOf(NEWLINE, from); nl !== -1; nl = buf.indexOf(NEWLINE, from)) {
      let text: string;
      let lineStart: number;
      if (carry) {
        text = Buffer.concat([carry, buf.subarray(from, nl)]).toString("utf8");
        lineStart = offset - carry.length;
        carry = null;
      } else {
        text = buf.toString("utf8", from, nl);
        lineStart = offset;
      }
      offset += nl - from + 1;
      from = nl + 1;
      const done = take(text, lineStart);
      if (done) yield done;
    }
    if (from < buf.length) {
      const rest = buf.subarray(from);
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      offset += rest.length;
    }
  }
  if (carry && carry.length > 0) {
    const lineStart = offset - carry.length;
    const done = take(carry.toString("utf8"), lineStart);
    if (done) yield done;
  }
  if (current) {
    const last: { node: Json; children: Json[] } = current;
    yield { node: last.node, children: last.children, end: { offset, line } };
  }
}
