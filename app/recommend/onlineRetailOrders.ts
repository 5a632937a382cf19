/**
 * The online-retail file as an OrderTable with product columns, for offline
 * evaluation straight from the file (no store needed). The same reader as
 * `pearl import`, so products, non-product codes and cancellations are
 * treated exactly as in the store; guest orders are left out (nobody to
 * recommend to). The data have no categories: the last word of a product's
 * title stands in ("... T-LIGHT HOLDER" -> "HOLDER"), as in the benchmarks.
 */
import { parseOnlineRetail } from "../imports/onlineRetail.ts";
import type { ImportSource } from "../imports/textSource.ts";
import { OrderTableBuilder, FLAG_CANCELLED, type OrderTable } from "../intelligence/orderTable.ts";

export function titleCategory(title: string): string | null {
  const words = title.trim().split(/\s+/);
  const last = words[words.length - 1];
  return last ? last.toUpperCase() : null;
}

export interface OnlineRetailOrders {
  table: OrderTable;
  /** Title of each product of the table (aligned with table.products). */
  titles: string[];
}

export async function onlineRetailOrderTable(source: ImportSource): Promise<OnlineRetailOrders> {
  const data = await parseOnlineRetail(source);
  const titles = new Map<string, string>();
  for (const p of data.products) titles.set(p.externalId, p.title);
  const b = new OrderTableBuilder(data.orders.length, 1 << 16);
  for (const o of data.orders) {
    if (!o.customer) continue;
    b.addOrder(b.customer(o.customer.externalId), o.processedAt.getTime(), o.totalPrice, o.totalDiscounts, 0, o.cancelledAt ? FLAG_CANCELLED : 0);
    for (const l of o.lines) {
      const code = l.productExternalId;
      const title = code ? titles.get(code) : undefined;
      b.addLine(b.category(title ? titleCategory(title) : null), l.quantity, l.price, b.product(code));
    }
  }
  const table = b.build();
  return { table, titles: (table.products ?? []).map((code) => titles.get(code) ?? code) };
}
