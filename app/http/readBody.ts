// Reads a request body without ever holding more than maxBytes: the webhook
// and pixel endpoints call this first, so an oversized body is refused while
// streaming, not after it has been buffered.
import { decodeUtf8 } from "../db/jsonObject.mjs";

export type ReadBytesResult = { ok: true; bytes: Uint8Array } | { ok: false; status: 413; error: string };
export type ReadBodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; error: string };

const tooLarge = (maxBytes: number) => ({ ok: false, status: 413, error: `body larger than ${maxBytes} bytes` }) as const;

function declaredTooLarge(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes;
}

/**
 * Chunks up to maxBytes, joined into a Uint8Array that owns its ArrayBuffer
 * (not a slice of Node's shared pool), so it can be transferred to the
 * SQLite writer thread without a copy.
 */
async function collect(chunks: AsyncIterable<Uint8Array>, maxBytes: number, cancel: () => Promise<unknown>): Promise<ReadBytesResult> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    parts.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { ok: true, bytes };
}

/** A body read as bytes, as UTF-8 text. */
export function bodyText(body: ReadBytesResult): ReadBodyResult {
  if (!body.ok) return body;
  const text = decodeUtf8(body.bytes);
  return text === null ? { ok: false, status: 400, error: "body is not UTF-8" } : { ok: true, text };
}

export async function readBodyBytes(request: Request, maxBytes: number): Promise<ReadBytesResult> {
  if (declaredTooLarge(request.headers.get("content-length"), maxBytes)) return tooLarge(maxBytes);
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
  return collect(chunks, maxBytes, () => reader.cancel());
}

/** The body as UTF-8 text, decoded strictly (a BOM is dropped, invalid UTF-8 is a 400). */
export async function readBodyText(request: Request, maxBytes: number): Promise<ReadBodyResult> {
  return bodyText(await readBodyBytes(request, maxBytes));
}

/** The same for a Node request (the server's fast path, which skips building a Fetch Request). */
export async function readNodeBodyBytes(
  req: AsyncIterable<Uint8Array> & { headers: Record<string, string | string[] | undefined>; resume(): unknown },
  maxBytes: number,
): Promise<ReadBytesResult> {
  const length = req.headers["content-length"];
  if (declaredTooLarge(typeof length === "string" ? length : undefined, maxBytes)) {
    req.resume(); // drain without keeping it, so the connection can answer
    return tooLarge(maxBytes);
  }
  return collect(req, maxBytes, async () => req.resume());
}
