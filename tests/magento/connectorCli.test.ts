import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteTarget } from "../helpers/testDb.ts";
import { BEARER, magentoOrderFixture, startFakeMagento, type Json } from "./fakeMagento.ts";

const run = promisify(execFile);

async function pearl(databaseUrl: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  return stdout;
}

// `pearl magento connect|sync|status`, end to end through the CLI, against a
// store serving Adobe's tutorial order (../shared/fixtures/magento).
describe("pearl magento", () => {
  let fake: Awaited<ReturnType<typeof startFakeMagento>>;
  beforeAll(async () => {
    const order = magentoOrderFixture();
    fake = await startFakeMagento({ orders: [order], customers: [], products: [], carts: [] });
  });
  afterAll(() => fake.close());

  it("connects (checking the credentials first), syncs, and shows the shop like a Shopify one", async () => {
    const { url } = sqliteTarget();
    const shop = "magento-cli.example.com";
    // GIVEN a wrong token: nothing is stored, and the message says what is wrong
    const refused = await pearl(url, "magento", "connect", "--shop", shop, "--url", fake.baseUrl, "--token", "nope").catch((e: { stderr: string; code: number }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/pearl: Magento refused the credentials \(401/) });
    // WHEN connected with the integration token and synced
    const connected = JSON.parse(await pearl(url, "magento", "connect", "--shop", shop, "--url", fake.baseUrl, "--token", BEARER, "--json"));
    expect(connected).toMatchObject({ shop, platform: "magento", auth: "bearer", currency: "USD", timezone: "America/Chicago" });
    const synced = JSON.parse(await pearl(url, "magento", "sync", "--shop", shop, "--json"));
    expect(synced.entities).toMatchObject({ orders: { records: 1, cursor: "2017-08-21 22:22:20" }, customers: { records: 0 } });
    // THEN the store holds the order with its buyer, and status reports the cursors
    const stats = JSON.parse(await pearl(url, "stats", "--shop", shop, "--json"));
    expect(stats).toMatchObject({ orders: 1, orderLines: 1, customers: 1 });
    const status = JSON.parse(await pearl(url, "magento", "status", "--shop", shop, "--json"));
    expect(status.connection).toMatchObject({ baseUrl: fake.baseUrl, authMethod: "bearer" });
    expect(status.cursors.map((c: Json) => c.entity).sort()).toEqual(["carts", "customers", "orders", "products"]);
  });
});
