// Streaming text input for file imports: a path or bytes in memory, gzip or
// not (detected by the magic bytes 1f 8b), read in large chunks and split into
// lines or CSV records without holding the whole file.

import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";

/** A file path, or the file's bytes (e.g. an upload held in memory). */
export type ImportSource = string | Uint8Array;

/** Progress of a read; the object is updated in place while reading. */
export interface ReadProgress {
  /** Bytes of the source consumed so far (compressed bytes for .gz files). */
  bytesRead: number;
  /** Size of the source in bytes (compressed size for .gz files). */
  totalBytes: number;
  /** Physical lines read so far, header included. */
  lines: number;
}

const CHUNK_BYTES = 1 << 20;

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decoded text chunks of a source; `progress.bytesRead` follows the raw bytes. */
export async function* readTextChunks(source: ImportSource, progress: ReadProgress): AsyncGenerator<string> {
  let raw: Readable;
  let gzip: boolean;
  if (typeof source === "string") {
    progress.totalBytes = (await stat(source)).size;
    gzip = isGzip(await readHead(source));
    raw = createReadStream(source, { highWaterMark: CHUNK_BYTES });
  } else {
    progress.totalBytes = source.byteLength;
    gzip = isGzip(source);
    const bytes = source;
    raw = Readable.from(
      (function* () {
        for (let start = 0; start < bytes.byteLength; start += CHUNK_BYTES) {
          yield Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(CHUNK_BYTES, bytes.byteLength - start));
        }
      })(),
      { objectMode: false },
    );
  }
  const counted = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      progress.bytesRead += chunk.length;
      yield chunk;
    }
  };
  let decoded: AsyncIterable<Buffer>;
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  if (gzip) {
    gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    // pipeline destroys every stage on error, so a corrupt file fails the loop below.
    pipeline(Readable.from(counted()), gunzip, () => {});
    decoded = gunzip;
  } else {
    decoded = counted();
  }
  const decoder = new TextDecoder("utf-8");
  let first = true;
  try {
    for await (const chunk of decoded) {
      let text = decoder.decode(chunk, { stream: true });
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    gunzip?.destroy();
    raw.destroy();
  }
}

/**
 * Lines of a source in batches (one batch per chunk read), without line
 * terminators ("\n" or "\r\n"). `progress.lines` counts lines as they are cut.
 */
export async function* readLineBatches(source: ImportSource, progress: ReadProgress): AsyncGenerator<string[]> {
  let carry = "";
  for await (const text of readTextChunks(source, progress)) {
    const buffer = carry + text;
    const lines: string[] = [];
    let start = 0;
    for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n", start)) {
      lines.push(buffer.charCodeAt(end - 1) === 13 ? buffer.slice(start, end - 1) : buffer.slice(start, end));
      start = end + 1;
    }
    carry = buffer.slice(start);
    progress.lines += lines.length;
    if (lines.length) yield lines;
  }
  if (carry) {
    progress.lines += 1;
    yield [carry.endsWith("\r") ? carry.slice(0, -1) : carry];
  }
}

function countQuotes(line: string): number {
  let count = 0;
  for (let at = line.indexOf('"'); at !== -1; at = line.indexOf('"', at + 1)) count++;
  return count;
}

/** Splits one CSV record (RFC 4180: quoted fields, doubled quotes, embedded commas and newlines). */
export function splitCsvRecord(record: string): string[] {
  if (record.indexOf('"') === -1) return record.split(",");
  const fields: string[] = [];
  let at = 0;
  const length = record.length;
  for (;;) {
    if (record.charCodeAt(at) === 34) {
      let value = "";
      let from = at + 1;
      for (;;) {
        const quote = record.indexOf('"', from);
        if (quote === -1) {
          value += record.slice(from);
          at = length;
          break;
        }
        value += record.slice(from, quote);
        if (record.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
      // Anything between the closing quote and the next comma is kept verbatim.
      const comma = record.indexOf(",", at);
      if (comma === -1) {
        fields.push(value + record.slice(at));
        return fields;
      }
      fields.push(value + record.slice(at, comma));
      at = comma + 1;
    } else {
      const comma = record.indexOf(",", at);
      if (comma === -1) {
        fields.push(record.slice(at));
        return fields;
      }
      fields.push(record.slice(at, comma));
      at = comma + 1;
    }
  }
}

/**
 * CSV records of a source in batches, header included, each with the
 * 1-based physical line number it starts on. Blank lines are skipped.
 */
export async function* readCsvBatches(
  source: ImportSource,
  progress: ReadProgress,
): AsyncGenerator<{ fields: string[]; line: number }[]> {
  let pending: string | null = null;
  let pendingLine = 0;
  let lineNumber = 0;
  for await (const lines of readLineBatches(source, progress)) {
    const records: { fields: string[]; line: number }[] = [];
    for (const line of lines) {
      lineNumber++;
      if (pending !== null) {
        pending += "\n" + line;
        if (countQuotes(pending) % 2 === 1) continue;
        records.push({ fields: splitCsvRecord(pending), line: pendingLine });
        pending = null;
        continue;
      }
      if (line.length === 0) continue;
      if (line.indexOf('"') !== -1 && countQuotes(line) % 2 === 1) {
        pending = line;
        pendingLine = lineNumber;
        continue;
      }
      records.push({ fields: line.indexOf('"') === -1 ? line.split(",") : splitCsvRecord(line), line: lineNumber });
    }
    if (records.length) yield records;
  }
  if (pending !== null) yield [{ fields: splitCsvRecord(pending), line: pendingLine }];
}

export function newReadProgress(): ReadProgress {
  return { bytesRead: 0, totalBytes: 0, lines: 0 };
}
