// The CDNOW music-store sample (Fader, Hardie & Lee) as canonical records.
//
// Input: CDNOW_sample.txt, whitespace separated, no header, one purchase a row:
//   master_id sample_id date(YYYYMMDD) number_of_cds dollar_value
// Translation
// - customer externalId = sample_id without leading zeros ("0001" -> "1"), the
//   ID column of cdnow_customers_summary.csv; one CustomerRecord per customer,
//   emitted before its first order (no name, email or address in the data).
// - one OrderRecord per row: externalId `${customerId}-${rowNumber}` (rowNumber
//   = 1-based line in the file), processedAt = the date at 00:00 UTC, currency
//   USD, subtotal = total = dollar_value, one line "CD purchase" with quantity
//   = number_of_cds and price = dollar_value / max(1, number_of_cds) (rounded
//   to 4 decimals; the order total keeps the exact dollar_value),
//   productExternalId null (the data has no products).

import type { CustomerRecord, OrderRecord } from "../store/records.ts";
import { anonymousCustomer, fileOrder, roundMoney, type ImportItem } from "./importItems.ts";
import { newReadProgress, readLineBatches, type ImportSource, type ReadProgress } from "./textSource.ts";

export const CDNOW_CURRENCY = "USD";

export interface CdnowRow {
  /** 1-based line number. */
  line: number;
  masterId: string;
  /** sample_id without leading zeros. */
  customerId: string;
  date: Date;
  cds: number;
  dollars: number;
}

export interface CdnowCounts {
  rows: number;
  orders: number;
  guestOrders: number;
  customers: number;
  products: number;
  lines: number;
  cds: number;
  dollars: number;
}

export interface CdnowResult {
  customers: CustomerRecord[];
  orders: OrderRecord[];
  counts: CdnowCounts;
}

export interface CdnowOptions {
  onProgress?: (progress: ReadProgress & { done: boolean }) => void;
}

export function parseCdnowRow(text: string, line: number): CdnowRow | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const parts = trimmed.split(/\s+/);
  if (parts.length < 5) throw new Error(`CDNOW line ${line}: expected 5 columns, got ${parts.length}`);
  const [masterId, sampleId, yyyymmdd, cdsText, dollarsText] = parts;
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  const cds = Number(cdsText);
  const dollars = Number(dollarsText);
  if (!date || !Number.isFinite(cds) || !Number.isFinite(dollars)) {
    throw new Error(`CDNOW line ${line}: unreadable row ${JSON.stringify(trimmed)}`);
  }
  return {
    line,
    masterId,
    customerId: sampleId.replace(/^0+(?=\d)/, ""),
    date: new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))),
    cds,
    dollars,
  };
}

function customerRecord(row: CdnowRow): CustomerRecord {
  return anonymousCustomer(row.customerId, null, row.date);
}

function orderRecord(row: CdnowRow, customer: CustomerRecord): OrderRecord {
  const externalId = `${row.customerId}-${row.line}`;
  const total = roundMoney(row.dollars);
  return fileOrder({
    externalId,
    customer,
    currency: CDNOW_CURRENCY,
    total,
    processedAt: row.date,
    lines: [
      {
        externalId: `${externalId}-1`,
        productExternalId: null,
        variantExternalId: null,
        sku: null,
        title: "CD purchase",
        variantTitle: null,
        vendor: null,
        quantity: row.cds,
        price: Math.round((row.dollars / Math.max(1, row.cds)) * 10_000) / 10_000,
        totalDiscount: 0,
        giftCard: false,
        giftWrap: false,
      },
    ],
  });
}

/** Streams the file (plain or gzip) as canonical records in file order; returns the counts. */
export async function* streamCdnow(source: ImportSource, options: CdnowOptions = {}): AsyncGenerator<ImportItem, CdnowCounts> {
  const counts: CdnowCounts = { rows: 0, orders: 0, guestOrders: 0, customers: 0, products: 0, lines: 0, cds: 0, dollars: 0 };
  const customers = new Map<string, CustomerRecord>();
  const progress = newReadProgress();
  let line = 0;
  let dollarCents = 0;
  for await (const lines of readLineBatches(source, progress)) {
    const out: ImportItem[] = [];
    for (const text of lines) {
      line++;
      const row = parseCdnowRow(text, line);
      if (!row) continue;
      counts.rows++;
      let customer = customers.get(row.customerId);
      if (!customer) {
        customer = customerRecord(row);
        customers.set(row.customerId, customer);
        counts.customers++;
        out.push({ kind: "customer", record: customer });
      }
      const order = orderRecord(row, customer);
      counts.orders++;
      counts.lines += order.lines.length;
      counts.cds += row.cds;
      dollarCents += Math.round(row.dollars * 100);
      out.push({ kind: "order", record: order });
    }
    counts.dollars = dollarCents / 100;
    yield* out;
    options.onProgress?.({ ...progress, done: false });
  }
  options.onProgress?.({ ...progress, done: true });
  return counts;
}

/** The whole file in memory (6,919 orders and 2,357 customers for the sample). */
export async function parseCdnow(source: ImportSource, options: CdnowOptions = {}): Promise<CdnowResult> {
  const result: CdnowResult = {
    customers: [],
    orders: [],
    counts: { rows: 0, orders: 0, guestOrders: 0, customers: 0, products: 0, lines: 0, cds: 0, dollars: 0 },
  };
  const stream = streamCdnow(source, options);
  for (;;) {
    const next = await stream.next();
    if (next.done) {
      result.counts = next.value;
      return result;
    }
    if (next.value.kind === "customer") result.customers.push(next.value.record);
    else if (next.value.kind === "order") result.orders.push(next.value.record);
  }
}
