import type { PackedRows } from "../db/packedRows.ts";
import type { RowsInsert, SqlExecutor, SqlStatement, SqlValue } from "../db/sqlExecutor.server.ts";
import { customerColumns, ORDER_LINE_COLUMNS, orderColumns, orderLineValues, productColumns } from "../store/columns.ts";
import type { CustomerRecord, OrderRecord, ProductRecord, RefundRecord } from "../store/records.ts";
import { isStale } from "../store/tx.ts";
import { anonymousCustomer, type ImportItem } from "./importItems.ts";
import { RefreshStatements } from "./refreshStatements.ts";
import { rowId } from "./rowId.ts";

export interface ImportTotals {
  customers: number;
  products: number;
  variants: number;
  orders: number;
  orderLines: number;
  refunds: number;
  refundLines: number;
  /** Records stored in an older version (by updated_at), brought up to date. */
  updated: number;
  /** Records already stored in this version or a newer one (a re-run of the same file): left as they are. */
  skipped: number;
}

// Column order of the mapped records (the same mapping the webhook writers use).
const CUSTOMER_FIELDS = Object.keys(customerColumns(anonymousCustomer("", null, new Date(0)))) as (keyof ReturnType<typeof customerColumns>)[];
const PRODUCT_FIELDS = ["title", "handle", "productType", "vendor", "tags", "status", "imageUrl", "publishedAt", "sourceCreatedAt", "sourceUpdatedAt"] as const satisfies readonly (keyof ReturnType<typeof productColumns>)[];
const ORDER_FIELDS = ["name", "customerId", "email", "currency", "subtotalPrice", "totalPrice", "totalDiscounts", "totalTax", "discountCodes", "financialStatus", "fulfillmentStatus", "cancelledAt", "cancelReason", "cartToken", "checkoutToken", "sourceName", "note", "tags", "billingName", "billingAddress", "shippingName", "shippingAddress", "shipsElsewhere", "giftNote", "processedAt", "sourceUpdatedAt"] as const satisfies readonly (keyof ReturnType<typeof orderColumns>)[];

const COLUMNS = {
  customer: ["id", "shopId", "externalId", ...CUSTOMER_FIELDS, "createdAt", "updatedAt"],
  product: ["id", "shopId", "externalId", ...PRODUCT_FIELDS, "createdAt", "updatedAt"],
  variant: ["id", "shopId", "productId", "externalId", "title", "sku", "price", "compareAtPrice", "inventoryQuantity", "createdAt", "updatedAt"],
  order: ["id", "shopId", "externalId", ...ORDER_FIELDS, "createdAt", "updatedAt"],
  orderLine: ["id", "shopId", "orderId", ...ORDER_LINE_COLUMNS],
  refund: ["id", "shopId", "orderId", "externalId", "amount", "note", "processedAt", "createdAt"],
  refundLine: ["id", "refundId", "orderLineExternalId", "productExternalId", "quantity", "subtotal"],
} as const;

const BATCH_RECORDS = 2_000;
// Batches of one SQLite load sent ahead of their commit: the writer has the
// next one queued while this thread parses (deeper queues measured no faster).
const MAX_IN_FLIGHT = 2;

export interface WriteImportOptions {
  /**
   * Called as each batch has been read, before it is looked up and written;
   * the statements it returns commit in the same transaction as the batch (a
   * resumable import records how far it got there, so progress and data
   * never disagree after a crash).
   */
  onBatch?: () => SqlStatement[] | void;
  /** Records per transaction (default 2,000). */
  batchRecords?: number;
}

/**
 * An import item as a batch holds it: an order's lines are packed as it is
 * read (PackedRows), under the row id it is given then, and dropped again if
 * the order turns out to be stored.
 */
type BatchItem = Exclude<ImportItem, { kind: "order" }> | { kind: "order"; record: Omit<OrderRecord, "lines">; id: string; lines: number };

/** A batch read, whose lookup runs while the next one is read. */
interface ReadBatch {
  items: BatchItem[];
  lines: PackedRows;
  ids: ReferencedIds;
  lookup: Promise<KnownRecords>;
  progress: SqlStatement[];
  /** Batches from this one on may hold records the lookup did not see. */
  unseenFrom: number;
}

