import type { Db } from "../db.server.ts";

/**
 * Which shops are installed, cached: the webhook and pixel hot paths ask on
 * every request. A shop appears within `negativeTtlMs` of being installed.
 */
export class ShopDirectory {
  private readonly cache = new Map<string, { shop: KnownShop | null; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly positiveTtlMs = 60_000,
    private readonly negativeTtlMs = 2_000,
    private readonly maxEntries = 50_000,
  ) {}

  async find(domain: string): Promise<KnownShop | null> {
    const now = Date.now();
    const hit = this.cache.get(domain);
    if (hit && hit.until > now) return hit.shop;
    const shop = await this.db.shop.findUnique({ where: { domain }, select: { id: true, domain: true, urlSecret: true } });
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(domain, { shop, until: now + (shop ? this.positiveTtlMs : this.negativeTtlMs) });
    return shop;
  }
}

export interface KnownShop {
  id: string;
  domain: string;
  urlSecret: string;
}
