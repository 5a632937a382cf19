// The UCI "Online Retail" data set (a UK gift wholesaler, 2010-2011) as
// canonical records.
//
// Input: CSV (plain or gzip, detected by magic bytes) with the columns
//   InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
// sorted by InvoiceDate, one line per invoice line. Descriptions may be quoted
// and contain commas. InvoiceDate is the shop's local time (Europe/London) and
// becomes an instant through Intl, so summer times get +01:00.
//
// Translation
// - An invoice is one OrderRecord: externalId = name = InvoiceNo, processedAt =
//   its first line's InvoiceDate, currency GBP, subtotal = total = the sum of
//   Quantity * UnitPrice over its lines, financialStatus "paid". Each CSV line
//   is one order line (externalId `${InvoiceNo}-${n}`, n = 1-based position of
//   the line in its invoice).
// - StockCodes are case-insensitive in the data ("85049d" and "85049D" are the
//   same product), so they are upper-cased everywhere.
// - Lines without CustomerID are guest orders (customer null). CustomerID
//   "17850.0" is customer "17850"; each distinct customer is also emitted as a
//   CustomerRecord (no name or email in the data; address.country = the ISO
//   code of the Country of its first invoice, null for "Unspecified"). Orders
//   carry the same country-only address as billing address.
// - Real products: every distinct StockCode that is not in
//   NON_PRODUCT_STOCK_CODES becomes a ProductRecord (title = its most frequent
//   Description, one variant with externalId = sku = StockCode and price = its
//   most frequent positive UnitPrice; ties go to the first seen). Non-product
//   codes (postage, fees, manual adjustments, vouchers) stay on the orders so
//   totals are right, with productExternalId null, and create no product.
// - Cancellations: invoices "C…" (negative quantities). Each is matched to the
//   same customer's most recent earlier invoice (earlier in the file, which is
//   sorted by date) that contains the stock code of its first line, and becomes
//   a RefundRecord on it (externalId = the C invoice number, amount and line
//   quantities as absolute values, refund lines pointing at the original order
//   line with the same stock code when there is one). When there is no such
//   invoice (the original predates the file, or the cancellation is a guest's)
//   the cancellation is emitted as an OrderRecord of its own with cancelledAt =
//   its date, financialStatus "refunded", cancelReason "other" and positive
//   quantities and amounts, so nothing in the file is lost.
// - Stock adjustments are not sales and are skipped (counted in
//   `skippedInvoices`/`skippedLines`): invoices numbered "A…" (bad-debt
//   write-offs, StockCode B) and invoices without CustomerID whose every line
//   has UnitPrice 0 (warehouse corrections described "damaged", "found",
//   "?", ...). In this file they are single-line invoices; guest invoices that
//   mix priced and unpriced lines are real orders and are kept whole.
//
// Two passes over the file: the first gathers per-product statistics (the
// titles and prices above need the whole file), the second emits records in
// time order, each product just before the first order (or refund) that
// names it, each customer before its first order. Both
// passes stream; memory holds the products, customers and, per customer, the
// stock codes of its invoices (for matching cancellations).

import type {
  AddressRecord,
  CustomerRecord,
  OrderLineRecord,
  OrderRecord,
  ProductRecord,
  RefundLineRecord,
  RefundRecord,
} from "../store/records.ts";
import { anonymousCustomer, fileOrder, roundMoney, type ImportItem } from "./importItems.ts";
import { newReadProgress, readCsvBatches, type ImportSource, type ReadProgress } from "./textSource.ts";
import { zonedWallTimeToUtc } from "./timeZone.ts";

export const ONLINE_RETAIL_TIME_ZONE = "Europe/London";
export const ONLINE_RETAIL_CURRENCY = "GBP";
export const ONLINE_RETAIL_COLUMNS = [
  "InvoiceNo",
  "StockCode",
  "Description",
  "Quantity",
  "InvoiceDate",
  "UnitPrice",
  "CustomerID",
  "Country",
] as const;

/**
 * StockCodes that are not products, found in the data (upper-cased). They
 * remain order lines (their amounts belong to the invoice totals) but carry
 * productExternalId null and create no ProductRecord.
 */
