import { existsSync } from "node:fs";
import { streamCdnow } from "../../imports/cdnow.ts";
import type { ImportItem } from "../../imports/importItems.ts";
import { ONLINE_RETAIL_CURRENCY, ONLINE_RETAIL_TIME_ZONE, streamOnlineRetail } from "../../imports/onlineRetail.ts";
import { writeImport, type ImportTotals } from "../../imports/writeImport.server.ts";
import { importShopifyJsonl } from "../../backfill/importShopifyJsonl.ts";
import { installShop } from "../../store/installShop.ts";
import { progressBar } from "../progress.ts";
import { CliError, openStore, type Store } from "../store.ts";

export const IMPORT_FORMATS = ["online-retail", "cdnow", "shopify-jsonl"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  shop: string;
  format: ImportFormat;
  json?: boolean;
}

/** `pearl import --shop D --format F FILE`: a data set into the store, with a progress bar. */
export async function importCommand(file: string, options: ImportOptions): Promise<ImportTotals> {
  if (!existsSync(file)) throw new CliError(`No such file: ${file}`);
  const store = await openStore();
  try {
    const shop = await installShop(store.db, {
      domain: options.shop,
      platform: "shopify",
      ...(options.format === "online-retail" ? { currency: ONLINE_RETAIL_CURRENCY, timezone: ONLINE_RETAIL_TIME_ZONE } : { currency: "USD" }),
    });
    if (options.format === "shopify-jsonl") return await importJsonl(store, shop.id, file, options);
    const bar = progressBar(`import ${options.format}`, 100, "%");
    const onProgress = (p: { fraction?: number; bytesRead: number; totalBytes: number }) =>
      bar.update(Math.round(100 * (p.fraction ?? (p.totalBytes ? p.bytesRead / p.totalBytes : 0))));
    const items: AsyncIterable<ImportItem> =
      options.format === "online-retail" ? streamOnlineRetail(file, { onProgress }) : streamCdnow(file, { onProgress });
    const started = performance.now();
    const totals = await writeImport(store.sql, shop.id, items);
    bar.update(100);
    bar.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (options.json) console.log(JSON.stringify({ shop: options.shop, format: options.format, seconds: Number(seconds), ...totals }));
    else {
      console.log(`Imported ${file} into ${options.shop} in ${seconds} s:`);
      console.table(totals);
    }
    return totals;
  } finally {
    await store.close();
  }
}

/** A Shopify bulk result file: resumable, so a second run after an interruption continues it. */
async function importJsonl(store: Store, shopId: string, file: string, options: ImportOptions): Promise<ImportTotals> {
  const bar = progressBar("import shopify-jsonl", 100, "%");
  const started = performance.now();
  let indexing = false;
  const result = await importShopifyJsonl(store.db, store.sql, shopId, file, { onProgress: (p) => {
    if (p.indexing && !indexing) {
      indexing = true;
      bar.update(100);
      bar.stop();
      process.stderr.write("building the indexes deferred for the load...\n");
    } else if (p.totalBytes) bar.update(Math.round((100 * p.bytes) / p.totalBytes));
  } });
  if (!indexing) {
    bar.update(100);
    bar.stop();
  }
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  if (options.json) console.log(JSON.stringify({ shop: options.shop, format: options.format, seconds, ...result }));
  else {
    console.log(`Imported ${file} into ${options.shop} in ${seconds} s${result.resumedAt ? ` (continued at byte ${result.resumedAt})` : ""}:`);
    console.table(result);
  }
  return result;
}
