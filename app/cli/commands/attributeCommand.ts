import { attributeShopOrders } from "../../attribution/attributeOrders.server.ts";
import { openStore, requireShop } from "../store.ts";

/** `pearl attribute --shop D [--json]`: credits the shop's new orders to the sends that brought them. */
export async function attributeCommand(o: { shop: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const totals = await attributeShopOrders(store.db, shop.id);
    if (o.json) console.log(JSON.stringify(totals));
    else console.log(`${totals.examined} orders examined, ${totals.attributed} credited to a send (${totals.byMethod.token} by tracking token, ${totals.byMethod.utm} by UTM campaign, ${totals.byMethod.window} by attribution window).`);
  } finally {
    await store.close();
  }
}
