// One program email: the compiled template, its product block filled with
// the trigger's items (the stored products where they still exist, else the
// lines as they were), merged for the customer with the send's own token.
// The sender and the admin's preview both use it.

import type { Db } from "../db.server.ts";
import type { CompiledTemplate } from "../activation/compileTemplate.ts";
import type { Recipient } from "../activation/personalFields.ts";
import { storefrontUrlOf } from "../activation/productLink.ts";
import { personalize, renderSegmentEmail, type PersonalEmail } from "../activation/segmentEmail.ts";
import type { FeedItem } from "../recommend/feedItem.ts";
import { programKind } from "./programKinds.ts";
import type { TriggerItem } from "./trigger.ts";

export interface ProgramEmailSend {
  programId: string;
  program: { kind: string };
  items: string;
  token: string;
  customer: Omit<Recipient, "token">;
}

export function programEmail(template: CompiledTemplate, send: ProgramEmailSend, products: Map<string, StoredProduct>, shop: { domain: string; name: string | null; currency: string }): PersonalEmail {
  const kind = programKind(send.program.kind);
  const feed = (JSON.parse(send.items) as TriggerItem[]).map((item) => feedItem(item, products, shop.currency, kind.itemReason));
  const email = renderSegmentEmail(template, feed, { storefrontUrl: storefrontUrlOf(shop.domain), campaign: send.programId, segmentId: send.program.kind, currency: shop.currency });
  return personalize(email, { ...send.customer, token: send.token }, shop.name ?? shop.domain);
}

export type StoredProduct = { id: string; externalId: string; title: string; handle: string | null; imageUrl: string | null; price: number };

/** The shop's live products among the items, with their lowest variant price. */
export async function productsByExternalId(db: Db, shopId: string, externalIds: string[]): Promise<Map<string, StoredProduct>> {
  const ids = [...new Set(externalIds)];
  const out = new Map<string, StoredProduct>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.product.findMany({
      where: { shopId, externalId: { in: ids.slice(i, i + 500) }, deletedAt: null },
      select: { id: true, externalId: true, title: true, handle: true, imageUrl: true, variants: { select: { price: true } } },
    });
    for (const p of rows) {
      const prices = p.variants.map((v) => Number(v.price)).filter(Number.isFinite);
      out.set(p.externalId, { id: p.id, externalId: p.externalId, title: p.title, handle: p.handle, imageUrl: p.imageUrl, price: prices.length ? Math.min(...prices) : 0 });
    }
  }
  return out;
}

/** An item as the product block shows it: the stored product when there is one, else the line as it was. */
function feedItem(item: TriggerItem, products: Map<string, StoredProduct>, currency: string, reason: string): FeedItem {
  const p = item.productId ? products.get(item.productId) : undefined;
  if (p) return { productId: p.id, externalId: p.externalId, title: p.title, handle: p.handle, imageUrl: p.imageUrl, price: p.price || item.price, currency, reason, score: 1 };
  return { productId: "", externalId: item.productId ?? item.title, title: item.title, handle: null, imageUrl: null, price: item.price, currency, reason, score: 1 };
}
