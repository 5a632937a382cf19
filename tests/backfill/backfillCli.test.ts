import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkJsonl } from "../../app/demo/shopifyBulkExport.ts";
import type { ImportItem } from "../../app/imports/importItems.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import type { CustomerRecord, OrderRecord, ProductRecord } from "../../app/store/records.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";
import { sqliteTarget } from "../helpers/testDb.ts";
import { startFakeShopify, TOKEN } from "./fakeShopifyAdmin.ts";

const run = promisify(execFile);
const pearl = async (databaseUrl: string, ...args: string[]) =>
  (await run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } })).stdout;

describe("pearl import --format shopify-jsonl, pearl backfill", () => {
  const data = { customers: [] as CustomerRecord[], products: [] as ProductRecord[], orders: [] as OrderRecord[] };
  let fake: Awaited<ReturnType<typeof startFakeShopify>>;
  beforeAll(async () => {
    for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE) as AsyncIterable<ImportItem>) {
      if (item.kind === "customer") data.customers.push(item.record);
      else if (item.kind === "product") data.products.push(item.record);
      else if (item.kind === "order") data.orders.push(item.record);
      if (data.orders.length === 120) break;
    }
    fake = await startFakeShopify({
      files: { PearlBackfillProducts: Buffer.from(bulkJsonl({ products: data.products })), PearlBackfillOrders: Buffer.from(bulkJsonl({ orders: data.orders })) },
      completeAfterPolls: 1,
    });
  });
  afterAll(() => fake.close());

  it("loads a customers file, backfills products and orders from the Admin API, and lists the jobs", async () => {
    const { url } = sqliteTarget();
    const shop = "cli-backfill.myshopify.com";
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pearl-cli-jsonl-")), "customers.jsonl");
    writeFileSync(file, bulkJsonl({ customers: data.customers }));
    const imported = JSON.parse(await pearl(url, "import", "--shop", shop, "--format", "shopify-jsonl", file, "--json"));
    expect(imported).toMatchObject({ customers: data.customers.length, orders: 0, resumedAt: 0 });
    const backfilled = JSON.parse(await pearl(url, "backfill", "--shop", shop, "--token", TOKEN, "--api-url", fake.endpoint, "--resources", "products,orders", "--poll-seconds", "0.05", "--json"));
    expect(backfilled.jobs.map((j: { resource: string; orders: number }) => [j.resource, j.orders])).toEqual([["products", 0], ["orders", data.orders.length]]);
    const stats = JSON.parse(await pearl(url, "stats", "--shop", shop, "--json"));
    expect(stats).toMatchObject({ customers: data.customers.length, products: data.products.length, orders: data.orders.length });
    const jobs = JSON.parse(await pearl(url, "backfill", "--shop", shop, "--status", "--json"));
    expect(jobs.map((j: { resource: string; status: string; progress: string }) => [j.resource, j.status, j.progress]).sort()).toEqual([["file", "applied", "100.0%"], ["orders", "applied", "100.0%"], ["products", "applied", "100.0%"]]);
  });
});
