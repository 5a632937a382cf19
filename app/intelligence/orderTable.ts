/**
 * Columnar form of the orders: typed arrays instead of one object per order
 * and per line.
 *
 * Why: a store with a million customers has millions of orders and tens of
 * millions of lines; as objects they cost several GB of heap and a lot of GC
 * time, as typed arrays they are a few hundred MB and can be scanned in
 * tight loops. `features.ts` and the CLV pipeline work on this table; the
 * object API (`OrderFact[]`) is converted once with `orderTableFromFacts`.
 */
import type { OrderFact } from "./types";
import type { TransactionColumns } from "./rfmSummary";

export const FLAG_CANCELLED = 1;
export const FLAG_DIFFERENT_SHIPPING = 2;
export const FLAG_GIFT_NOTE = 4;

export interface OrderTable {
  /** Distinct customer ids; orderCustomer indexes into this. */
  customerIds: string[];
  /** Distinct category names; lineCategory indexes into this (-1 = none). */
  categories: string[];
  /** Per order (any order of rows). */
  orderCustomer: Int32Array;
  orderTime: Float64Array; // ms since epoch, UTC
  orderTotal: Float64Array;
  orderDiscount: Float64Array;
  orderRefunded: Float64Array;
  orderFlags: Uint8Array; // FLAG_* bits
  /** Lines of order i are lineStart[i] .. lineStart[i+1]-1 (length nOrders + 1). */
  orderLineStart: Int32Array;
  /** Per line (product ids, when known, are in the optional columns below). */
  lineCategory: Int32Array;
  lineQuantity: Float64Array;
  lineUnitPrice: Float64Array;
  /**
   * Distinct product ids (the platform's product id); lineProduct indexes into
   * this (-1 = a line that is no product: postage, fees, custom items).
   * Optional: only the recommender needs them, and tables built without
   * product ids (the CLV benchmark) leave them out.
   */
  products?: string[];
  lineProduct?: Int32Array;
}

export function orderCount(t: OrderTable): number {
  return t.orderCustomer.length;
}

/**
 * Incremental builder with growable typed arrays (amortised O(1) appends).
 * Lines must be added right after their order.
 */
export class OrderTableBuilder {
  private readonly customerIndex = new Map<string, number>();
  private readonly categoryIndex = new Map<string, number>();
  private readonly productIndex = new Map<string, number>();
  readonly customerIds: string[] = [];
  readonly categories: string[] = [];
  readonly products: string[] = [];
  private nOrders = 0;
  private nLines = 0;
  private oCust: Int32Array;
  private oTime: Float64Array;
  private oTotal: Float64Array;
  private oDisc: Float64Array;
  private oRef: Float64Array;
  private oFlags: Uint8Array;
  private oStart: Int32Array;
  private lCat: Int32Array;
  private lQty: Float64Array;
  private lPrice: Float64Array;
  /** Allocated at the first line that names a product. */
  private lProd: Int32Array | null = null;

  constructor(orderCapacity = 1024, lineCapacity = 4096) {
    this.oCust = new Int32Array(orderCapacity);
    this.oTime = new Float64Array(orderCapacity);
    this.oTotal = new Float64Array(orderCapacity);
    this.oDisc = new Float64Array(orderCapacity);
    this.oRef = new Float64Array(orderCapacity);
    this.oFlags = new Uint8Array(orderCapacity);
    this.oStart = new Int32Array(orderCapacity + 1);
    this.lCat = new Int32Array(lineCapacity);
    this.lQty = new Float64Array(lineCapacity);
    this.lPrice = new Float64Array(lineCapacity);
  }

  customer(id: string): number {
    let k = this.customerIndex.get(id);
    if (k === undefined) {
      k = this.customerIds.length;
      this.customerIndex.set(id, k);
      this.customerIds.push(id);
    }
    return k;
  }

  /** Appends a customer id without checking for duplicates (caller guarantees uniqueness). */
  newCustomer(id: string): number {
    this.customerIds.push(id);
    return this.customerIds.length - 1;
  }

  category(name: string | null): number {
    if (name === null) return -1;
    let k = this.categoryIndex.get(name);
    if (k === undefined) {
      k = this.categories.length;
      this.categoryIndex.set(name, k);
      this.categories.push(name);
    }
    return k;
  }

  /** Index of a product id (null: the line is no product). */
  product(id: string | null): number {
    if (id === null) return -1;
    let k = this.productIndex.get(id);
    if (k === undefined) {
      k = this.products.length;
      this.productIndex.set(id, k);
      this.products.push(id);
    }
    return k;
  }

