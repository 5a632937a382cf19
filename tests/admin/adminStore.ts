// The store the admin tests look at: the first orders of the real
// online-retail file imported through the real importer, customers given the
// demo's identities, and two real analyses (`pearl analyze`) a month apart so
// that segments have moves. A second shop in the same database is there to
// prove that the admin never shows one shop another's rows.

import { runAnalysis } from "../../app/analysis/runAnalysis.ts";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { openSqlExecutor, type SqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import { createDb, type Db } from "../../app/db.server.ts";
import { customerPersona } from "../../app/demo/personas.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";
import { randomShopDomain, sqliteTarget } from "../helpers/testDb.ts";

async function* firstOrders(limit: number): AsyncIterable<ImportItem> {
  let orders = 0;
  for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
    if (item.kind === "order" && ++orders > limit) return;
    yield item;
  }
}

const endOfDay = (d: Date) => new Date(`${d.toISOString().slice(0, 10)}T23:59:59.999Z`);

async function importedShop(db: Db, sql: SqlExecutor, orders: number, runs: number) {
  const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify", name: "UK gift shop", currency: "GBP", timezone: "Europe/London" });
  await writeImport(sql, shop.id, firstOrders(orders));
  const customers = await db.customer.findMany({ where: { shopId: shop.id } });
  await db.$transaction(customers.map((c) => {
    const p = customerPersona(c.externalId, null, "admin-tests");
    return db.customer.update({ where: { id: c.id }, data: { email: p.email, firstName: p.firstName, lastName: p.lastName, acceptsMarketing: p.acceptsMarketing } });
  }));
  const last = await db.order.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { processedAt: "desc" }, select: { processedAt: true } });
  const runIds: string[] = [];
  for (let i = runs - 1; i >= 0; i--) {
    const asOf = endOfDay(new Date(last.processedAt.getTime() - i * 30 * 86_400_000));
    runIds.push((await runAnalysis(db, sql, shop, { asOf })).runId);
  }
  return { shop, runIds };
}

export interface AdminStore {
  target: DatabaseTarget;
  db: Db;
  shop: { id: string; domain: string };
  other: { id: string; domain: string };
  close(): Promise<void>;
}

export async function adminStore(options: { orders?: number } = {}): Promise<AdminStore> {
  const target = sqliteTarget();
  const db = createDb(target);
  const sql = openSqlExecutor(target);
  const a = await importedShop(db, sql, options.orders ?? 2500, 2);
  const b = await importedShop(db, sql, 150, 1);
  await sql.close();
  return { target, db, shop: a.shop, other: b.shop, close: () => db.$disconnect() };
}
