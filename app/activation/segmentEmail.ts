// A compiled template filled with one segment's products: done once per
// segment. What is left are the recipient's slots (personal fields and the
// tracking token), merged per recipient by personalize().

import type { FeedItem } from "../recommend/feedItem.ts";
import type { CompiledTemplate } from "./compileTemplate.ts";
import { fieldValue, type FieldUse, type Recipient } from "./personalFields.ts";
import { formatPrice, productLinkPrefix, type LinkContext } from "./productLink.ts";
import type { MarkedText, Marker } from "./slots.ts";
import { openPixelTag } from "../tracking/openPixel.ts";

type RecipientSlot = { type: "field"; index: number } | { type: "token" };

/** Literal parts with recipient slots between them: statics.length === slots.length + 1. */
export interface MergeParts {
  statics: string[];
  slots: RecipientSlot[];
  escape: (value: string) => string;
}

export interface SegmentEmail {
  segmentId: string;
  subject: MergeParts;
  html: MergeParts;
  text: MergeParts;
  fields: FieldUse[];
  /** The products the email shows, in order. */
  products: FeedItem[];
}

export interface SegmentContext extends LinkContext {
  currency: string;
  /** Pearl's public URL: the HTML then ends with the recipient's open pixel (app/tracking/openPixel.ts). */
  appUrl?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
const asIs = (value: string) => value;

export function renderSegmentEmail(template: CompiledTemplate, feed: readonly FeedItem[], context: SegmentContext): SegmentEmail {
  const products = feed.slice(0, template.cardsNeeded);
  const values = products.map((item) => ({
    title: item.title,
    price: formatPrice(item.price, context.currency, template.locale),
    url: productLinkPrefix(item, context),
    img: item.imageUrl ?? "",
    reason: item.reason,
  }));
  const present = (kind: string, i: number) => {
    const item = feed[i];
    if (!item || i >= template.cardsNeeded) return false;
    if (kind === "image") return !!item.imageUrl;
    if (kind === "noimage") return !item.imageUrl;
    return true;
  };
  const fill = (marked: MarkedText, escape: (v: string) => string, tidy = false): MergeParts => {
    const statics: string[] = [];
    const slots: RecipientSlot[] = [];
    let current = marked.texts[0];
    let skipping: Marker | null = null;
    for (let k = 0; k < marked.markers.length; k++) {
      const m = marked.markers[k];
      const text = marked.texts[k + 1];
      if (skipping) {
        if (m.type === "close" && skipping.type === "open" && m.kind === skipping.kind && m.index === skipping.index) {
          skipping = null;
          current += text;
        }
        continue;
      }
      if (m.type === "open") {
        if (!present(m.kind, m.index)) skipping = m;
        else current += text;
        continue;
      }
      if (m.type === "close") { current += text; continue; }
      if (m.type === "card") {
        const v = values[m.card];
        current += (v ? escape(v[m.field]) : "") + text;
        continue;
      }
      statics.push(current);
      slots.push(m.type === "field" ? { type: "field", index: m.index } : { type: "token" });
      current = text;
    }
    statics.push(current);
    // Removed cards leave blank lines in the text part.
    if (tidy) for (let i = 0; i < statics.length; i++) statics[i] = statics[i].replace(/\n[ \t\u00a0]+(?=\n)/g, "\n").replace(/\n{3,}/g, "\n\n");
    return { statics, slots, escape };
  };
  return {
    segmentId: context.segmentId,
    subject: fill(template.subject, asIs),
    html: context.appUrl ? withOpenPixel(fill(template.html, escapeHtml), context.appUrl) : fill(template.html, escapeHtml),
    text: fill(template.text, asIs, true),
    fields: template.fields,
    products,
  };
}

/** A token slot for the open pixel just before </body> (the last literal part holds it). */
function withOpenPixel(parts: MergeParts, appUrl: string): MergeParts {
  const statics = [...parts.statics];
  const last = statics.pop()!;
  const at = last.lastIndexOf("</body>");
  const cut = at < 0 ? last.length : at;
  const tag = openPixelTag(appUrl);
  statics.push(last.slice(0, cut) + tag.before, tag.after + last.slice(cut));
  return { statics, slots: [...parts.slots, { type: "token" }], escape: parts.escape };
}

export interface PersonalEmail {
  subject: string;
  html: string;
  text: string;
}

/** The per-recipient merge: literal parts joined with the recipient's values. */
export function personalize(email: SegmentEmail, recipient: Recipient, shopName: string): PersonalEmail {
  const values = email.fields.map((f) => fieldValue(f, recipient, shopName));
  const merge = (parts: MergeParts) => {
    let out = parts.statics[0];
    for (let i = 0; i < parts.slots.length; i++) {
      const slot = parts.slots[i];
      out += (slot.type === "token" ? recipient.token : parts.escape(values[slot.index])) + parts.statics[i + 1];
    }
    return out;
  };
  return { subject: merge(email.subject).replace(/\s+/g, " ").trim(), html: merge(email.html), text: merge(email.text) };
}