  addOrder(customer: number, timeMs: number, total: number, discount: number, refunded: number, flags: number): number {
    if (this.nOrders === this.oCust.length) this.growOrders();
    const i = this.nOrders++;
    this.oCust[i] = customer;
    this.oTime[i] = timeMs;
    this.oTotal[i] = total;
    this.oDisc[i] = discount;
    this.oRef[i] = refunded;
    this.oFlags[i] = flags;
    this.oStart[i] = this.nLines;
    return i;
  }

  /** `product` is an index from product() (-1 or omitted: none). */
  addLine(category: number, quantity: number, unitPrice: number, product = -1): void {
    if (this.nLines === this.lCat.length) this.growLines();
    const j = this.nLines++;
    this.lCat[j] = category;
    this.lQty[j] = quantity;
    this.lPrice[j] = unitPrice;
    if (product >= 0 && this.lProd === null) {
      this.lProd = new Int32Array(this.lCat.length).fill(-1);
    }
    if (this.lProd !== null) this.lProd[j] = product;
  }

  /**
   * The table. Arrays are trimmed copies unless they are nearly full, in
   * which case views are returned (avoids doubling peak memory on huge tables);
   * do not add to the builder afterwards.
   */
  build(): OrderTable {
    const n = this.nOrders;
    const m = this.nLines;
    if (this.oStart.length < n + 1) this.oStart = grow(this.oStart, new Int32Array(n + 1));
    this.oStart[n] = m;
    return {
      customerIds: this.customerIds,
      categories: this.categories,
      orderCustomer: trim(this.oCust, n),
      orderTime: trim(this.oTime, n),
      orderTotal: trim(this.oTotal, n),
      orderDiscount: trim(this.oDisc, n),
      orderRefunded: trim(this.oRef, n),
      orderFlags: trim(this.oFlags, n),
      orderLineStart: trim(this.oStart, n + 1),
      lineCategory: trim(this.lCat, m),
      lineQuantity: trim(this.lQty, m),
      lineUnitPrice: trim(this.lPrice, m),
      ...(this.lProd !== null ? { products: this.products, lineProduct: trim(this.lProd, m) } : {}),
    };
  }

  private growOrders(): void {
    const cap = this.oCust.length * 2;
    this.oCust = grow(this.oCust, new Int32Array(cap));
    this.oTime = grow(this.oTime, new Float64Array(cap));
    this.oTotal = grow(this.oTotal, new Float64Array(cap));
    this.oDisc = grow(this.oDisc, new Float64Array(cap));
    this.oRef = grow(this.oRef, new Float64Array(cap));
    this.oFlags = grow(this.oFlags, new Uint8Array(cap));
    this.oStart = grow(this.oStart, new Int32Array(cap + 1));
  }

  private growLines(): void {
    const cap = this.lCat.length * 2;
    this.lCat = grow(this.lCat, new Int32Array(cap));
    this.lQty = grow(this.lQty, new Float64Array(cap));
    this.lPrice = grow(this.lPrice, new Float64Array(cap));
    if (this.lProd !== null) this.lProd = grow(this.lProd, new Int32Array(cap).fill(-1));
  }
}

function trim<T extends Int32Array | Float64Array | Uint8Array>(a: T, len: number): T {
  return (len >= a.length * 0.9 ? a.subarray(0, len) : a.slice(0, len)) as T;
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  (to as Int32Array).set(from as Int32Array);
  return to;
}

export function orderTableFromFacts(orders: readonly OrderFact[]): OrderTable {
  let lines = 0;
  for (const o of orders) lines += o.lines.length;
  const b = new OrderTableBuilder(Math.max(orders.length, 1), Math.max(lines, 1));
  for (const o of orders) {
    const flags =
      (o.cancelled ? FLAG_CANCELLED : 0) |
      (o.giftSignals.differentShipping ? FLAG_DIFFERENT_SHIPPING : 0) |
      (o.giftSignals.giftNote ? FLAG_GIFT_NOTE : 0);
    b.addOrder(b.customer(o.customerId), o.placedAt.getTime(), o.total, o.discount, o.refunded, flags);
    for (const l of o.lines) b.addLine(b.category(l.category), l.quantity, l.unitPrice, b.product(l.productId));
  }
  return b.build();
}

/**
 * The purchases the CLV models see: non-cancelled orders, valued net of
 * refunds (total - refunded, floored at 0). Shares the table's customer and
 * time columns; only the net amounts are a new array.
 */
export function orderTransactions(t: OrderTable): TransactionColumns {
  const n = t.orderCustomer.length;
  const amount = new Float64Array(n);
  for (let i = 0; i < n; i++) amount[i] = Math.max(0, t.orderTotal[i] - t.orderRefunded[i]);
  return { customer: t.orderCustomer, timeMs: t.orderTime, amount, skip: t.orderFlags, skipBits: FLAG_CANCELLED };
}