export const NON_PRODUCT_STOCK_CODES: readonly string[] = [
  "POST", // POSTAGE (mostly on foreign invoices)
  "DOT", // DOTCOM POSTAGE
  "C2", // CARRIAGE
  "23444", // Next Day Carriage
  "M", // Manual (price corrections, also "m")
  "D", // Discount
  "S", // SAMPLES
  "B", // Adjust bad debt
  "BANK CHARGES", // Bank Charges
  "AMAZONFEE", // AMAZON FEE
  "CRUK", // CRUK Commission (charity)
  "PADS", // PADS TO MATCH ALL CUSHIONS (priced 0.001)
  "22016", // Dotcomgiftshop Gift Voucher £100.00
  // plus every code starting with GIFT_0001_ (Dotcomgiftshop Gift Voucher £10..£50)
];

/** Prefixes of non-product codes (gift vouchers "gift_0001_20" and the like). */
export const NON_PRODUCT_STOCK_CODE_PREFIXES: readonly string[] = ["GIFT_0001_"];

const NON_PRODUCT_SET = new Set(NON_PRODUCT_STOCK_CODES);

/** Stock codes sold as gift vouchers: their order lines are gift cards. */
export function isGiftVoucherStockCode(code: string): boolean {
  const upper = normalizeStockCode(code);
  return upper.startsWith("GIFT_0001_") || upper === "22016";
}

export function normalizeStockCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isProductStockCode(code: string): boolean {
  const upper = normalizeStockCode(code);
  if (upper === "" || NON_PRODUCT_SET.has(upper)) return false;
  for (const prefix of NON_PRODUCT_STOCK_CODE_PREFIXES) if (upper.startsWith(prefix)) return false;
  return true;
}

/** "17850.0" -> "17850"; "" -> null (a guest). */
export function normalizeCustomerId(raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  const match = /^(\d+)\.0*$/.exec(text);
  return match ? match[1] : text;
}

/**
 * ISO 3166-1 alpha-2 codes of the Country names in the data, the way Pearl's
 * Shopify translator stores addresses (country_code first). "Channel Islands"
 * becomes Jersey; "Unspecified" and "European Community" are no country.
 */
export const ONLINE_RETAIL_COUNTRY_CODES: Readonly<Record<string, string | null>> = {
  "United Kingdom": "GB",
  Germany: "DE",
  France: "FR",
  EIRE: "IE",
  Spain: "ES",
  Netherlands: "NL",
  Belgium: "BE",
  Switzerland: "CH",
  Australia: "AU",
  Portugal: "PT",
  "Channel Islands": "JE",
  Norway: "NO",
  Finland: "FI",
  Italy: "IT",
  Cyprus: "CY",
  Unspecified: null,
  Japan: "JP",
  Sweden: "SE",
  Austria: "AT",
  "Hong Kong": "HK",
  Poland: "PL",
  Israel: "IL",
  Denmark: "DK",
  Singapore: "SG",
  Canada: "CA",
  Iceland: "IS",
  Greece: "GR",
  Malta: "MT",
  "European Community": null,
  Lebanon: "LB",
  Lithuania: "LT",
  Brazil: "BR",
  "United Arab Emirates": "AE",
  USA: "US",
  Bahrain: "BH",
  "Czech Republic": "CZ",
  "Saudi Arabia": "SA",
  RSA: "ZA",
};

/** The ISO code of a Country value; an unknown name is kept as written, "" and "Unspecified" are null. */
export function normalizeCountry(raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  const code = ONLINE_RETAIL_COUNTRY_CODES[text];
  return code === undefined ? text : code;
}

