// The markers a compiled template carries where content comes later.
//
// MJML compiles a template once; what differs between segments (the product
// cards) and between recipients (first name, tracking token) is left in the
// HTML as plain ASCII tokens, which survive MJML, CSS inlining and
// html-to-text untouched. Optional parts (a card that a short feed does not
// fill, a card's image) sit between region markers, written inside HTML
// comments so that an HTML parser keeps them in place even between table rows.

/** What a card slot shows. */
export const CARD_FIELDS = ["title", "price", "url", "img", "reason"] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** Optional parts of the layout: a row of cards, a card, a card's image, the panel shown instead of one. */
export const REGION_KINDS = ["row", "card", "image", "noimage"] as const;
export type RegionKind = (typeof REGION_KINDS)[number];

/** A segment-level slot: a field of the n-th product of the segment's feed. */
export const cardSlot = (field: CardField, card: number) => `PEARLSLOT${field}${card}X`;
/** A recipient-level slot: the n-th entry of the template's personal-field table. */
export const fieldSlot = (n: number) => `PEARLSLOTfield${n}X`;
/** A recipient-level slot: the recipient's tracking token. */
export const TOKEN_SLOT = "PEARLSLOTtokenX";

export const regionOpen = (kind: RegionKind, index: number) => `<!--PEARLOPEN${kind}${index}X-->`;
export const regionClose = (kind: RegionKind, index: number) => `<!--PEARLSHUT${kind}${index}X-->`;

/** True when a merchant's source contains the reserved prefix (it would be taken for a marker). */
export const containsReservedPrefix = (source: string) => /PEARL(SLOT|OPEN|SHUT)/i.test(source);

export type Marker =
  | { type: "card"; field: CardField; card: number }
  | { type: "field"; index: number }
  | { type: "token" }
  | { type: "open" | "close"; kind: RegionKind; index: number };

/** Marked text as alternating literal text and markers (pieces[0] is text, then marker, text, ...). */
export interface MarkedText {
  texts: string[];
  markers: Marker[];
}

// Case-insensitive: html-to-text upper-cases headings.
const MARKER = /(?:<!--)?PEARL(SLOT|OPEN|SHUT)([a-z]+?)(\d*)X(?:-->)?/gi;

/** Splits compiled output at its markers (HTML, or the text part where comments were unwrapped). */
export function splitMarkers(compiled: string): MarkedText {
  const texts: string[] = [];
  const markers: Marker[] = [];
  let last = 0;
  for (const m of compiled.matchAll(MARKER)) {
    texts.push(compiled.slice(last, m.index));
    last = m.index + m[0].length;
    markers.push(toMarker(m[1].toUpperCase(), m[2].toLowerCase(), m[3]));
  }
  texts.push(compiled.slice(last));
  return { texts, markers };
}

function toMarker(what: string, kind: string, digits: string): Marker {
  const n = Number(digits);
  if (what === "SLOT") {
    if (kind === "token") return { type: "token" };
    if (kind === "field") return { type: "field", index: n };
    if ((CARD_FIELDS as readonly string[]).includes(kind)) return { type: "card", field: kind as CardField, card: n };
  } else if ((REGION_KINDS as readonly string[]).includes(kind)) {
    return { type: what === "OPEN" ? "open" : "close", kind: kind as RegionKind, index: n };
  }
  throw new Error(`unknown template marker ${what}${kind}${digits}`);
}

/** Region comments unwrapped into plain text, for converters (html-to-text) that drop comments. */
export const unwrapRegionComments = (html: string) => html.replace(/<!--(PEARL(?:OPEN|SHUT)[a-z]+\d+X)-->/gi, " $1 ");
