import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { ImportItem } from "../../app/imports/importItems.ts";
import {
  NON_PRODUCT_STOCK_CODES,
  isProductStockCode,
  parseOnlineRetail,
  streamOnlineRetail,
  type OnlineRetailProgress,
  type OnlineRetailResult,
} from "../../app/imports/onlineRetail.ts";
import { formatInTimeZone } from "../../app/imports/timeZone.ts";
import { ONLINE_RETAIL_FILE } from "./sharedData.ts";

// ---------------------------------------------------------------------------
// An independent reading of the raw CSV: whole file in memory, a character
// loop for quotes, invoices grouped with a Map. Deliberately simple.

interface RawRow {
  invoice: string;
  code: string;
  description: string;
  quantity: number;
  date: string;
  price: number;
  customer: string;
  country: string;
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out;
}

function readRaw(): RawRow[] {
  const lines = gunzipSync(readFileSync(ONLINE_RETAIL_FILE)).toString("utf8").split("\n");
  expect(lines[0].trim()).toBe("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country");
  return lines
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const f = splitCsv(line.replace(/\r$/, ""));
      expect(f.length).toBe(8);
      return {
        invoice: f[0],
        code: f[1].trim().toUpperCase(),
        description: f[2].trim(),
        quantity: Number(f[3]),
        date: f[4],
        price: Number(f[5]),
        customer: f[6] === "" ? "" : String(parseInt(f[6], 10)),
        country: f[7],
      };
    });
}

interface Reference {
  lines: number;
  skippedInvoices: number;
  skippedLines: number;
  saleOrders: number;
  guestSaleOrders: number;
  cancellations: number;
  guestCancellations: number;
  matched: Map<string, string>;
  customers: Set<string>;
  productCodes: Set<string>;
  saleTotal: number;
  matchedRefundTotal: number;
  saleLines: number;
  cancellationLines: number;
  invoices: Map<string, RawRow[]>;
}

function reference(rows: RawRow[]): Reference {
  const invoices = new Map<string, RawRow[]>();
  for (const row of rows) {
    if (!invoices.has(row.invoice)) invoices.set(row.invoice, []);
    invoices.get(row.invoice)!.push(row);
  }
  const ref: Reference = {
    lines: rows.length,
    skippedInvoices: 0,
    skippedLines: 0,
    saleOrders: 0,
    guestSaleOrders: 0,
    cancellations: 0,
    guestCancellations: 0,
    matched: new Map(),
    customers: new Set(),
    productCodes: new Set(),
    saleTotal: 0,
    matchedRefundTotal: 0,
    saleLines: 0,
    cancellationLines: 0,
    invoices,
  };
  const history = new Map<string, { invoice: string; codes: Set<string> }[]>();
  for (const [invoice, lines] of invoices) {
    const customer = lines[0].customer;
    if (invoice.startsWith("A") || (customer === "" && lines.every((l) => l.price === 0))) {
      ref.skippedInvoices++;
      ref.skippedLines += lines.length;
      continue;
    }
    if (customer) ref.customers.add(customer);
    for (const line of lines) if (isProductStockCode(line.code)) ref.productCodes.add(line.code);
    const total = lines.reduce((sum, l) => sum + l.quantity * l.price, 0);
    if (!invoice.startsWith("C")) {
      ref.saleOrders++;
      ref.saleLines += lines.length;
      ref.saleTotal += total;
      if (!customer) ref.guestSaleOrders++;
      else {
        if (!history.has(customer)) history.set(customer, []);
        history.get(customer)!.push({ invoice, codes: new Set(lines.map((l) => l.code)) });
      }
      continue;
    }
    ref.cancellations++;
    ref.cancellationLines += lines.length;
    if (!customer) ref.guestCancellations++;
    const earlier = history.get(customer) ?? [];
    for (let i = earlier.length - 1; i >= 0; i--) {
      if (earlier[i].codes.has(lines[0].code)) {
        ref.matched.set(invoice, earlier[i].invoice);
        ref.matchedRefundTotal += Math.abs(total);
        break;
      }
    }
  }
  return ref;
}

// ---------------------------------------------------------------------------

let result: OnlineRetailResult;
let ref: Reference;
let parseSeconds = 0;
const progress: OnlineRetailProgress[] = [];

beforeAll(async () => {
  const started = performance.now();
  result = await parseOnlineRetail(ONLINE_RETAIL_FILE, { onProgress: (p) => progress.push(p) });
  parseSeconds = (performance.now() - started) / 1000;
  ref = reference(readRaw());
});