export interface OnlineRetailCounts {
  /** Data lines read (header excluded). */
  lines: number;
  /** OrderRecords emitted: sale invoices plus unmatched cancellations. */
  orders: number;
  /** Sale invoices (not "C…"), i.e. orders that are not cancellations. */
  saleOrders: number;
  /** OrderRecords without customer (guest sales and guest cancellations). */
  guestOrders: number;
  /** Cancellation invoices ("C…") in the file. */
  cancellations: number;
  /** Cancellations attached to an earlier invoice as RefundRecords. */
  refunds: number;
  /** Cancellations emitted as cancelled OrderRecords. */
  unmatchedCancellations: number;
  customers: number;
  products: number;
  /** Lines of all OrderRecords. */
  orderLines: number;
  /** Lines of all RefundRecords. */
  refundLines: number;
  /** Order and refund lines whose stock code is not a product. */
  nonProductLines: number;
  /** Stock adjustments skipped (see the module comment). */
  skippedInvoices: number;
  skippedLines: number;
}

export interface OnlineRetailProgress extends ReadProgress {
  /** "scan" gathers product statistics, "records" emits the records. */
  phase: "scan" | "records";
  /** Share of the whole job done, 0..1 (the scan is about a third of it). */
  fraction: number;
  counts: OnlineRetailCounts;
  done: boolean;
}

export interface OnlineRetailOptions {
  /** IANA zone of InvoiceDate; default Europe/London. */
  timeZone?: string;
  /** Default GBP. */
  currency?: string;
  /** Called after every chunk read (about 10,000 lines) and once at the end. */
  onProgress?: (progress: OnlineRetailProgress) => void;
}

export interface OnlineRetailResult {
  customers: CustomerRecord[];
  products: ProductRecord[];
  orders: OrderRecord[];
  refunds: RefundRecord[];
  counts: OnlineRetailCounts;
}

// ---------------------------------------------------------------------------
// Rows

interface Row {
  invoiceNo: string;
  /** Upper-cased. */
  stockCode: string;
  /** Whether the stock code is a real product. */
  product: boolean;
  description: string;
  quantity: number;
  wall: string;
  /** The wall-clock time read as if it were UTC: for ordering and windows only. */
  wallMs: number;
  unitPrice: number;
  customerId: string | null;
  country: string;
  line: number;
}

interface ColumnIndex {
  invoiceNo: number;
  stockCode: number;
  description: number;
  quantity: number;
  invoiceDate: number;
  unitPrice: number;
  customerId: number;
  country: number;
}

function columnIndex(header: string[]): ColumnIndex {
  const names = header.map((name) => name.trim().toLowerCase());
  const find = (name: string): number => {
    const at = names.indexOf(name.toLowerCase());
    if (at === -1) throw new Error(`online-retail: column ${name} missing (header: ${header.join(",")})`);
    return at;
  };
  return {
    invoiceNo: find("InvoiceNo"),
    stockCode: find("StockCode"),
    description: find("Description"),
    quantity: find("Quantity"),
    invoiceDate: find("InvoiceDate"),
    unitPrice: find("UnitPrice"),
    customerId: find("CustomerID"),
    country: find("Country"),
  };
}

/** "2010-12-01 08:26:00" (this file) or "12/1/2010 8:26" (the UCI spreadsheet export). */
function wallParts(text: string, line: number): [number, number, number, number, number, number] {
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (iso) return [+iso[1], +iso[2], +iso[3], +iso[4], +iso[5], +(iso[6] ?? 0)];
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (us) return [+us[3], +us[1], +us[2], +us[4], +us[5], +(us[6] ?? 0)];
  throw new Error(`online-retail line ${line}: unreadable InvoiceDate ${JSON.stringify(text)}`);
}

interface RowCaches {
  wall: Map<string, number>;
  customer: Map<string, string | null>;
  code: Map<string, { code: string; product: boolean }>;
}

