// Checks that a webhook body is one JSON object. Plain JavaScript because the
// SQLite writer thread (sqliteWriterThread.mjs) runs it too: on SQLite the
// inbox validates bodies there, off the web thread, where parsing an 800 KB
// cart would hold up every acknowledgement behind it.

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Strict UTF-8 (a BOM is dropped); null when the bytes are not UTF-8. */
export function decodeUtf8(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The body's text when it is a JSON object, else the reason it is refused. */
export function checkJsonObject(bytes) {
  const text = typeof bytes === "string" ? bytes : decodeUtf8(bytes);
  if (text === null) return { ok: false, error: "body is not UTF-8" };
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "body is not valid JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: "body is not a JSON object" };
  return { ok: true, text };
}
