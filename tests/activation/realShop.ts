// A shop built from the real online-retail data for the activation tests:
// the first orders of the file imported through the real importer, customers
// given the demo's deterministic identities (the data has no names or
// emails), and, until the analysis pipeline is wired here, one finished
// analysis run whose segments are the customers' countries.

import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { openSqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import { createDb, type Db } from "../../app/db.server.ts";
import { customerPersona } from "../../app/demo/personas.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
import { installShop } from "../../app/store/installShop.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";
import { randomShopDomain, sqliteTarget } from "../helpers/testDb.ts";

export interface RealShop {
  db: Db;
  target: DatabaseTarget;
  shop: { id: string; domain: string; urlSecret: string; currency: string; name: string | null };
  runId: string;
  segments: { id: string; name: string; size: number }[];
  close(): Promise<void>;
}

async function* firstOrders(limit: number): AsyncIterable<ImportItem> {
  let orders = 0;
  for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
    if (item.kind === "order" && ++orders > limit) return;
    yield item;
  }
}

export async function realShop(options: { orders?: number; target?: DatabaseTarget } = {}): Promise<RealShop> {
  const target = options.target ?? sqliteTarget();
  const db = createDb(target);
  const sql = openSqlExecutor(target);
  const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify", name: "UK gift shop", currency: "GBP", timezone: "Europe/London" });
  await writeImport(db, sql, shop.id, firstOrders(options.orders ?? 1500));
  await sql.close();

  const customers = await db.customer.findMany({ where: { shopId: shop.id, externalId: { not: "anonymous" } } });
  await db.$transaction(customers.map((c) => {
    const p = customerPersona(c.externalId, null, "activation-tests");
    return db.customer.update({ where: { id: c.id }, data: { email: p.email, firstName: p.firstName, lastName: p.lastName } });
  }));

  const run = await db.analysisRun.create({ data: { shopId: shop.id, asOf: new Date("2011-09-01T00:00:00Z"), status: "done", finishedAt: new Date(), progress: 1 } });
  const byCountry = new Map<string, string[]>();
  for (const c of customers) {
    const country = c.country === "GB" || c.country === "FR" || c.country === "DE" ? c.country : "other";
    byCountry.set(country, [...(byCountry.get(country) ?? []), c.id]);
  }
  const segments: RealShop["segments"] = [];
  for (const [country, ids] of byCountry) {
    const id = `seg_${country.toLowerCase()}_${shop.id.slice(-6)}`;
    const name = `Customers in ${country}`;
    await db.segment.create({ data: { id, shopId: shop.id, level: "micro", parentId: null, name, bornRunId: run.id, lastRunId: run.id } });
    await db.segmentSnapshot.create({ data: { runId: run.id, segmentId: id, size: ids.length, profile: "{}" } });
    await db.customerScore.createMany({
      data: ids.map((customerId) => ({ runId: run.id, customerId, segmentId: id, macroSegmentId: id, tier: "C", clv30: 1, clv365: 10, clv1095: 20, pAlive: 0.5, churn: 0.5, expectedPurchases: 1 })),
    });
    segments.push({ id, name, size: ids.length });
  }
  return { db, target, shop, runId: run.id, segments, close: () => db.$disconnect() };
}
