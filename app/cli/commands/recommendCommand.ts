import { FEED_FORMATTERS } from "../../recommend/feedFormats.ts";
import { loadCustomerTopK, loadSegmentFeed } from "../../recommend/feedStore.ts";
import { STORE_FEED_ID } from "../../recommend/storeRecommendations.ts";
import { latestRun } from "../../store/analysisRuns.ts";
import type { FeedItem } from "../../recommend/feedItem.ts";
import { CliError, openStore, requireShop } from "../store.ts";

function printTable(items: FeedItem[]): void {
  console.table(items.map((i, rank) => ({ rank: rank + 1, product: i.externalId, title: i.title, price: i.price, score: i.score.toFixed(3), reason: i.reason })));
}

async function requireRun(db: Parameters<typeof latestRun>[0], shop: { id: string; domain: string }) {
  const run = await latestRun(db, shop.id);
  if (!run) throw new CliError(`Shop ${shop.domain} has no finished analysis yet: run pearl analyze --shop ${shop.domain} first`);
  return run;
}

/** `pearl recommend --shop D --customer ID [--json]`: the customer's top-10 of the latest run. */
export async function recommendCommand(options: { shop: string; customer: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    const run = await requireRun(store.db, shop);
    const customer = await store.db.customer.findUnique({ where: { shopId_externalId: { shopId: shop.id, externalId: options.customer } }, select: { id: true } });
    if (!customer) throw new CliError(`No customer ${options.customer} in shop ${options.shop}`);
    const items = await loadCustomerTopK(store.db, shop.id, options.customer, run.id);
    if (options.json) {
      process.stdout.write(JSON.stringify({ shop: options.shop, customer: options.customer, runId: run.id, asOf: run.asOf.toISOString(), items }) + "\n");
      return;
    }
    printTable(items);
  } finally {
    await store.close();
  }
}

/** `pearl feed --shop D --segment ID --format json`: a segment's feed of the latest run (`_store`: the store's trending items). */
export async function feedCommand(options: { shop: string; segment: string; format: string }): Promise<void> {
  const format = FEED_FORMATTERS[options.format];
  if (!format) throw new CliError(`--format: one of ${Object.keys(FEED_FORMATTERS).join(", ")}`);
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    const run = await requireRun(store.db, shop);
    const segment = options.segment === STORE_FEED_ID ? null : await store.db.segment.findFirst({ where: { id: options.segment, shopId: shop.id }, select: { id: true, name: true } });
    if (options.segment !== STORE_FEED_ID && !segment) throw new CliError(`No segment ${options.segment} in shop ${options.shop} (pearl segments --shop ${options.shop} lists them)`);
    const items = await loadSegmentFeed(store.db, shop.id, options.segment, run.id);
    process.stdout.write(
      format({ shop: { domain: shop.domain, currency: shop.currency }, segment: { id: options.segment, name: segment?.name ?? "Store trending" }, runId: run.id, items }),
    );
  } finally {
    await store.close();
  }
}