/** A batch sent to the store, with what it holds (found there or new). */
interface SentBatch {
  seq: number;
  committed: Promise<unknown>;
  done: boolean;
  known: KnownRecords;
}

/**
 * Writes a file import's records into the store, in batches of a few thousand
 * rows per transaction through the driver (a Prisma call per row would take
 * minutes for the 320k-line online-retail file). Records already stored for
 * the shop are skipped, so a re-run after a crash completes the import and a
 * re-run of a finished one changes nothing; those stored in an older version
 * (by their updated_at) are updated, so a backfill run again brings back what
 * missed webhooks would have changed.
 *
 * Memory stays flat whatever the file's size: which records exist is asked
 * of the store per batch, not kept for the whole import. A batch is looked up
 * while the next one is read, and written while the one after is read; on
 * SQLite two are sent ahead, so the writer never waits.
 */
export async function writeImport(
  sql: SqlExecutor,
  shopId: string,
  items: AsyncIterable<ImportItem>,
  options: WriteImportOptions = {},
): Promise<ImportTotals> {
  const totals: ImportTotals = { customers: 0, products: 0, variants: 0, orders: 0, orderLines: 0, refunds: 0, refundLines: 0, updated: 0, skipped: 0 };
  const batchRecords = options.batchRecords ?? BATCH_RECORDS;
  const now = new Date();
  const packLines = () => sql.packRows({ table: "OrderLine", columns: COLUMNS.orderLine, fixed: { shopId } });
  let batch: BatchItem[] = [];
  let lines = packLines();
  // SQLite's writer runs a load's batches in order, so one goes out while the
  // one before it still commits (the writer never waits for the next); on
  // PostgreSQL's pool commits could overtake each other, so one at a time.
  const pipelined = sql.provider === "sqlite";
  const chain = pipelined ? `load-${rowId()}` : undefined;
  const sent: SentBatch[] = [];
  let nextSeq = 0;
  let reading: ReadBatch | null = null;

  const write = async ({ items, lines, ids, lookup, progress, unseenFrom }: ReadBatch) => {
    const known = await lookup;
    // A batch that committed after the lookup started may be missing from
    // its answer, and so may every batch sent since: theirs is in memory.
    for (const earlier of sent) if (earlier.seq >= unseenFrom) withUnseen(known, earlier.known, ids);
    const rows = emptyRows();
    const refresh = new RefreshStatements(sql.provider, now);
    /** A stored record: skipped, or updated when this version is newer. */
    const storedAgain = (stored: StoredRecord, version: Date | null, update: () => void) => {
      // The webhook writers' rule (isStale); a version the file does not give cannot be newer.
      if (version === null || isStale(stored, version) || stored.redactedAt) {
        totals.skipped++;
        return false;
      }
      update();
      stored.sourceUpdatedAt = version;
      totals.updated++;
      return true;
    };
    const buyerId = (buyer: CustomerRecord | null) => {
      if (!buyer) return null;
      const found = known.customers.get(buyer.externalId);
      if (found) return found.id;
      // A buyer seen only inside the order (an orders-only export) is stored from it.
      const id = customerRow(rows, shopId, buyer, now);
      known.customers.set(buyer.externalId, { id, sourceUpdatedAt: buyer.sourceUpdatedAt });
      return id;
    };
    for (const item of items) {
      switch (item.kind) {
        case "customer": {
          const { record } = item;
          const stored = known.customers.get(record.externalId);
          if (stored) storedAgain(stored, record.sourceUpdatedAt, () => refresh.customer(stored.id, record));
          else known.customers.set(record.externalId, { id: customerRow(rows, shopId, record, now), sourceUpdatedAt: record.sourceUpdatedAt });
          break;
        }
        case "product": {
          const { record } = item;
          const stored = known.products.get(record.externalId);
          if (stored) storedAgain(stored, record.sourceUpdatedAt, () => refresh.product(stored.id, record, variantRows(shopId, stored.id, record, now), COLUMNS.variant));
          else known.products.set(record.externalId, { id: productRows(rows, shopId, record, now), sourceUpdatedAt: record.sourceUpdatedAt });
          break;
        }
        case "order": {
          const { record } = item;
          const stored = known.orders.get(record.externalId);
          if (!stored) {
            orderRow(rows, shopId, item.id, record, buyerId(record.customer), now);
            known.orders.set(record.externalId, { id: item.id, sourceUpdatedAt: record.sourceUpdatedAt });
            break;
          }
          // Its lines, packed under the id it was given when read, go under the stored one.
          const updated = storedAgain(stored, record.sourceUpdatedAt, () => {
            const lineRows = linesUnder(lines.take(item.lines), shopId, stored.id);
            refresh.order(stored.id, orderFields(record, buyerId(record.customer)), record.sourceUpdatedAt!, lineRows, COLUMNS.orderLine);
            totals.orderLines += lineRows.length;
          });
          if (!updated) lines.drop(item.lines);
          break;
        }
        case "refund": {
          const orderId = known.orders.get(item.record.orderExternalId)?.id;
          if (known.refunds.has(item.record.externalId) || !orderId) { totals.skipped++; break; }
          known.refunds.add(item.record.externalId);
          refundRows(rows, shopId, item.record, orderId, now);
          break;
        }
      }
    }
    const inserts: RowsInsert[] = (
      [
        ["Customer", COLUMNS.customer, rows.customer],
        ["Product", COLUMNS.product, rows.product],
        ["Variant", COLUMNS.variant, rows.variant],
        ["Order", COLUMNS.order, rows.order],
        ["Refund", COLUMNS.refund, rows.refund],
        ["RefundLine", COLUMNS.refundLine, rows.refundLine],
      ] as const
    ).filter(([, , values]) => values.length > 0).map(([table, columns, values]) => ({ table, columns, rows: values }));
    // After their orders: PostgreSQL checks a line's order as it is inserted.
    const all = lines.rowCount > 0 ? [...inserts, lines] : inserts;
    totals.customers += rows.customer.length;
    totals.products += rows.product.length;
    totals.variants += rows.variant.length;
    totals.orders += rows.order.length;
    totals.orderLines += lines.rowCount;
    totals.refunds += rows.refund.length;
    totals.refundLines += rows.refundLine.length;
    const after = [...refresh.statements, ...progress];
    if (all.length === 0 && after.length === 0) return;
    // Batches commit in order: wait for the oldest until there is room.
    const maxOpen = pipelined ? MAX_IN_FLIGHT : 1;
    let open = sent.filter((b) => !b.done);
    while (open.length >= maxOpen) {
      await open[0].committed;
      open = sent.filter((b) => !b.done);
    }
    const entry: SentBatch = { seq: nextSeq++, committed: sql.insertRows(all, after, { chain }), done: false, known };
    // Surfaced by a later write (or the last one); never left unobserved.
    entry.committed.then(() => (entry.done = true), () => {});
    sent.push(entry);
  };

  const writeRead = async () => {
    const read = reading;
    reading = null;
    if (read) await write(read);
  };
  /** Writes the batch read before and starts this one's lookup (the last one even when empty: it carries the final progress). */
  const flush = async (last = false) => {
    await writeRead();
    // Batches committed before the next lookup starts are visible to it.
    while (sent.length > 0 && sent[0].done) sent.shift();
    if (batch.length === 0 && !last) return;
    const ids = referencedIds(batch);
    const lookup = knownRecords(sql, shopId, ids);
    lookup.catch(() => {}); // awaited by the write
    reading = { items: batch, lines, ids, lookup, progress: options.onBatch?.() ?? [], unseenFrom: sent.find((b) => !b.done)?.seq ?? nextSeq };
    batch = [];
    lines = packLines();
  };
  /** An order's lines packed as it is read: its records die young, where a batch's outlived the young generation. */
  const batchItem = (item: ImportItem): BatchItem => {
    if (item.kind !== "order") return item;
    const { lines: orderLines, ...record } = item.record;
    const id = rowId();
    const values: SqlValue[] = [];
    for (const l of orderLines) values.push(rowId(), id, ...orderLineValues(l));
    return { kind: "order", record, id, lines: lines.add(values) };
  };

  try {
    for await (const item of items) {
      batch.push(batchItem(item));
      if (batch.length >= batchRecords) await flush();
    }
  } catch (error) {
    // The source failed (a dropped download): the batches already read still
    // land, with their progress, before the caller hears of it.
    await writeRead().catch(() => {});
    await Promise.allSettled(sent.map((b) => b.committed));
    throw error;
  }
  await flush(true);
  await writeRead();
  for (const { committed } of sent) await committed;
  return totals;
}