function toRow(fields: string[], columns: ColumnIndex, line: number, caches: RowCaches): Row {
  const wallCache = caches.wall;
  const wall = fields[columns.invoiceDate]?.trim() ?? "";
  let wallMs = wallCache.get(wall);
  if (wallMs === undefined) {
    const [y, mo, d, h, mi, s] = wallParts(wall, line);
    wallMs = Date.UTC(y, mo - 1, d, h, mi, s);
    wallCache.set(wall, wallMs);
  }
  const rawCode = fields[columns.stockCode] ?? "";
  let code = caches.code.get(rawCode);
  if (!code) {
    const normalized = normalizeStockCode(rawCode);
    code = { code: normalized, product: isProductStockCode(normalized) };
    caches.code.set(rawCode, code);
  }
  const quantity = Number(fields[columns.quantity]);
  const unitPrice = Number(fields[columns.unitPrice]);
  if (!Number.isFinite(quantity) || !Number.isFinite(unitPrice)) {
    throw new Error(`online-retail line ${line}: Quantity or UnitPrice is not a number`);
  }
  const invoiceNo = fields[columns.invoiceNo]?.trim() ?? "";
  if (invoiceNo === "") throw new Error(`online-retail line ${line}: empty InvoiceNo`);
  return {
    invoiceNo,
    stockCode: code.code,
    product: code.product,
    description: (fields[columns.description] ?? "").trim(),
    quantity,
    wall,
    wallMs,
    unitPrice,
    customerId: cachedCustomerId(fields[columns.customerId] ?? "", caches.customer),
    country: fields[columns.country] ?? "",
    line,
  };
}

function cachedCustomerId(raw: string, cache: Map<string, string | null>): string | null {
  let id = cache.get(raw);
  if (id === undefined) {
    id = normalizeCustomerId(raw);
    cache.set(raw, id);
  }
  return id;
}

/** Rows of the file in batches, header checked and dropped. */
async function* readRows(source: ImportSource, progress: ReadProgress): AsyncGenerator<Row[]> {
  let columns: ColumnIndex | null = null;
  const caches: RowCaches = { wall: new Map(), customer: new Map(), code: new Map() };
  for await (const records of readCsvBatches(source, progress)) {
    const rows: Row[] = [];
    for (const record of records) {
      if (!columns) {
        columns = columnIndex(record.fields);
        continue;
      }
      rows.push(toRow(record.fields, columns, record.line, caches));
    }
    if (rows.length) yield rows;
  }
}

function isAccountingInvoice(invoiceNo: string): boolean {
  return invoiceNo.charCodeAt(0) === 65; // "A…": bad-debt adjustments
}

function isCancellationInvoice(invoiceNo: string): boolean {
  return invoiceNo.charCodeAt(0) === 67; // "C…"
}

// ---------------------------------------------------------------------------
// Pass 1: product statistics

interface Tally {
  count: number;
  first: number;
}

interface ProductStats {
  descriptions: Map<string, Tally>;
  prices: Map<number, Tally>;
}

export interface ProductSummary {
  title: string;
  price: number;
}

function tally<K>(map: Map<K, Tally>, key: K, line: number): void {
  const entry = map.get(key);
  if (entry) entry.count++;
  else map.set(typeof key === "string" ? (detached(key) as K) : key, { count: 1, first: line });
}

/**
 * A copy of a string that does not point into the chunk it was cut from (V8
 * keeps the whole chunk alive behind a substring), for strings kept long.
 */
function detached(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, "utf8").toString("utf8");
}

function mostFrequent<K>(map: Map<K, Tally>): K | undefined {
  let best: K | undefined;
  let bestTally: Tally | undefined;
  for (const [key, entry] of map) {
    if (!bestTally || entry.count > bestTally.count || (entry.count === bestTally.count && entry.first < bestTally.first)) {
      best = key;
      bestTally = entry;
    }
  }
  return best;
}

