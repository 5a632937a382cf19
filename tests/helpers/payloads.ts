// Payloads for topics ../shared/fixtures has no sample of, in the shapes of
// Shopify's webhook reference (2026-07).

export function productPayload(id: number, updatedAt: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    title: "Aviator sunglasses",
    body_html: "<p>Classic.</p>",
    vendor: "Acme",
    product_type: "Sunglasses",
    handle: "aviator-sunglasses",
    status: "active",
    tags: "summer, eyewear",
    created_at: "2021-12-01T10:00:00-05:00",
    updated_at: updatedAt,
    published_at: "2021-12-01T10:00:00-05:00",
    variants: [
      { id: id * 10 + 1, admin_graphql_api_id: `gid://shopify/ProductVariant/${id * 10 + 1}`, product_id: id, title: "Gold", sku: "AV-GOLD", price: "89.99", compare_at_price: "99.00", inventory_quantity: 12 },
      { id: id * 10 + 2, admin_graphql_api_id: `gid://shopify/ProductVariant/${id * 10 + 2}`, product_id: id, title: "Silver", sku: "AV-SILVER", price: "84.99", compare_at_price: null, inventory_quantity: 0 },
    ],
    images: [{ id: 1, src: "https://cdn.shopify.com/s/files/aviator.jpg" }],
    image: { id: 1, src: "https://cdn.shopify.com/s/files/aviator.jpg" },
    ...overrides,
  });
}

/** refunds/create for the order of orders-create.json (its first line item). */
export function refundPayload(refundId: number, orderId = "820982911946154508"): string {
  return `{
  "id": ${refundId},
  "admin_graphql_api_id": "gid://shopify/Refund/${refundId}",
  "order_id": ${orderId},
  "created_at": "2022-01-03T10:00:00-05:00",
  "processed_at": "2022-01-03T10:00:00-05:00",
  "note": "Scratched lens",
  "restock": true,
  "refund_line_items": [
    { "id": 1, "line_item_id": 487817672276298554, "quantity": 1, "subtotal": 89.99, "total_tax": 0,
      "subtotal_set": { "shop_money": { "amount": "89.99", "currency_code": "USD" } },
      "line_item": { "id": 487817672276298554, "product_id": 788032119674292922, "quantity": 1, "price": "89.99" } }
  ],
  "transactions": [ { "id": 5, "kind": "refund", "status": "success", "amount": "89.99", "currency": "USD" } ]
}`;
}

export const deletePayload = (id: string) => `{"id": ${id}}`;

export const shopRedactPayload = (domain: string) => JSON.stringify({ shop_id: 954889, shop_domain: domain });

export const uninstalledPayload = (domain: string) =>
  JSON.stringify({ id: 548380009, name: "Test shop", domain, myshopify_domain: domain, currency: "USD" });
