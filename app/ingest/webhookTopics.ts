// Every topic Pearl subscribes to (shopify.app.toml lists the same, a test
// checks both), and the route that receives it: /webhooks/<resource>/<event>.
export const DATA_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "carts/create",
  "carts/update",
  "checkouts/create",
  "checkouts/update",
  "customers/create",
  "customers/update",
  "customers/delete",
  "products/create",
  "products/update",
  "products/delete",
  "app/uninstalled",
  "bulk_operations/finish",
] as const;

export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export const WEBHOOK_TOPICS = [...DATA_TOPICS, ...COMPLIANCE_TOPICS] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export function isWebhookTopic(value: string): value is WebhookTopic {
  return (WEBHOOK_TOPICS as readonly string[]).includes(value);
}

export function webhookPath(topic: WebhookTopic): string {
  return `/webhooks/${topic}`;
}
