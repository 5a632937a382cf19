/**
 * The real online-retail customers (3,314 identified customers of the UCI
 * extract, bench/lib/onlineRetail.ts) as features and value scores, with
 * optional perturbations for the stability tests.
 */
import { customerFeaturesFromTable } from "../../app/intelligence/features";
import { OrderTableBuilder, type OrderTable } from "../../app/intelligence/orderTable";
import { preferredMonths } from "../../app/intelligence/segments/preferredMonth";
import { valueScores } from "../../app/intelligence/segments/valueScores";
import { type RetailCustomer, loadOnlineRetail } from "../../bench/lib/onlineRetail";

export const RETAIL_AS_OF = new Date(Date.UTC(2011, 7, 31, 23, 59, 59, 999));

let cached: RetailCustomer[] | null = null;
export function retailCustomers(): RetailCustomer[] {
  cached ??= loadOnlineRetail().customers;
  return cached;
}

export function retailTable(customers: readonly RetailCustomer[]): OrderTable {
  const b = new OrderTableBuilder();
  for (const c of customers) {
    const k = b.newCustomer(c.id);
    for (const o of c.orders) {
      b.addOrder(k, o.timeMs, o.total, o.discount, o.refunded, 0);
      for (let j = 0; j < o.lineQuantity.length; j++) b.addLine(b.category(o.lineCategory[j] || null), o.lineQuantity[j], o.lineUnitPrice[j]);
    }
  }
  return b.build();
}

export function retailInputs(customers: readonly RetailCustomer[] = retailCustomers()) {
  const table = retailTable(customers);
  const features = customerFeaturesFromTable(table, [], [], RETAIL_AS_OF);
  const scores = valueScores(table, features);
  const months = preferredMonths(table, features);
  return { table, features, scores, months };
}
