import type { Db } from "../db.server.ts";

export interface ShopStats {
  shop: string;
  platform: string;
  customers: number;
  guestOrders: number;
  orders: number;
  cancelledOrders: number;
  orderLines: number;
  refunds: number;
  products: number;
  variants: number;
  carts: number;
  abandonedCarts: number;
  checkouts: number;
  abandonedCheckouts: number;
  browseEvents: number;
  inbox: { pending: number; processed: number; failed: number };
  dataExports: number;
}

/** Counts of everything stored for a shop: `pearl stats` and the dashboard. */
export async function shopStats(db: Db, domain: string): Promise<ShopStats | null> {
  const shop = await db.shop.findUnique({ where: { domain }, select: { id: true, platform: true } });
  if (!shop) return null;
  const shopId = shop.id;
  const [customers, orders, guestOrders, cancelledOrders, orderLines, refunds, products, variants, carts, abandonedCarts, checkouts, abandonedCheckouts, browseEvents, pending, processed, failed, dataExports] =
    await Promise.all([
      db.customer.count({ where: { shopId } }),
      db.order.count({ where: { shopId } }),
      db.order.count({ where: { shopId, customerId: null } }),
      db.order.count({ where: { shopId, cancelledAt: { not: null } } }),
      db.orderLine.count({ where: { shopId } }),
      db.refund.count({ where: { shopId } }),
      db.product.count({ where: { shopId } }),
      db.variant.count({ where: { shopId } }),
      db.cart.count({ where: { shopId } }),
      db.cart.count({ where: { shopId, orderId: null } }),
      db.checkout.count({ where: { shopId } }),
      db.checkout.count({ where: { shopId, orderId: null, completedAt: null } }),
      db.browseEvent.count({ where: { shopId } }),
      db.webhookInbox.count({ where: { shopDomain: domain, processedAt: null, failedAt: null } }),
      db.webhookInbox.count({ where: { shopDomain: domain, processedAt: { not: null } } }),
      db.webhookInbox.count({ where: { shopDomain: domain, failedAt: { not: null } } }),
      db.dataExport.count({ where: { shopId } }),
    ]);
  return {
    shop: domain, platform: shop.platform,
    customers, orders, guestOrders, cancelledOrders, orderLines, refunds, products, variants,
    carts, abandonedCarts, checkouts, abandonedCheckouts, browseEvents,
    inbox: { pending, processed, failed }, dataExports,
  };
}
