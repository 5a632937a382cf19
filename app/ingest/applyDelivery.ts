import { recordBulkOperationFinish } from "../backfill/backfillJobs.ts";
import { exportCustomer } from "../compliance/exportCustomer.ts";
import { redactCustomer } from "../compliance/redactCustomer.ts";
import type { Tx } from "../store/tx.ts";
import { deleteCustomer, writeCustomer } from "../store/writeCustomer.ts";
import { writeCart, writeCheckout } from "../store/writeBasket.ts";
import { writeOrder } from "../store/writeOrder.ts";
import { deleteProduct, writeProduct } from "../store/writeProduct.ts";
import { writeRefund } from "../store/writeRefund.ts";
import { id, obj, str, type Json } from "./shopify/fields.ts";
import * as shopify from "./shopify/translate.ts";
import type { WebhookTopic } from "./webhookTopics.ts";

export interface Delivery {
  topic: WebhookTopic;
  payload: Json;
  /** When Shopify says the event happened; dates deletions, which carry no updated_at. */
  triggeredAt: Date;
  webhookId: string;
}

function ids(values: unknown): string[] {
  return Array.isArray(values) ? values.map(id).filter((v): v is string => v !== null) : [];
}

/**
 * Applies one Shopify delivery to the canonical store, inside the caller's
 * transaction. Safe to run twice: every writer is an idempotent upsert that
 * ignores older versions. Shop-level topics (app/uninstalled, shop/redact)
 * are handled by the drain, which owns sessions and the shop row.
 */
export async function applyDelivery(tx: Tx, shopId: string, d: Delivery): Promise<void> {
  const p = d.payload;
  switch (d.topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return writeOrder(tx, shopId, shopify.order(p));
    case "refunds/create":
      return writeRefund(tx, shopId, shopify.refund(p));
    case "carts/create":
    case "carts/update":
      return writeCart(tx, shopId, shopify.cart(p));
    case "checkouts/create":
    case "checkouts/update":
      return writeCheckout(tx, shopId, shopify.checkout(p));
    case "customers/create":
    case "customers/update":
      await writeCustomer(tx, shopId, shopify.customer(p));
      return;
    case "customers/delete":
      return deleteCustomer(tx, shopId, requiredId(p), d.triggeredAt);
    case "products/create":
    case "products/update":
      return writeProduct(tx, shopId, shopify.product(p));
    case "products/delete":
      return deleteProduct(tx, shopId, requiredId(p), d.triggeredAt);
    case "customers/redact": {
      const customer = obj(p.customer);
      return redactCustomer(tx, shopId, {
        customerExternalId: customer ? id(customer.id) : null,
        email: customer ? str(customer.email) : null,
        orderExternalIds: ids(p.orders_to_redact),
      });
    }
    case "customers/data_request": {
      const customer = obj(p.customer);
      const request = obj(p.data_request);
      await exportCustomer(tx, shopId, {
        requestId: (request && id(request.id)) ?? d.webhookId,
        customerExternalId: customer ? id(customer.id) : null,
        email: customer ? str(customer.email) : null,
        orderExternalIds: ids(p.orders_requested),
      });
      return;
    }
    case "bulk_operations/finish":
      // Marks the backfill job; its runner fetches and streams the result
      // outside this transaction (app/backfill/runBackfill.ts).
      return recordBulkOperationFinish(tx, shopId, p);
    case "app/uninstalled":
    case "shop/redact":
      throw new Error(`${d.topic} is a shop-level topic, handled by the drain`);
  }
}

function requiredId(p: Json): string {
  const value = id(p.admin_graphql_api_id) ?? id(p.id);
  if (!value) throw new shopify.TranslationError("payload has no id");
  return value;
}

