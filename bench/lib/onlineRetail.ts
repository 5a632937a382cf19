/**
 * Loader for the UCI "Online Retail" extract in ../shared/data/online-retail
 * (read in place, never copied into the repo), grouped into orders per
 * customer. Reusable by any benchmark or evaluation.
 *
 * Conventions:
 *  - Lines without CustomerID are guest checkouts: skipped (counted).
 *  - Invoices starting with "C" are credit notes (cancellations/returns).
 *    Their product value is booked as `refunded` on the same customer's most
 *    recent earlier order (capped at that order's total); a "D" (Discount)
 *    line in a credit note becomes that order's `discount`.
 *  - Non-product StockCodes (postage, fees, manual adjustments, samples,
 *    gift vouchers...) are not order lines and do not count towards totals.
 *  - The data have no categories; as a stand-in we use the last word of the
 *    product description ("... T-LIGHT HOLDER" -> "HOLDER"), which groups
 *    products of one kind well enough to exercise category affinity.
 *  - InvoiceDate has no time zone; it is read as UTC.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const ONLINE_RETAIL_PATH = fileURLToPath(
  new URL("../../../shared/data/online-retail/online-retail-2010-12-01_2011-08-31.csv.gz", import.meta.url),
);

const NON_PRODUCT = new Set(["POST", "DOT", "M", "m", "D", "S", "B", "C2", "CRUK", "PADS", "AMAZONFEE", "BANK CHARGES"]);

export function isProductCode(stockCode: string): boolean {
  return !NON_PRODUCT.has(stockCode) && !stockCode.startsWith("gift_");
}

export interface RetailOrder {
  invoice: string;
  timeMs: number;
  total: number;
  discount: number;
  refunded: number;
  /** Category names per line (description's last word). */
  lineCategory: string[];
  lineQuantity: number[];
  lineUnitPrice: number[];
  /** StockCode per line (upper-cased), for the recommender's product columns. */
  lineProduct?: string[];
}

export interface RetailCustomer {
  id: string;
  /** Sorted by time. */
  orders: RetailOrder[];
}

export interface OnlineRetailData {
  customers: RetailCustomer[];
  /** First and last invoice time in the file (ms). */
  startMs: number;
  endMs: number;
  stats: {
    rows: number;
    guestRows: number;
    nonProductRows: number;
    creditNotes: number;
    orders: number;
    lines: number;
  };
}

/** Splits one CSV record (RFC 4180 quoting, no embedded newlines in this file). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          v += line.slice(i);
          i = n;
          break;
        }
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // skip the comma
    } else {
      const c = line.indexOf(",", i);
      const end = c < 0 ? n : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
    if (i > n) break;
  }
  return out;
}

function parseTime(s: string): number {
  // "2010-12-01 08:26:00"
  return Date.UTC(
    Number(s.slice(0, 4)),
    Number(s.slice(5, 7)) - 1,
    Number(s.slice(8, 10)),
    Number(s.slice(11, 13)),
    Number(s.slice(14, 16)),
    Number(s.slice(17, 19) || "0"),
  );
}

function categoryOf(description: string): string | null {
  const words = description.trim().split(/\s+/);
  const last = words[words.length - 1];
  return last ? last.toUpperCase() : null;
}

interface CreditNote {
  customer: string;
  timeMs: number;
  value: number;
  discount: number;
}

export function loadOnlineRetail(path: string = ONLINE_RETAIL_PATH): OnlineRetailData {
  const text = gunzipSync(readFileSync(path)).toString("utf8");
  const lines = text.split("\n");
  const header = splitCsvLine(lines[0].trim());
  const col = (name: string) => {
    const k = header.indexOf(name);
    if (k < 0) throw new Error(`online-retail: no column ${name}`);
    return k;
  };
  const cInv = col("InvoiceNo");
  const cStock = col("StockCode");
  const cDesc = col("Description");
  const cQty = col("Quantity");
  const cDate = col("InvoiceDate");
  const cPrice = col("UnitPrice");
  const cCust = col("CustomerID");

  const orders = new Map<string, RetailOrder & { customer: string }>();
  const credits = new Map<string, CreditNote>();
  const stats = { rows: 0, guestRows: 0, nonProductRows: 0, creditNotes: 0, orders: 0, lines: 0 };
  let startMs = Infinity;
  let endMs = -Infinity;

  for (let li = 1; li < lines.length; li++) {
    const raw = lines[li];
    if (raw.length < 5) continue;
    const f = splitCsvLine(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
    stats.rows++;
    const timeMs = parseTime(f[cDate]);
    if (timeMs < startMs) startMs = timeMs;
    if (timeMs > endMs) endMs = timeMs;
    const custRaw = f[cCust];
    if (!custRaw) {
      stats.guestRows++;
      continue;
    }
    const customer = String(Math.round(Number(custRaw)));
    const invoice = f[cInv];
    const stock = f[cStock];
    const qty = Number(f[cQty]);
    const price = Number(f[cPrice]);
    if (invoice.startsWith("C")) {
      let cn = credits.get(invoice);
      if (!cn) {
        cn = { customer, timeMs, value: 0, discount: 0 };
        credits.set(invoice, cn);
      }
      const v = Math.abs(qty) * price;
      if (stock === "D") cn.discount += v;
      else if (isProductCode(stock)) cn.value += v;
      continue;
    }
    if (!isProductCode(stock)) {
      stats.nonProductRows++;
      continue;
    }
    if (!(qty > 0) || !(price > 0)) continue; // adjustments, not sales
    let o = orders.get(invoice);
    if (!o) {
      o = {
        customer,
        invoice,
        timeMs,
        total: 0,
        discount: 0,
        refunded: 0,
        lineCategory: [],
        lineQuantity: [],
        lineUnitPrice: [],
        lineProduct: [],
      };
      orders.set(invoice, o);
    }
    o.total += qty * price;
    o.lineCategory.push(categoryOf(f[cDesc]) ?? "");
    o.lineQuantity.push(qty);
    o.lineUnitPrice.push(price);
    o.lineProduct?.push(stock.toUpperCase());
  }

  const byCustomer = new Map<string, (RetailOrder & { customer: string })[]>();
  for (const o of orders.values()) {
    o.total = Math.round(o.total * 100) / 100;
    const list = byCustomer.get(o.customer) ?? [];
    list.push(o);
    byCustomer.set(o.customer, list);
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a.timeMs - b.timeMs);

  // Book credit notes on the latest earlier order of the same customer.
  for (const cn of credits.values()) {
    stats.creditNotes++;
    const list = byCustomer.get(cn.customer);
    if (!list) continue;
    let target: RetailOrder | undefined;
    for (const o of list) if (o.timeMs <= cn.timeMs) target = o;
    if (!target) continue;
    target.refunded = Math.min(target.total, target.refunded + cn.value);
    target.discount += cn.discount;
  }

  const customers: RetailCustomer[] = [];
  for (const [id, list] of byCustomer) {
    customers.push({ id, orders: list.map(({ customer: _c, ...o }) => o) });
    stats.orders += list.length;
    for (const o of list) stats.lines += o.lineQuantity.length;
  }
  customers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { customers, startMs, endMs, stats };
}
