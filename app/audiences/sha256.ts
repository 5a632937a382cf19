import { createHash } from "node:crypto";

/** SHA-256 of the UTF-8 bytes, as lowercase hex: what both platforms expect in a hashed column. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