async function scanProducts(
  source: ImportSource,
  report: (progress: ReadProgress) => void,
): Promise<Map<string, ProductSummary>> {
  const stats = new Map<string, ProductStats>();
  const add = (code: string, description: string, price: number, line: number): void => {
    let entry = stats.get(code);
    if (!entry) {
      entry = { descriptions: new Map(), prices: new Map() };
      stats.set(code, entry);
    }
    if (description !== "") tally(entry.descriptions, description, line);
    if (price > 0) tally(entry.prices, price, line);
  };
  // Lean on purpose (no Row objects): only what the statistics need.
  const codes = new Map<string, { code: string; product: boolean }>();
  // Unpriced guest lines count only once their invoice proves to be a sale.
  const pending = new Map<string, [string, string, number, number][]>();
  const guestWithPrice = new Set<string>();
  const progress = newReadProgress();
  let columns: ColumnIndex | null = null;
  for await (const records of readCsvBatches(source, progress)) {
    for (const { fields, line } of records) {
      if (!columns) {
        columns = columnIndex(fields);
        continue;
      }
      const invoiceNo = (fields[columns.invoiceNo] ?? "").trim();
      if (isAccountingInvoice(invoiceNo)) continue;
      const price = Number(fields[columns.unitPrice]);
      const guest = (fields[columns.customerId] ?? "").trim() === "";
      if (guest && price !== 0) guestWithPrice.add(invoiceNo);
      const rawCode = fields[columns.stockCode] ?? "";
      let code = codes.get(rawCode);
      if (!code) {
        const normalized = normalizeStockCode(rawCode);
        code = { code: normalized, product: isProductStockCode(normalized) };
        codes.set(rawCode, code);
      }
      if (!code.product) continue;
      const description = (fields[columns.description] ?? "").trim();
      if (!guest || price !== 0) {
        add(code.code, description, price, line);
      } else {
        let list = pending.get(invoiceNo);
        if (!list) pending.set(invoiceNo, (list = []));
        list.push([code.code, description, price, line]);
      }
    }
    report(progress);
  }
  for (const [invoiceNo, rows] of pending) {
    if (guestWithPrice.has(invoiceNo)) for (const row of rows) add(...row);
  }
  const summaries = new Map<string, ProductSummary>();
  for (const [code, entry] of stats) {
    summaries.set(code, { title: mostFrequent(entry.descriptions) ?? code, price: mostFrequent(entry.prices) ?? 0 });
  }
  return summaries;
}

// ---------------------------------------------------------------------------
// Pass 2: records

interface OpenInvoice {
  invoiceNo: string;
  rows: Row[];
  lastWallMs: number;
}

interface InvoiceHistory {
  invoiceNo: string;
  /** Stock code -> 1-based position of the first order line with it. */
  lines: Map<string, number>;
}

/** Lines of one invoice may be interleaved with others' within this window. */
const INVOICE_WINDOW_MS = 60 * 60 * 1000;

function emptyCounts(): OnlineRetailCounts {
  return {
    lines: 0,
    orders: 0,
    saleOrders: 0,
    guestOrders: 0,
    cancellations: 0,
    refunds: 0,
    unmatchedCancellations: 0,
    customers: 0,
    products: 0,
    orderLines: 0,
    refundLines: 0,
    nonProductLines: 0,
    skippedInvoices: 0,
    skippedLines: 0,
  };
}

function countryAddress(country: string | null): AddressRecord | null {
  if (country === null) return null;
  return { name: null, address1: null, city: null, zip: null, province: null, country };
}

/**
 * Streams the file as canonical records in time order (see the module
 * comment). The generator's return value is the final counts; `onProgress`
 * sees them grow. Stop early with `break`: the file is closed.
 */
