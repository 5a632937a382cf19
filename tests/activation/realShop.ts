// A shop built from the real online-retail data for the activation tests:
// the first orders of the file imported through the real importer, customers
// given the demo's deterministic identities (the data has no names or
// emails, their consent to marketing), then the real analysis run over them (`pearl analyze`).

import { runAnalysis } from "../../app/analysis/runAnalysis.ts";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { openSqlExecutor } from "../../app/db/sqlExecutor.server.ts";
import { createDb, type Db } from "../../app/db.server.ts";
import { customerPersona } from "../../app/demo/personas.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import { writeImport } from "../../app/imports/writeImport.server.ts";
import { segmentsOfRun } from "../../app/store/analysisRuns.ts";
import { installShop } from "../../app/store/installShop.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";
import { randomShopDomain, defaultTarget } from "../helpers/testDb.ts";

export interface RealShop {
  db: Db;
  target: DatabaseTarget;
  shop: { id: string; domain: string; urlSecret: string; currency: string; name: string | null };
  runId: string;
  segments: { id: string; name: string; size: number; level: "macro" | "micro" }[];
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
  const target = options.target ?? defaultTarget();
  const db = createDb(target);
  const sql = openSqlExecutor(target);
  const shop = await installShop(db, { domain: randomShopDomain(), platform: "shopify", name: "UK gift shop", currency: "GBP", timezone: "Europe/London" });
  await writeImport(sql, shop.id, firstOrders(options.orders ?? 3000));

  const customers = await db.customer.findMany({ where: { shopId: shop.id, externalId: { not: "anonymous" } } });
  await db.$transaction(customers.map((c) => {
    const p = customerPersona(c.externalId, null, "activation-tests");
    return db.customer.update({ where: { id: c.id }, data: { email: p.email, firstName: p.firstName, lastName: p.lastName, acceptsMarketing: p.acceptsMarketing } });
  }));

  // The real analysis (features, CLV, segments, recommendations) as of the last imported order.
  const last = await db.order.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { processedAt: "desc" }, select: { processedAt: true } });
  const { runId } = await runAnalysis(db, sql, shop, { asOf: new Date(`${last.processedAt.toISOString().slice(0, 10)}T23:59:59.999Z`) });
  await sql.close();
  const segments = (await segmentsOfRun(db, runId)).map((s) => ({ id: s.id, name: s.name, size: s.size, level: s.level }));
  return { db, target, shop, runId, segments, close: () => db.$disconnect() };
}
