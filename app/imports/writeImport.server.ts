import { randomUUID } from "node:crypto";
import { insertStatements } from "../db/bulkInsert.ts";
import type { SqlExecutor, SqlStatement, SqlValue } from "../db/sqlExecutor.server.ts";
import type { Db } from "../db.server.ts";
import { customerColumns, ORDER_LINE_COLUMNS, orderColumns, orderLineValues } from "../store/columns.ts";
import type { CustomerRecord, OrderRecord, ProductRecord, RefundRecord } from "../store/records.ts";
import { anonymousCustomer, type ImportItem } from "./importItems.ts";

export interface ImportTotals {
  customers: number;
  products: number;
  variants: number;
  orders: number;
  orderLines: number;
  refunds: number;
  refundLines: number;
  /** Records already in the store (a re-run of the same file): left as they are. */
  skipped: number;
}

// Column order of the mapped records (the same mapping the webhook writers use).
const CUSTOMER_FIELDS = Object.keys(customerColumns(anonymousCustomer("", null, new Date(0)))) as (keyof ReturnType<typeof customerColumns>)[];
const ORDER_FIELDS = ["name", "customerId", "email", "currency", "subtotalPrice", "totalPrice", "totalDiscounts", "totalTax", "discountCodes", "financialStatus", "fulfillmentStatus", "cancelledAt", "cancelReason", "cartToken", "checkoutToken", "sourceName", "note", "tags", "billingName", "billingAddress", "shippingName", "shippingAddress", "shipsElsewhere", "giftNote", "processedAt", "sourceUpdatedAt"] as const satisfies readonly (keyof ReturnType<typeof orderColumns>)[];

const COLUMNS = {
  customer: ["id", "shopId", "externalId", ...CUSTOMER_FIELDS, "createdAt", "updatedAt"],
  product: ["id", "shopId", "externalId", "title", "handle", "productType", "vendor", "tags", "status", "imageUrl", "publishedAt", "sourceCreatedAt", "sourceUpdatedAt", "createdAt", "updatedAt"],
  variant: ["id", "shopId", "productId", "externalId", "title", "sku", "price", "compareAtPrice", "inventoryQuantity", "createdAt", "updatedAt"],
  order: ["id", "shopId", "externalId", ...ORDER_FIELDS, "createdAt", "updatedAt"],
  orderLine: ["id", "shopId", "orderId", ...ORDER_LINE_COLUMNS],
  refund: ["id", "shopId", "orderId", "externalId", "amount", "note", "processedAt", "createdAt"],
  refundLine: ["id", "refundId", "orderLineExternalId", "productExternalId", "quantity", "subtotal"],
} as const;

const BATCH_RECORDS = 2_000;

/**
 * Writes a file import's records into the store, in batches of a few thousand
 * rows per transaction through the driver (a Prisma call per row would take
 * minutes for the 320k-line online-retail file). Records already stored for
 * the shop are skipped, so a re-run after a crash completes the import and a
 * re-run of a finished one changes nothing.
 */
