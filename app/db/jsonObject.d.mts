export function decodeUtf8(bytes: Uint8Array): string | null;
export function checkJsonObject(bytes: Uint8Array | string): { ok: true; text: string } | { ok: false; error: string };
