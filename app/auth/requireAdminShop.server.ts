import { env } from "../config/env.server.ts";
import { shopify } from "../shopify.server.ts";

export interface AdminContext {
  shop: string;
  /** The local demo (npm run demo): no Shopify admin around the pages, and the pages say so. */
  demo: boolean;
}

/**
 * The shop an admin request acts for: from Shopify's session token when
 * embedded (authenticate.admin throws the redirect or 401 Shopify expects),
 * or the demo shop in demo mode.
 */
export async function requireAdminShop(request: Request): Promise<AdminContext> {
  const e = env();
  if (e.PEARL_DEMO === "1") return { shop: e.PEARL_DEMO_SHOP, demo: true };
  const { session } = await shopify().authenticate.admin(request);
  return { shop: session.shop, demo: false };
}