describe("online-retail: counts against the raw file", () => {
  it("reads every line, and every line lands in an order, a refund or the skipped adjustments", () => {
    expect(result.counts.lines).toBe(320_705);
    expect(result.counts.lines).toBe(ref.lines);
    expect(result.counts.orderLines + result.counts.refundLines + result.counts.skippedLines).toBe(ref.lines);
  });

  it("skips the stock adjustments (A… invoices, unpriced guest invoices)", () => {
    expect(result.counts.skippedInvoices).toBe(ref.skippedInvoices);
    expect(result.counts.skippedLines).toBe(ref.skippedLines);
    expect(result.counts.skippedInvoices).toBe(1_409);
  });

  it("has one order per sale invoice, guests included", () => {
    expect(result.counts.saleOrders).toBe(ref.saleOrders);
    expect(result.counts.saleOrders).toBe(12_496);
    const sales = result.orders.filter((o) => o.cancelledAt === null);
    expect(sales.length).toBe(ref.saleOrders);
    expect(sales.filter((o) => o.customer === null).length).toBe(ref.guestSaleOrders);
    expect(ref.guestSaleOrders).toBe(1_081);
    expect(sales.reduce((n, o) => n + o.lines.length, 0)).toBe(ref.saleLines);
  });

  it("turns every cancellation into a refund on the original or a cancelled order", () => {
    expect(result.counts.cancellations).toBe(ref.cancellations);
    expect(result.counts.cancellations).toBe(2_554);
    expect(result.counts.refunds).toBe(ref.matched.size);
    expect(result.counts.refunds).toBe(1_938);
    expect(result.counts.unmatchedCancellations).toBe(ref.cancellations - ref.matched.size);
    expect(result.refunds.length).toBe(ref.matched.size);
    for (const refund of result.refunds) expect(refund.orderExternalId).toBe(ref.matched.get(refund.externalId));
    const cancelled = result.orders.filter((o) => o.cancelledAt !== null);
    expect(cancelled.length).toBe(result.counts.unmatchedCancellations);
    for (const order of cancelled) {
      expect(order.externalId.startsWith("C")).toBe(true);
      expect(ref.matched.has(order.externalId)).toBe(false);
    }
    const refundLines = result.refunds.reduce((n, r) => n + r.lines.length, 0);
    expect(refundLines + cancelled.reduce((n, o) => n + o.lines.length, 0)).toBe(ref.cancellationLines);
  });

  it("counts guest orders, customers and products like the raw file", () => {
    expect(result.counts.guestOrders).toBe(ref.guestSaleOrders + ref.guestCancellations);
    expect(result.orders.filter((o) => o.customer === null).length).toBe(result.counts.guestOrders);
    expect(result.counts.customers).toBe(ref.customers.size);
    expect(result.customers.length).toBe(3_360);
    expect(new Set(result.customers.map((c) => c.externalId))).toEqual(ref.customers);
    expect(result.counts.products).toBe(ref.productCodes.size);
    expect(result.products.length).toBe(3_533);
    expect(new Set(result.products.map((p) => p.externalId))).toEqual(ref.productCodes);
    expect(result.counts.orders).toBe(result.orders.length);
  });

  it("keeps the money: order totals and refund amounts add up to the raw lines", () => {
    const sales = result.orders.filter((o) => o.cancelledAt === null);
    const total = sales.reduce((sum, o) => sum + o.totalPrice, 0);
    expect(Math.abs(total - ref.saleTotal)).toBeLessThan(1);
    const refunded = result.refunds.reduce((sum, r) => sum + r.amount, 0);
    expect(Math.abs(refunded - ref.matchedRefundTotal)).toBeLessThan(0.5);
    for (const order of result.orders) {
      const sum = order.lines.reduce((s, l) => s + l.quantity * l.price, 0);
      expect(Math.abs(sum - order.totalPrice)).toBeLessThan(0.006);
      expect(order.totalPrice).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("online-retail: spot checks", () => {
  it("invoice 536365: seven lines, £139.12, customer 17850, winter time", () => {
    const order = result.orders.find((o) => o.externalId === "536365")!;
    expect(order.customer?.externalId).toBe("17850");
    expect(order.customer?.address?.country).toBe("GB");
    expect(order.billing?.country).toBe("GB");
    expect(order.currency).toBe("GBP");
    expect(order.totalPrice).toBe(139.12);
    expect(order.subtotalPrice).toBe(139.12);
    expect(order.financialStatus).toBe("paid");
    expect(order.processedAt.toISOString()).toBe("2010-12-01T08:26:00.000Z");
    expect(formatInTimeZone(order.processedAt, "Europe/London")).toBe("2010-12-01T08:26:00+00:00");
    expect(order.lines.map((l) => [l.externalId, l.productExternalId, l.sku, l.title, l.quantity, l.price])).toEqual([
      ["536365-1", "85123A", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 2.55],
      ["536365-2", "71053", "71053", "WHITE METAL LANTERN", 6, 3.39],
      ["536365-3", "84406B", "84406B", "CREAM CUPID HEARTS COAT HANGER", 8, 2.75],
      ["536365-4", "84029G", "84029G", "KNITTED UNION FLAG HOT WATER BOTTLE", 6, 3.39],
      ["536365-5", "84029E", "84029E", "RED WOOLLY HOTTIE WHITE HEART.", 6, 3.39],
      ["536365-6", "22752", "22752", "SET 7 BABUSHKA NESTING BOXES", 2, 7.65],
      ["536365-7", "21730", "21730", "GLASS STAR FROSTED T-LIGHT HOLDER", 6, 4.25],
    ]);
  });

  it("reads quoted descriptions with commas", () => {
    const order = result.orders.find((o) => o.externalId === "536381")!;
    expect(order.lines.some((l) => l.title === "AIRLINE LOUNGE,METAL SIGN")).toBe(true);
  });

  it("C536506 refunds line 3 of 536488, the same customer's earlier invoice with JAM MAKING SET", () => {
    const refund = result.refunds.find((r) => r.externalId === "C536506")!;
    expect(refund.orderExternalId).toBe("536488");
    expect(refund.amount).toBe(25.5);
    expect(refund.processedAt.toISOString()).toBe("2010-12-01T12:38:00.000Z");
    expect(refund.lines).toEqual([{ orderLineExternalId: "536488-3", productExternalId: "22960", quantity: 6, subtotal: 25.5 }]);
    const original = result.orders.find((o) => o.externalId === "536488")!;
    expect(original.customer?.externalId).toBe("17897");
    expect(original.lines[2].productExternalId).toBe("22960");
  });

  it("C536379 (a discount with no earlier invoice) stays as a cancelled order with positive amounts", () => {
    const order = result.orders.find((o) => o.externalId === "C536379")!;
    expect(order.cancelledAt?.toISOString()).toBe("2010-12-01T09:41:00.000Z");
    expect(order.financialStatus).toBe("refunded");
    expect(order.totalPrice).toBe(27.5);
    expect(order.customer?.externalId).toBe("14527");
    expect(order.lines).toHaveLength(1);
    expect(order.lines[0]).toMatchObject({ productExternalId: null, sku: "D", quantity: 1, price: 27.5, title: "Discount" });
  });

  it("converts summer times with BST (+01:00) and the day clocks go forward", () => {
    const summer = result.orders.find((o) => o.externalId === "558638")!;
    expect(summer.processedAt.toISOString()).toBe("2011-07-01T07:16:00.000Z");
    expect(formatInTimeZone(summer.processedAt, "Europe/London")).toBe("2011-07-01T08:16:00+01:00");
    expect(summer.lines).toHaveLength(24);
    expect(summer.totalPrice).toBe(462.58);
    const transition = result.orders.find((o) => o.externalId === "547834")!;
    expect(transition.processedAt.toISOString()).toBe("2011-03-27T09:16:00.000Z");
    const winter = result.orders.find((o) => o.processedAt.toISOString().startsWith("2011-03-25"))!;
    const rawDate = ref.invoices.get(winter.externalId)![0].date;
    expect(winter.processedAt.toISOString()).toBe(`${rawDate.replace(" ", "T")}.000Z`);
  });

  it("titles and prices products by their most frequent description and positive price", () => {
    const heart = result.products.find((p) => p.externalId === "85123A")!;
    const rows = ref.invoices;
    const prices = new Map<number, number>();
    for (const [invoice, lines] of rows) {
      if (invoice.startsWith("A")) continue;
      for (const l of lines) if (l.code === "85123A" && l.price > 0) prices.set(l.price, (prices.get(l.price) ?? 0) + 1);
    }
    const top = [...prices].sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe(2.95);
    expect(heart).toMatchObject({ title: "WHITE HANGING HEART T-LIGHT HOLDER", status: "active" });
    expect(heart.variants).toEqual([
      { externalId: "85123A", title: null, sku: "85123A", price: top, compareAtPrice: null, inventoryQuantity: null },
    ]);
    expect(heart.sourceCreatedAt?.toISOString()).toBe("2010-12-01T08:26:00.000Z");
  });

  it("treats stock codes case-insensitively", () => {
    expect(result.products.every((p) => p.externalId === p.externalId.toUpperCase())).toBe(true);
    expect(result.products.filter((p) => p.externalId === "85049D")).toHaveLength(1);
  });
});

describe("online-retail: non-product codes", () => {
  it("lists codes found in the data", () => {
    for (const code of ["POST", "DOT", "M", "D", "C2", "CRUK", "BANK CHARGES", "AMAZONFEE", "PADS", "S", "B"]) {
      expect(NON_PRODUCT_STOCK_CODES).toContain(code);
      expect(isProductStockCode(code)).toBe(false);
    }
    expect(isProductStockCode("m")).toBe(false);
    expect(isProductStockCode("gift_0001_20")).toBe(false);
    expect(isProductStockCode("85123A")).toBe(true);
  });

  it("keeps their lines on orders (totals stay right) but creates no product", () => {
    const products = new Set(result.products.map((p) => p.externalId));
    const nonProductSkus = new Set<string>();
    const wrong: string[] = [];
    let lines = 0;
    for (const order of result.orders) {
      for (const line of order.lines) {
        if (line.sku !== null && !isProductStockCode(line.sku)) {
          lines++;
          nonProductSkus.add(line.sku);
          if (line.productExternalId !== null || line.variantExternalId !== null || products.has(line.sku)) wrong.push(line.externalId!);
        } else if (line.productExternalId !== line.sku || !products.has(line.sku as string)) {
          wrong.push(line.externalId!);
        }
      }
    }
    expect(wrong).toEqual([]);
    for (const code of ["POST", "DOT", "M", "C2", "BANK CHARGES", "AMAZONFEE", "GIFT_0001_20"]) expect(nonProductSkus).toContain(code);
    const refundProducts = result.refunds.flatMap((r) => r.lines.map((l) => l.productExternalId));
    expect(refundProducts.filter((id) => id !== null && !products.has(id))).toEqual([]);
    expect(lines).toBeGreaterThan(1_500);
    const voucher = result.orders.flatMap((o) => o.lines).find((l) => l.sku === "GIFT_0001_20")!;
    expect(voucher.giftCard).toBe(true);
  });
});

describe("online-retail: streaming", () => {
  it("emits customers and products before the first order using them, refunds after their order", async () => {
    const customers = new Set<string>();
    const products = new Set<string>();
    const orders = new Set<string>();
    const problems: string[] = [];
    let last = 0;
    let count = 0;
    const stream = streamOnlineRetail(ONLINE_RETAIL_FILE);
    let item: IteratorResult<ImportItem, unknown>;
    while (!(item = await stream.next()).done) {
      const value = item.value as ImportItem;
      count++;
      if (value.kind === "customer") customers.add(value.record.externalId);
      else if (value.kind === "product") products.add(value.record.externalId);
      else if (value.kind === "order") {
        const order = value.record;
        if (order.customer && !customers.has(order.customer.externalId)) problems.push(`customer of ${order.externalId}`);
        for (const line of order.lines) {
          if (line.productExternalId && !products.has(line.productExternalId)) problems.push(`product of ${line.externalId}`);
        }
        if (order.processedAt.getTime() < last) problems.push(`time of ${order.externalId}`);
        last = order.processedAt.getTime();
        orders.add(order.externalId);
      } else {
        const refund = value.record;
        if (!orders.has(refund.orderExternalId)) problems.push(`order of ${refund.externalId}`);
        for (const line of refund.lines) {
          if (line.productExternalId && !products.has(line.productExternalId)) problems.push(`product of ${refund.externalId}`);
        }
        if (refund.processedAt.getTime() < last) problems.push(`time of ${refund.externalId}`);
        last = refund.processedAt.getTime();
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBe(result.customers.length + result.products.length + result.orders.length + result.refunds.length);
    expect(item.value).toEqual(result.counts);
  });

  it("reports progress in bytes and lines, ending at 100%", () => {
    expect(progress.length).toBeGreaterThan(10);
    const last = progress[progress.length - 1];
    expect(last.done).toBe(true);
    expect(last.fraction).toBe(1);
    expect(last.bytesRead).toBe(last.totalBytes);
    expect(last.lines).toBe(320_706);
    expect(last.counts.orders).toBe(result.counts.orders);
    const fractions = progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it("stops reading when the consumer stops", async () => {
    let orders = 0;
    for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
      if (item.kind === "order" && ++orders === 10) break;
    }
    expect(orders).toBe(10);
  });

  it("parses the whole file in a few seconds", () => {
    console.info(`online-retail parse: ${parseSeconds.toFixed(2)} s`);
    // Target < 5 s on an idle machine; the bound leaves room for a loaded CI box.
    expect(parseSeconds).toBeLessThan(15);
  });
});
