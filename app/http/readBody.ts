// Reads a request body as UTF-8 text without ever holding more than maxBytes:
// the webhook and pixel endpoints call this first, so an oversized body is
// refused while streaming, not after it has been buffered.

export type ReadBodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; error: string };

const tooLarge = (maxBytes: number): ReadBodyResult => ({ ok: false, status: 413, error: `body larger than ${maxBytes} bytes` });

function declaredTooLarge(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes;
}

/** Chunks up to maxBytes, decoded strictly (a BOM is dropped, invalid UTF-8 is a 400). */
async function collect(chunks: AsyncIterable<Uint8Array>, maxBytes: number, cancel: () => Promise<unknown>): Promise<ReadBodyResult> {
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
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, error: "body is not UTF-8" };
  }
}

export async function readBodyText(request: Request, maxBytes: number): Promise<ReadBodyResult> {
  if (declaredTooLarge(request.headers.get("content-length"), maxBytes)) return tooLarge(maxBytes);
  if (!request.body) return { ok: true, text: "" };
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

/** The same for a Node request (the server's fast path, which skips building a Fetch Request). */
export async function readNodeBodyText(
  req: AsyncIterable<Uint8Array> & { headers: Record<string, string | string[] | undefined>; resume(): unknown },
  maxBytes: number,
): Promise<ReadBodyResult> {
  const length = req.headers["content-length"];
  if (declaredTooLarge(typeof length === "string" ? length : undefined, maxBytes)) {
    req.resume(); // drain without keeping it, so the connection can answer
    return tooLarge(maxBytes);
  }
  return collect(req, maxBytes, async () => req.resume());
}
