import type { Db } from "../db.server.ts";

export interface InstallShopInput {
  domain: string;
  platform: "shopify" | "magento";
  name?: string;
  currency?: string;
  timezone?: string;
}

/** Creates the shop, or brings an uninstalled one back; returns it. */
export async function installShop(db: Db, input: InstallShopInput) {
  const details = {
    platform: input.platform,
    ...(input.name ? { name: input.name } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
  };
  return db.shop.upsert({
    where: { domain: input.domain },
    create: { domain: input.domain, ...details },
    update: { ...details, uninstalledAt: null, installedAt: new Date() },
  });
}