/** Lookup results plus what a batch still committing holds of the same records (found there, new or updated). */
function withUnseen(known: KnownRecords, unseen: KnownRecords, ids: ReferencedIds): KnownRecords {
  const merge = (into: Map<string, StoredRecord>, from: Map<string, StoredRecord>, externalIds: Set<string>) => {
    for (const externalId of externalIds) {
      const seen = from.get(externalId);
      if (seen === undefined) continue;
      const found = into.get(externalId);
      if (!found) into.set(externalId, { ...seen });
      else if (seen.sourceUpdatedAt && !isStale(found, seen.sourceUpdatedAt)) found.sourceUpdatedAt = seen.sourceUpdatedAt;
    }
  };
  merge(known.customers, unseen.customers, ids.customers);
  merge(known.products, unseen.products, ids.products);
  merge(known.orders, unseen.orders, ids.orders);
  for (const externalId of ids.refunds) if (unseen.refunds.has(externalId)) known.refunds.add(externalId);
  return known;
}

/** A record the store holds: its row id, and what decides whether a version is newer (isStale). */
interface StoredRecord {
  id: string;
  sourceUpdatedAt: Date | null;
  deletedAt?: Date | null;
  redactedAt?: Date | null;
}

interface KnownRecords {
  customers: Map<string, StoredRecord>;
  products: Map<string, StoredRecord>;
  orders: Map<string, StoredRecord>;
  refunds: Set<string>;
}

