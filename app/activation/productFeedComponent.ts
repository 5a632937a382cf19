// <mj-product-feed count="4" columns="2" />: the segment's products as a grid
// of cards (image, title, price, button), registered with mjml-core.
//
// The component lays out `count` cards in rows of `columns`; the content of
// each card is a set of slots (slots.ts) that the segment's feed fills in
// after MJML has run (segmentEmail.ts). Rows and cards a short feed leaves
// empty are regions that the fill removes, and each card has its image and,
// in a region of its own, the panel shown when the product has no image: a
// tinted box with the product's name, linked like the image, so the grid keeps
// its shape and no broken-image icon appears.

import { BodyComponent, registerComponent } from "mjml-core";
import "mjml"; // registers MJML's own components with mjml-core
import { cardSlot, regionClose, regionOpen, TOKEN_SLOT } from "./slots.ts";

export const PRODUCT_FEED_TAG = "mj-product-feed";
export const MAX_FEED_COUNT = 24;
export const MAX_FEED_COLUMNS = 4;

const xmlAttr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const htmlText = xmlAttr;

export class MjProductFeed extends BodyComponent {
  static componentName = PRODUCT_FEED_TAG;
  static endingTag = false;
  static dependencies = { "mj-body": [PRODUCT_FEED_TAG], "mj-wrapper": [PRODUCT_FEED_TAG], [PRODUCT_FEED_TAG]: [] };
  static allowedAttributes = {
    count: "integer",
    columns: "integer",
    offset: "integer",
    "button-text": "string",
    "button-background-color": "color",
    "button-color": "color",
    "text-color": "color",
    "price-color": "color",
    "panel-background-color": "color",
    "background-color": "color",
    "font-family": "string",
    "show-reason": "enum(true,false)",
    padding: "unit(px,%){1,4}",
  };
  static defaultAttributes = {
    count: "4",
    columns: "2",
    offset: "0",
    "button-text": "Shop now",
    "button-background-color": "#1f2937",
    "button-color": "#ffffff",
    "text-color": "#1f2937",
    "price-color": "#4b5563",
    "panel-background-color": "#f3efe7",
    "font-family": "Helvetica, Arial, sans-serif",
    "show-reason": "false",
    padding: "8px 0",
  };

  render(): string {
    const count = clamp(Number.parseInt(this.getAttribute("count"), 10), 1, MAX_FEED_COUNT);
    const columns = clamp(Number.parseInt(this.getAttribute("columns"), 10), 1, MAX_FEED_COLUMNS);
    const offset = Math.max(0, Number.parseInt(this.getAttribute("offset"), 10) || 0);
    let html = "";
    for (let row = 0; row * columns < count; row++) {
      const first = offset + row * columns;
      const cards: string[] = [];
      for (let j = 0; j < columns; j++) {
        cards.push(row * columns + j < count ? this.card(first + j) : `<mj-column></mj-column>`);
      }
      const background = this.getAttribute("background-color");
      const section = `<mj-section padding="${xmlAttr(this.getAttribute("padding"))}"${background ? ` background-color="${xmlAttr(background)}"` : ""}>${cards.join("")}</mj-section>`;
      // A row is present when its first card is: the fill drops rows a short feed leaves empty.
      html += regionOpen("row", first) + this.renderMJML(section) + regionClose("row", first);
    }
    return html;
  }

  private card(index: number): string {
    const a = (name: string) => xmlAttr(this.getAttribute(name));
    const href = `${cardSlot("url", index)}${TOKEN_SLOT}`;
    const font = a("font-family");
    // mjml-core hands "true" over as a boolean.
    const reason = String(this.getAttribute("show-reason")) === "true"
      ? `<mj-text padding="0 0 8px 0" align="center" font-family="${font}" font-size="12px" color="${a("price-color")}">${cardSlot("reason", index)}</mj-text>`
      : "";
    const raw = (marker: string) => `<mj-raw>${marker}</mj-raw>`;
    return `<mj-column padding="8px" vertical-align="top">`
      + raw(regionOpen("card", index))
      + raw(regionOpen("image", index))
      + `<mj-image css-class="pearl-card-image" fluid-on-mobile="true" src="${cardSlot("img", index)}" alt="${cardSlot("title", index)}" href="${href}" padding="0 0 8px 0" border-radius="4px" />`
      + raw(regionClose("image", index))
      + raw(regionOpen("noimage", index))
      + `<mj-text padding="0 0 8px 0" align="center" container-background-color="${a("panel-background-color")}" font-family="${font}" font-size="15px" line-height="20px" color="${a("price-color")}">`
      + `<div class="pearl-panel" style="padding:56px 12px"><a href="${href}" style="color:inherit;text-decoration:none">${cardSlot("title", index)}</a></div></mj-text>`
      + raw(regionClose("noimage", index))
      + `<mj-text padding="0 0 4px 0" align="center" font-family="${font}" font-size="15px" line-height="20px" font-weight="600" color="${a("text-color")}">`
      + `<a href="${href}" style="color:inherit;text-decoration:none">${cardSlot("title", index)}</a></mj-text>`
      + `<mj-text padding="0 0 8px 0" align="center" font-family="${font}" font-size="14px" color="${a("price-color")}">${cardSlot("price", index)}</mj-text>`
      + reason
      + `<mj-button href="${href}" padding="0" font-family="${font}" background-color="${a("button-background-color")}" color="${a("button-color")}" border-radius="4px" font-size="14px">${htmlText(this.getAttribute("button-text"))}</mj-button>`
      + raw(regionClose("card", index))
      + `</mj-column>`;
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}

registerComponent(MjProductFeed as unknown as Parameters<typeof registerComponent>[0], { registerDependencies: true });
