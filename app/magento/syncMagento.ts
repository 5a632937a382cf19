import type { Db } from "../db.server.ts";
import type { Json } from "../ingest/shopify/fields.ts";
import { writeCart } from "../store/writeBasket.ts";
import { writeCustomer } from "../store/writeCustomer.ts";
import { writeOrder } from "../store/writeOrder.ts";
import { writeProduct } from "../store/writeProduct.ts";
import type { Tx } from "../store/tx.ts";
import { MagentoError, type MagentoClient } from "./magentoClient.ts";
import { updatedSince, type SearchResult } from "./searchCriteria.ts";
import * as magento from "./translate.ts";

export const MAGENTO_ENTITIES = ["customers", "products", "orders", "carts"] as const;
export type MagentoEntity = (typeof MAGENTO_ENTITIES)[number];

const ENDPOINTS: Record<MagentoEntity, string> = {
  customers: "/customers/search",
  products: "/products",
  orders: "/orders",
  carts: "/carts/search",
};

export interface SyncOptions {
  db: Db;
  shopId: string;
  client: MagentoClient;
  entities?: readonly MagentoEntity[];
  pageSize?: number;
  /** Where product images live (<base URL>/media): product records carry full image URLs. */
  mediaBaseUrl?: string | null;
  onPage?: (p: { entity: MagentoEntity; records: number; total: number }) => void;
}

export interface EntitySync {
  records: number;
  pages: number;
  cursor: string | null;
}

/**
 * Incremental polling: for each entity, the records updated since its
 * cursor, oldest first, a page at a time. Each page is written through the
 * store's writers (the same ones Shopify's webhooks use: older versions never
 * overwrite newer) in one transaction with the cursor, so a crash repeats at
 * most one page, and repeating it changes nothing. Records sharing the
 * cursor's second are remembered by id, so a page that ends inside such a
 * run neither loses nor loops on them.
 */
export async function syncMagento(options: SyncOptions): Promise<Record<MagentoEntity, EntitySync>> {
  const result = {} as Record<MagentoEntity, EntitySync>;
  // Customers and products first: orders and carts refer to them.
  for (const entity of options.entities ?? MAGENTO_ENTITIES) result[entity] = await syncEntity(options, entity);
  await options.db.magentoConnection.updateMany({ where: { shopId: options.shopId }, data: { lastSyncAt: new Date(), lastError: null } });
  return result;
}

async function syncEntity(options: SyncOptions, entity: MagentoEntity): Promise<EntitySync> {
  const { db, shopId, client } = options;
  const pageSize = options.pageSize ?? 100;
  const key = { shopId_source_entity: { shopId, source: "magento", entity } };
  const stored = await db.syncCursor.findUnique({ where: key });
  let cursor = stored?.updatedAt ?? null;
  let seen = new Set<string>(stored ? (JSON.parse(stored.idsAtCursor) as string[]) : []);
  let page = 1;
  const done: EntitySync = { records: 0, pages: 0, cursor };
  for (;;) {
    const answer = await client.get<SearchResult<Json>>(ENDPOINTS[entity], updatedSince({ updatedFrom: cursor, pageSize, currentPage: page }));
    if (!answer || !Array.isArray(answer.items)) throw new MagentoError("response", `Magento's ${ENDPOINTS[entity]} answered without items`);
    const items = answer.items;
    done.pages++;
    const fresh = items.filter((item) => !(updatedAt(item) === cursor && seen.has(idOf(entity, item))));
    const last = items.length ? updatedAt(items[items.length - 1]) : null;
    // Advance to the page's last instant; ids at that instant are remembered.
    let nextCursor = cursor;
    let nextSeen = seen;
    if (last && last !== cursor) {
      nextCursor = last;
      nextSeen = new Set(items.filter((i) => updatedAt(i) === last).map((i) => idOf(entity, i)));
    } else if (last) {
      nextSeen = new Set([...seen, ...items.map((i) => idOf(entity, i))]);
    }
    await db.$transaction(async (tx) => {
      for (const item of fresh) await writeRecord(tx, shopId, entity, item, options.mediaBaseUrl ?? null);
      await tx.syncCursor.upsert({
        where: key,
        create: { shopId, source: "magento", entity, updatedAt: nextCursor, idsAtCursor: JSON.stringify([...nextSeen]), syncedAt: new Date(), records: fresh.length },
        update: { updatedAt: nextCursor, idsAtCursor: JSON.stringify([...nextSeen]), syncedAt: new Date(), records: { increment: fresh.length } },
      });
    }, { timeout: 60_000 });
    done.records += fresh.length;
    options.onPage?.({ entity, records: done.records, total: answer.total_count });
    // A page of one instant only (more records share it than a page holds): the next page of the same filter.
    const stuck = last !== null && last === cursor;
    cursor = nextCursor;
    seen = nextSeen;
    page = stuck ? page + 1 : 1;
    // Magento answers a page past the end with the last page again: stop on a short page or the count.
    if (items.length < pageSize || (stuck && (page - 1) * pageSize >= answer.total_count)) break;
  }
  done.cursor = cursor;
  return done;
}

function updatedAt(item: Json): string | null {
  return typeof item.updated_at === "string" ? item.updated_at : null;
}

function idOf(entity: MagentoEntity, item: Json): string {
  return String(entity === "orders" ? item.entity_id : item.id);
}

async function writeRecord(tx: Tx, shopId: string, entity: MagentoEntity, item: Json, mediaBaseUrl: string | null): Promise<void> {
  switch (entity) {
    case "customers":
      await writeCustomer(tx, shopId, magento.customer(item));
      return;
    case "products":
      return writeProduct(tx, shopId, magento.product(item, mediaBaseUrl));
    case "orders":
      return writeOrder(tx, shopId, magento.order(item));
    case "carts":
      return writeCart(tx, shopId, magento.cart(item));
  }
}
