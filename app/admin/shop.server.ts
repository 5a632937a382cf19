import type { Db } from "../db.server.ts";

/** The authenticated shop's row; a shop Pearl does not know is a 404, never another shop's data. */
export async function requireShopRow(db: Db, domain: string) {
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) throw new Response("Shop not found", { status: 404 });
  return shop;
}

/** 404 unless the condition holds (Epic Stack's invariantResponse). */
export function invariantFound<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Response(`${what} not found`, { status: 404 });
  return value;
}
