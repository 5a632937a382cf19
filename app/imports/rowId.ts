import { randomBytes } from "node:crypto";

// Primary keys for bulk-written rows that sort by creation time: a B-tree
// then appends at its right edge instead of touching a random page per row,
// which is what keeps a multi-million-row import on SQLite from slowing down
// as the tables grow (random UUIDs did). Unique across processes through the
// random part; 26 characters, [0-9a-z].

let lastMs = 0;
let msPart = "";
let counter = 0;
const processTag = randomBytes(6).readUIntBE(0, 6).toString(36).padStart(10, "0").slice(-10);

export function rowId(): string {
  // A clock stepped back would repeat ids already given out: time stands
  // still instead and the counter goes on.
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    msPart = now.toString(36).padStart(9, "0");
    counter = 0;
  }
  counter++;
  return msPart + counter.toString(36).padStart(7, "0") + processTag;
}
