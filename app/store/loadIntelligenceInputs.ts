import { Prisma } from "../generated/sqlite/client.ts";
import type { Db } from "../db.server.ts";
import { FLAG_CANCELLED, FLAG_DIFFERENT_SHIPPING, FLAG_GIFT_NOTE, type OrderTable, OrderTableBuilder } from "../intelligence/orderTable.ts";
import type { BrowseFact, CartFact } from "../intelligence/types.ts";

export interface IntelligenceInputs {
  /** Orders of identified customers; customer ids are Customer.externalId, product ids Product.externalId. */
  table: OrderTable;
  browse: BrowseFact[];
  carts: CartFact[];
  /** Customer.externalId -> Customer.id, for every customer named above. */
  customerKeys: Map<string, string>;
}

/** Orders per query: bounds memory and statement size; the lines of a page come in one query too. */
const PAGE = 20_000;

/**
 * A shop's orders (with lines and refunds), browse events and carts as the
 * intelligence modules read them, in a handful of queries: orders by id in
 * pages, each page's lines in one query, appended straight to the columnar
 * table (no object per line survives the page).
 *
 * Conventions: guest orders are left out (features are per customer);
 * orderTotal = totalPrice, orderDiscount = totalDiscounts, orderRefunded =
 * the sum of the order's refunds; flags from cancelledAt, shipsElsewhere and
 * giftNote. A line's category is its product's productType when set, else
 * the last word of the line title (the online-retail stand-in for categories,
 * see bench/lib/onlineRetail.ts). A browse event or cart counts for a
 * customer only when it is linked to one; a cart is converted when it has an
 * order.
 */
export async function loadIntelligenceInputs(db: Db, shopId: string): Promise<IntelligenceInputs> {
  const refunded = new Map<string, number>();
  const refundRows = await db.$queryRaw<{ orderId: string; amount: unknown }[]>(Prisma.sql`
    SELECT "orderId", SUM(CAST("amount" AS DOUBLE PRECISION)) AS "amount" FROM "Refund" WHERE "shopId" = ${shopId} GROUP BY "orderId"`);
  for (const r of refundRows) refunded.set(r.orderId, Number(r.amount));

  const b = new OrderTableBuilder(1024, 4096);
  const customerKeys = new Map<string, string>();
  let after = "";
  for (;;) {
    const orders = await db.$queryRaw<OrderRow[]>(Prisma.sql`
      SELECT o."id", c."externalId" AS "customer", c."id" AS "customerKey", o."processedAt",
             CAST(o."totalPrice" AS DOUBLE PRECISION) AS "total", CAST(o."totalDiscounts" AS DOUBLE PRECISION) AS "discount",
             o."cancelledAt", o."shipsElsewhere", o."giftNote"
      FROM "Order" o JOIN "Customer" c ON c."id" = o."customerId"
      WHERE o."shopId" = ${shopId} AND o."id" > ${after}
      ORDER BY o."id" LIMIT ${PAGE}`);
    if (orders.length === 0) break;
    const last = orders[orders.length - 1].id;
    const lines = await db.$queryRaw<LineRow[]>(Prisma.sql`
      SELECT l."orderId", l."title", l."productExternalId", p."productType", l."quantity", CAST(l."price" AS DOUBLE PRECISION) AS "price"
      FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
      LEFT JOIN "Product" p ON p."shopId" = l."shopId" AND p."externalId" = l."productExternalId"
      WHERE l."shopId" = ${shopId} AND o."customerId" IS NOT NULL AND l."orderId" > ${after} AND l."orderId" <= ${last}
      ORDER BY l."orderId", l."id"`);
    // Grouped in JS, not merged by sort order: PostgreSQL's collation need not order ids as JS does.
    const linesOf = new Map<string, LineRow[]>();
    for (const l of lines) {
      const list = linesOf.get(l.orderId);
      if (list) list.push(l);
      else linesOf.set(l.orderId, [l]);
    }
    for (const o of orders) {
      customerKeys.set(o.customer, o.customerKey);
      const flags =
        (o.cancelledAt !== null ? FLAG_CANCELLED : 0) |
        (truthy(o.shipsElsewhere) ? FLAG_DIFFERENT_SHIPPING : 0) |
        (truthy(o.giftNote) ? FLAG_GIFT_NOTE : 0);
      b.addOrder(b.customer(o.customer), timeOf(o.processedAt), Number(o.total), Number(o.discount), refunded.get(o.id) ?? 0, flags);
      for (const l of linesOf.get(o.id) ?? []) {
        const category = l.productType?.trim() ? l.productType.trim() : lastWord(l.title);
        b.addLine(b.category(category), Number(l.quantity), Number(l.price), b.product(l.productExternalId));
      }
    }
    after = last;
    if (orders.length < PAGE) break;
  }

  const browseRows = await db.$queryRaw<{ customer: string; customerKey: string; occurredAt: unknown; name: string }[]>(Prisma.sql`
    SELECT c."externalId" AS "customer", c."id" AS "customerKey", e."occurredAt", e."name"
    FROM "BrowseEvent" e JOIN "Customer" c ON c."id" = e."customerId" WHERE e."shopId" = ${shopId}`);
  const browse: BrowseFact[] = browseRows.map((r) => {
    customerKeys.set(r.customer, r.customerKey);
    return { customerId: r.customer, occurredAt: new Date(timeOf(r.occurredAt)), kind: r.name as BrowseFact["kind"] };
  });
  const cartRows = await db.$queryRaw<{ customer: string; customerKey: string; createdAt: unknown; orderId: string | null }[]>(Prisma.sql`
    SELECT c."externalId" AS "customer", c."id" AS "customerKey", k."sourceCreatedAt" AS "createdAt", k."orderId"
    FROM "Cart" k JOIN "Customer" c ON c."id" = k."customerId" WHERE k."shopId" = ${shopId}`);
  const carts: CartFact[] = cartRows.map((r) => {
    customerKeys.set(r.customer, r.customerKey);
    return { customerId: r.customer, createdAt: new Date(timeOf(r.createdAt)), converted: r.orderId !== null };
  });
  // A store table always has product columns (all -1 when no line names a
  // product, e.g. CDNOW), so readers can tell "no products sold" from "no ids".
  const built = b.build();
  const table: OrderTable = built.lineProduct ? built : { ...built, products: [], lineProduct: new Int32Array(built.lineCategory.length).fill(-1) };
  return { table, browse, carts, customerKeys };
}

interface OrderRow {
  id: string;
  customer: string;
  customerKey: string;
  processedAt: unknown;
  total: unknown;
  discount: unknown;
  cancelledAt: unknown;
  shipsElsewhere: unknown;
  giftNote: unknown;
}

interface LineRow {
  orderId: string;
  title: string;
  productExternalId: string | null;
  productType: string | null;
  quantity: unknown;
  price: unknown;
}

/** SQLite hands back 0/1 (or bigint), PostgreSQL booleans. */
function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === "1" || v === "true";
}

/** Prisma's raw queries return DateTime columns as Date on PostgreSQL and as ISO text (or ms) on SQLite. */
function timeOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number" || typeof v === "bigint") return Number(v);
  return Date.parse(String(v));
}

function lastWord(title: string | null): string | null {
  if (!title) return null;
  const words = title.trim().split(/\s+/);
  const w = words[words.length - 1];
  return w ? w.toUpperCase() : null;
}