interface ReferencedIds {
  customers: Set<string>;
  products: Set<string>;
  orders: Set<string>;
  refunds: Set<string>;
}

/** The external ids a batch holds or refers to. */
function referencedIds(items: readonly BatchItem[]): ReferencedIds {
  const ids: ReferencedIds = { customers: new Set(), products: new Set(), orders: new Set(), refunds: new Set() };
  for (const item of items) {
    if (item.kind === "customer") ids.customers.add(item.record.externalId);
    else if (item.kind === "product") ids.products.add(item.record.externalId);
    else if (item.kind === "order") {
      ids.orders.add(item.record.externalId);
      if (item.record.customer) ids.customers.add(item.record.customer.externalId);
    } else {
      ids.refunds.add(item.record.externalId);
      ids.orders.add(item.record.orderExternalId);
    }
  }
  return ids;
}

// Well under both databases' caps on bound parameters.
const LOOKUP_CHUNK = 5_000;

/**
 * The records of a batch (and those it refers to) that the store already
 * holds. Asked through the driver (Prisma costs milliseconds per query, and
 * a million-order load asks thousands of times); on SQLite a reader thread
 * answers, from what is committed, while the writer works.
 */
async function knownRecords(sql: SqlExecutor, shopId: string, ids: ReferencedIds): Promise<KnownRecords> {
  // Dates as epoch milliseconds: SQLite holds ISO text, PostgreSQL a
  // timestamp without zone (UTC), which pg would read in the local zone.
  const epochMs = (column: string) => (sql.provider === "sqlite" ? `"${column}"` : `(extract(epoch from "${column}") * 1000)::float8`);
  const found = async (table: string, values: Set<string>, versionColumns: readonly VersionColumn[]): Promise<[string, StoredRecord][]> => {
    const all = [...values];
    const out: [string, StoredRecord][] = [];
    const select = `SELECT "id", "externalId"${versionColumns.map((c) => `, ${epochMs(c)} AS "${c}"`).join("")} FROM "${table}" WHERE "shopId" = `;
    for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
      const chunk = all.slice(i, i + LOOKUP_CHUNK);
      // SQLite takes the ids as one JSON array: a list of marks is new SQL,
      // prepared afresh, for nearly every batch (their sizes differ).
      const rows = await (sql.provider === "sqlite"
        ? sql.query<FoundRow>(`${select}? AND "externalId" IN (SELECT value FROM json_each(?))`, [shopId, JSON.stringify(chunk)])
        : sql.query<FoundRow>(`${select}$1 AND "externalId" IN (${chunk.map((_, j) => `$${j + 2}`).join(",")})`, [shopId, ...chunk]));
      for (const r of rows) out.push([r.externalId, storedRecord(r)]);
    }
    return out;
  };
  const [customers, products, orders, refunds] = await Promise.all([
    found("Customer", ids.customers, ["sourceUpdatedAt", "deletedAt", "redactedAt"]),
    found("Product", ids.products, ["sourceUpdatedAt", "deletedAt"]),
    found("Order", ids.orders, ["sourceUpdatedAt"]),
    found("Refund", ids.refunds, []),
  ]);
  return {
    customers: new Map(customers),
    products: new Map(products),
    orders: new Map(orders),
    refunds: new Set(refunds.map(([externalId]) => externalId)),
  };
}