export async function writeImport(
  db: Db,
  sql: SqlExecutor,
  shopId: string,
  items: AsyncIterable<ImportItem>,
): Promise<ImportTotals> {
  const known = {
    customers: new Map((await db.customer.findMany({ where: { shopId }, select: { id: true, externalId: true } })).map((c) => [c.externalId, c.id])),
    products: new Set((await db.product.findMany({ where: { shopId }, select: { externalId: true } })).map((p) => p.externalId)),
    orders: new Map((await db.order.findMany({ where: { shopId }, select: { id: true, externalId: true } })).map((o) => [o.externalId, o.id])),
    refunds: new Set((await db.refund.findMany({ where: { shopId }, select: { externalId: true } })).map((r) => r.externalId)),
  };
  const totals: ImportTotals = { customers: 0, products: 0, variants: 0, orders: 0, orderLines: 0, refunds: 0, refundLines: 0, skipped: 0 };
  let rows = emptyRows();
  let pending = 0;
  const now = new Date();

  const flush = async () => {
    const statements: SqlStatement[] = [];
    for (const [table, columns, values] of [
      ["Customer", COLUMNS.customer, rows.customer],
      ["Product", COLUMNS.product, rows.product],
      ["Variant", COLUMNS.variant, rows.variant],
      ["Order", COLUMNS.order, rows.order],
      ["OrderLine", COLUMNS.orderLine, rows.orderLine],
      ["Refund", COLUMNS.refund, rows.refund],
      ["RefundLine", COLUMNS.refundLine, rows.refundLine],
    ] as const) {
      statements.push(...insertStatements(sql.provider, table, columns, values));
    }
    if (statements.length) await sql.transaction(statements);
    totals.customers += rows.customer.length;
    totals.products += rows.product.length;
    totals.variants += rows.variant.length;
    totals.orders += rows.order.length;
    totals.orderLines += rows.orderLine.length;
    totals.refunds += rows.refund.length;
    totals.refundLines += rows.refundLine.length;
    rows = emptyRows();
    pending = 0;
  };

  for await (const item of items) {
    switch (item.kind) {
      case "customer":
        if (known.customers.has(item.record.externalId)) { totals.skipped++; break; }
        known.customers.set(item.record.externalId, customerRow(rows, shopId, item.record, now));
        break;
      case "product":
        if (known.products.has(item.record.externalId)) { totals.skipped++; break; }
        known.products.add(item.record.externalId);
        productRows(rows, shopId, item.record, now);
        break;
      case "order": {
        if (known.orders.has(item.record.externalId)) { totals.skipped++; break; }
        const customerId = item.record.customer ? known.customers.get(item.record.customer.externalId) ?? null : null;
        known.orders.set(item.record.externalId, orderRows(rows, shopId, item.record, customerId, now));
        break;
      }
      case "refund": {
        const orderId = known.orders.get(item.record.orderExternalId);
        if (known.refunds.has(item.record.externalId) || !orderId) { totals.skipped++; break; }
        known.refunds.add(item.record.externalId);
        refundRows(rows, shopId, item.record, orderId, now);
        break;
      }
    }
    if (++pending >= BATCH_RECORDS) await flush();
  }
  await flush();
  return totals;
}

type Rows = Record<keyof typeof COLUMNS, SqlValue[][]>;

function emptyRows(): Rows {
  return { customer: [], product: [], variant: [], order: [], orderLine: [], refund: [], refundLine: [] };
}

function customerRow(rows: Rows, shopId: string, c: CustomerRecord, now: Date): string {
  const id = randomUUID();
  const fields = customerColumns(c);
  rows.customer.push([id, shopId, c.externalId, ...CUSTOMER_FIELDS.map((f) => fields[f]), now, now]);
  return id;
}

function productRows(rows: Rows, shopId: string, p: ProductRecord, now: Date): void {
  const id = randomUUID();
  rows.product.push([id, shopId, p.externalId, p.title, p.handle, p.productType, p.vendor, p.tags, p.status, p.imageUrl, p.publishedAt, p.sourceCreatedAt, p.sourceUpdatedAt, now, now]);
  for (const v of p.variants) {
    rows.variant.push([randomUUID(), shopId, id, v.externalId, v.title, v.sku, v.price, v.compareAtPrice, v.inventoryQuantity, now, now]);
  }
}

function orderRows(rows: Rows, shopId: string, o: OrderRecord, customerId: string | null, now: Date): string {
  const id = randomUUID();
  const fields = orderColumns(o, customerId);
  rows.order.push([id, shopId, o.externalId, ...ORDER_FIELDS.map((f) => fields[f]), now, now]);
  for (const l of o.lines) rows.orderLine.push([randomUUID(), shopId, id, ...orderLineValues(l)]);
  return id;
}

function refundRows(rows: Rows, shopId: string, r: RefundRecord, orderId: string, now: Date): void {
  const id = randomUUID();
  rows.refund.push([id, shopId, orderId, r.externalId, r.amount, r.note, r.processedAt, now]);
  for (const l of r.lines) rows.refundLine.push([randomUUID(), id, l.orderLineExternalId, l.productExternalId, l.quantity, l.subtotal]);
}
