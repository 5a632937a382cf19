import { z } from "zod";

// Checked once at start-up: a missing secret fails loudly at boot, not at the first webhook.
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1),
  SHOPIFY_API_SECRET: z.string().min(1),
  SHOPIFY_APP_URL: z.url(),
  SCOPES: z.string().default("read_customers,write_customers,read_orders,read_products,write_pixels,read_customer_events"),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Demo mode serves the admin without a Shopify admin around it (npm run demo). */
  PEARL_DEMO: z.enum(["0", "1"]).default("0"),
  /** The shop the demo admin shows. */
  PEARL_DEMO_SHOP: z.string().default("pearl-demo.myshopify.com"),
  /** Oldest pixel event accepted, in days. The demo raises it to replay a store's history. */
  PEARL_PIXEL_MAX_AGE_DAYS: z.coerce.number().positive().default(7),
  /** Sustained pixel events a minute from one browser; bursts up to the same number. */
  PEARL_PIXEL_CLIENT_EVENTS_PER_MINUTE: z.coerce.number().positive().default(120),
  /** Sustained pixel events a second from one shop's storefront; bursts up to five seconds' worth. */
  PEARL_PIXEL_SHOP_EVENTS_PER_SECOND: z.coerce.number().positive().default(1000),
  /** Largest webhook body accepted; Shopify's largest orders stay well under it. */
  WEBHOOK_MAX_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Pearl's environment is incomplete:\n${problems}\nSee README.md, "Production settings".`);
  }
  cached = parsed.data;
  return cached;
}