export async function* streamOnlineRetail(
  source: ImportSource,
  options: OnlineRetailOptions = {},
): AsyncGenerator<ImportItem, OnlineRetailCounts> {
  const timeZone = options.timeZone ?? ONLINE_RETAIL_TIME_ZONE;
  const currency = options.currency ?? ONLINE_RETAIL_CURRENCY;
  const counts = emptyCounts();
  const onProgress = options.onProgress;
  const SCAN_SHARE = 0.35;
  const report = (phase: "scan" | "records", progress: ReadProgress, done = false): void => {
    if (!onProgress) return;
    const within = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
    const fraction = done ? 1 : phase === "scan" ? within * SCAN_SHARE : SCAN_SHARE + within * (1 - SCAN_SHARE);
    onProgress({ ...progress, phase, fraction, counts: { ...counts }, done });
  };

  const summaries = await scanProducts(source, (progress) => report("scan", progress));

  const instants = new Map<string, Date>();
  const instantOf = (row: Row): Date => {
    let instant = instants.get(row.wall);
    if (!instant) {
      const wall = new Date(row.wallMs);
      instant = zonedWallTimeToUtc(
        timeZone,
        wall.getUTCFullYear(),
        wall.getUTCMonth() + 1,
        wall.getUTCDate(),
        wall.getUTCHours(),
        wall.getUTCMinutes(),
        wall.getUTCSeconds(),
      );
      instants.set(row.wall, instant);
    }
    return instant;
  };

  const customers = new Map<string, CustomerRecord>();
  const emittedProducts = new Set<string>();
  const history = new Map<string, InvoiceHistory[]>();
  const open = new Map<string, OpenInvoice>();
  const closed = new Set<string>();
  const out: ImportItem[] = [];

  const customerFor = (row: Row, at: Date): CustomerRecord | null => {
    if (row.customerId === null) return null;
    let customer = customers.get(row.customerId);
    if (!customer) {
      customer = anonymousCustomer(row.customerId, countryAddress(normalizeCountry(row.country)), at);
      customers.set(row.customerId, customer);
      counts.customers++;
      out.push({ kind: "customer", record: customer });
    }
    return customer;
  };

  const productFor = (row: Row, at: Date): string | null => {
    if (!row.product) return null;
    const code = row.stockCode;
    if (!emittedProducts.has(code)) {
      emittedProducts.add(code);
      const summary = summaries.get(code) ?? { title: code, price: 0 };
      const product: ProductRecord = {
        externalId: code,
        title: summary.title,
        handle: productHandle(summary.title, code),
        productType: null,
        vendor: null,
        tags: "",
        status: "active",
        imageUrl: null,
        publishedAt: at,
        sourceCreatedAt: at,
        sourceUpdatedAt: at,
        variants: [
          { externalId: code, title: null, sku: code, price: summary.price, compareAtPrice: null, inventoryQuantity: null },
        ],
      };
      counts.products++;
      out.push({ kind: "product", record: product });
    }
    return code;
  };

  const orderLines = (invoice: OpenInvoice, at: Date, sign: 1 | -1): OrderLineRecord[] =>
    invoice.rows.map((row, index) => {
      const productExternalId = productFor(row, at);
      if (productExternalId === null) counts.nonProductLines++;
      return {
        externalId: `${invoice.invoiceNo}-${index + 1}`,
        productExternalId,
        variantExternalId: productExternalId,
        sku: row.stockCode || null,
        title: row.description || summaries.get(row.stockCode)?.title || row.stockCode || "(no description)",
        variantTitle: null,
        vendor: null,
        quantity: sign * row.quantity,
        price: row.unitPrice,
        totalDiscount: 0,
        giftCard: isGiftVoucherStockCode(row.stockCode),
        giftWrap: false,
      };
    });

  const invoiceTotal = (invoice: OpenInvoice): number => {
    let total = 0;
    for (const row of invoice.rows) total += row.quantity * row.unitPrice;
    return roundMoney(total);
  };

  const orderRecord = (
    invoice: OpenInvoice,
    customer: CustomerRecord | null,
    processedAt: Date,
    cancelled: boolean,
  ): OrderRecord => {
    const lines = orderLines(invoice, processedAt, cancelled ? -1 : 1);
    const total = cancelled ? -invoiceTotal(invoice) : invoiceTotal(invoice);
    counts.orders++;
    counts.orderLines += lines.length;
    if (customer === null) counts.guestOrders++;
    return fileOrder({
      externalId: invoice.invoiceNo,
      customer,
      currency,
      total,
      processedAt,
      lines,
      billing: countryAddress(normalizeCountry(invoice.rows[0].country)),
      ...(cancelled ? { financialStatus: "refunded", fulfillmentStatus: null, cancelledAt: processedAt, cancelReason: "other" } : {}),
    });
  };

  const close = (invoice: OpenInvoice): void => {
    closed.add(invoice.invoiceNo);
    open.delete(invoice.invoiceNo);
    const first = invoice.rows[0];
    const guest = first.customerId === null;
    if (isAccountingInvoice(invoice.invoiceNo) || (guest && invoice.rows.every((row) => row.unitPrice === 0))) {
      counts.skippedInvoices++;
      counts.skippedLines += invoice.rows.length;
      return;
    }
    let earliest = first;
    for (const row of invoice.rows) if (row.wallMs < earliest.wallMs) earliest = row;
    const processedAt = instantOf(earliest);
    const customer = customerFor(first, processedAt);

    if (!isCancellationInvoice(invoice.invoiceNo)) {
      const order = orderRecord(invoice, customer, processedAt, false);
      counts.saleOrders++;
      out.push({ kind: "order", record: order });
      if (customer) {
        const lines = new Map<string, number>();
        invoice.rows.forEach((row, index) => {
          if (!lines.has(row.stockCode)) lines.set(row.stockCode, index + 1);
        });
        let list = history.get(customer.externalId);
        if (!list) history.set(customer.externalId, (list = []));
        list.push({ invoiceNo: invoice.invoiceNo, lines });
      }
      return;
    }

    counts.cancellations++;
    let original: InvoiceHistory | undefined;
    if (customer) {
      const list = history.get(customer.externalId) ?? [];
      for (let at = list.length - 1; at >= 0; at--) {
        if (list[at].lines.has(first.stockCode)) {
          original = list[at];
          break;
        }
      }
    }
    if (!original) {
      counts.unmatchedCancellations++;
      out.push({ kind: "order", record: orderRecord(invoice, customer, processedAt, true) });
      return;
    }
    const lines: RefundLineRecord[] = invoice.rows.map((row) => {
      if (!row.product) counts.nonProductLines++;
      const position = original.lines.get(row.stockCode);
      return {
        orderLineExternalId: position === undefined ? null : `${original.invoiceNo}-${position}`,
        productExternalId: productFor(row, processedAt),
        quantity: Math.abs(row.quantity),
        subtotal: Math.abs(roundMoney(row.quantity * row.unitPrice)),
      };
    });
    const refund: RefundRecord = {
      externalId: invoice.invoiceNo,
      orderExternalId: original.invoiceNo,
      amount: Math.abs(invoiceTotal(invoice)),
      note: null,
      processedAt,
      lines,
    };
    counts.refunds++;
    counts.refundLines += lines.length;
    out.push({ kind: "refund", record: refund });
  };

  const progress = newReadProgress();
  for await (const rows of readRows(source, progress)) {
    for (const row of rows) {
      counts.lines++;
      let invoice = open.get(row.invoiceNo);
      if (!invoice) {
        if (closed.has(row.invoiceNo)) {
          throw new Error(
            `online-retail line ${row.line}: invoice ${row.invoiceNo} reappears more than an hour after its other lines; the file must be sorted by InvoiceDate`,
          );
        }
        invoice = { invoiceNo: row.invoiceNo, rows: [], lastWallMs: row.wallMs };
        open.set(row.invoiceNo, invoice);
      }
      invoice.rows.push(row);
      if (row.wallMs > invoice.lastWallMs) invoice.lastWallMs = row.wallMs;
      // Invoices are closed oldest first once the file has moved past them.
      for (const candidate of open.values()) {
        if (candidate.lastWallMs + INVOICE_WINDOW_MS >= row.wallMs) break;
        close(candidate);
      }
    }
    for (const item of out) yield item;
    out.length = 0;
    report("records", progress);
  }
  for (const candidate of [...open.values()]) close(candidate);
  for (const item of out) yield item;
  out.length = 0;
  report("records", progress, true);
  return counts;
}

/** Parses the whole file into memory (about 20k records for the 320k-line sample). */
export async function parseOnlineRetail(
  source: ImportSource,
  options: OnlineRetailOptions = {},
): Promise<OnlineRetailResult> {
  const result: OnlineRetailResult = { customers: [], products: [], orders: [], refunds: [], counts: emptyCounts() };
  const stream = streamOnlineRetail(source, options);
  for (;;) {
    const next = await stream.next();
    if (next.done) {
      result.counts = next.value;
      return result;
    }
    const item = next.value;
    if (item.kind === "customer") result.customers.push(item.record);
    else if (item.kind === "product") result.products.push(item.record);
    else if (item.kind === "order") result.orders.push(item.record);
    else result.refunds.push(item.record);
  }
}

/** A URL handle: the slugged title plus the stock code, unique per product. */
export function productHandle(title: string, code: string): string {
  const slug = (text: string): string =>
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return [slug(title), slug(code)].filter(Boolean).join("-");
}
