import { shopStats } from "../../store/shopStats.ts";
import { CliError, openStore } from "../store.ts";

/** `pearl stats --shop D [--json]`: counts of everything stored for the shop. */
export async function statsCommand(options: { shop: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const stats = await shopStats(store.db, options.shop);
    if (!stats) throw new CliError(`No shop ${options.shop} in the store.`);
    if (options.json) console.log(JSON.stringify(stats));
    else {
      const { inbox, ...counts } = stats;
      console.table(counts);
      console.log(`Webhook inbox: ${inbox.pending} pending, ${inbox.processed} processed, ${inbox.failed} failed`);
    }
  } finally {
    await store.close();
  }
}