type VersionColumn = "sourceUpdatedAt" | "deletedAt" | "redactedAt";
type FoundRow = { id: string; externalId: string } & Partial<Record<VersionColumn, string | number | null>>;

function storedRecord(row: FoundRow): StoredRecord {
  const date = (v: string | number | null | undefined) => (v === null || v === undefined ? null : new Date(v));
  return { id: row.id, sourceUpdatedAt: date(row.sourceUpdatedAt), deletedAt: date(row.deletedAt), redactedAt: date(row.redactedAt) };
}

type Rows = Record<Exclude<keyof typeof COLUMNS, "orderLine">, SqlValue[][]>;

function emptyRows(): Rows {
  return { customer: [], product: [], variant: [], order: [], refund: [], refundLine: [] };
}

function customerRow(rows: Rows, shopId: string, c: CustomerRecord, now: Date): string {
  const id = rowId();
  const fields = customerColumns(c);
  rows.customer.push([id, shopId, c.externalId, ...CUSTOMER_FIELDS.map((f) => fields[f]), now, now]);
  return id;
}

function productRows(rows: Rows, shopId: string, p: ProductRecord, now: Date): string {
  const id = rowId();
  const fields = productColumns(p);
  rows.product.push([id, shopId, p.externalId, ...PRODUCT_FIELDS.map((f) => fields[f]), now, now]);
  rows.variant.push(...variantRows(shopId, id, p, now));
  return id;
}

function variantRows(shopId: string, productId: string, p: ProductRecord, now: Date): SqlValue[][] {
  return p.variants.map((v) => [rowId(), shopId, productId, v.externalId, v.title, v.sku, v.price, v.compareAtPrice, v.inventoryQuantity, now, now]);
}

/** The order's columns (ORDER_FIELDS) and their values. */
function orderFields(o: Omit<OrderRecord, "lines">, customerId: string | null): [string, SqlValue][] {
  const fields = orderColumns(o, customerId);
  return ORDER_FIELDS.map((f) => [f, fields[f]]);
}

function orderRow(rows: Rows, shopId: string, id: string, o: Omit<OrderRecord, "lines">, customerId: string | null, now: Date): void {
  rows.order.push([id, shopId, o.externalId, ...orderFields(o, customerId).map(([, v]) => v), now, now]);
}

/** An order's lines as packed (every column but the shop, which is fixed), as whole rows under another order id. */
function linesUnder(packed: SqlValue[], shopId: string, orderId: string): SqlValue[][] {
  const rows: SqlValue[][] = [];
  for (let at = 0; at < packed.length; at += PACKED_LINE_WIDTH) {
    rows.push(PACKED_LINE_SLOTS.map((slot) => (slot === SHOP ? shopId : slot === ORDER ? orderId : packed[at + slot])));
  }
  return rows;
}

// For each column of COLUMNS.orderLine, its value's place in a packed row;
// the shop is not packed, and the order id is replaced.
const SHOP = -1;
const ORDER = -2;
const PACKED_LINE_COLUMNS = COLUMNS.orderLine.filter((c) => c !== "shopId");
const PACKED_LINE_WIDTH = PACKED_LINE_COLUMNS.length;
const PACKED_LINE_SLOTS = COLUMNS.orderLine.map((c) => (c === "shopId" ? SHOP : c === "orderId" ? ORDER : PACKED_LINE_COLUMNS.indexOf(c)));

function refundRows(rows: Rows, shopId: string, r: RefundRecord, orderId: string, now: Date): void {
  const id = rowId();
  rows.refund.push([id, shopId, orderId, r.externalId, r.amount, r.note, r.processedAt, now]);
  for (const l of r.lines) rows.refundLine.push([rowId(), id, l.orderLineExternalId, l.productExternalId, l.quantity, l.subtotal]);
}
