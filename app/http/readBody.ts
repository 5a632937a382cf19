// Reads a request body as UTF-8 text without ever holding more than maxBytes:
// the webhook and pixel endpoints call this first, so an oversized body is
// refused while streaming, not after it has been buffered.

export type ReadBodyResult = { ok: true; text: string } | { ok: false; status: 400 | 413; error: string };

export async function readBodyText(request: Request, maxBytes: number): Promise<ReadBodyResult> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    return { ok: false, status: 413, error: `body larger than ${maxBytes} bytes` };
  }
  if (!request.body) return { ok: true, text: "" };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, status: 413, error: `body larger than ${maxBytes} bytes` };
    }
    chunks.push(value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, status: 400, error: "body is not UTF-8" };
  }
}
