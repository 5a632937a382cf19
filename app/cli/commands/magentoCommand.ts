import { loadMagentoTarget, saveMagentoConnection } from "../../magento/connection.ts";
import { MagentoClient, MagentoError, type MagentoAuth } from "../../magento/magentoClient.ts";
import type { SignatureMethod } from "../../magento/oauth1.ts";
import { MAGENTO_ENTITIES, syncMagento, type MagentoEntity } from "../../magento/syncMagento.ts";
import { progressBar, type Progress } from "../progress.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export interface MagentoCommandOptions {
  shop: string;
  url?: string;
  storeCode?: string;
  token?: string;
  tokenSecret?: string;
  consumerKey?: string;
  consumerSecret?: string;
  signatureMethod?: string;
  entities?: string;
  pageSize?: string;
  json?: boolean;
}

interface StoreConfig {
  code?: string;
  base_currency_code?: string;
  timezone?: string;
  base_url?: string;
  base_media_url?: string;
}

/** `pearl magento connect|sync|status --shop D ...` */
export async function magentoCommand(action: string, options: MagentoCommandOptions): Promise<void> {
  if (!["connect", "sync", "status"].includes(action)) throw new CliError(`Unknown action ${action}: connect, sync or status`);
  const store = await openStore();
  try {
    if (action === "connect") return await connect(store.db, options);
    const shop = await requireShop(store.db, options.shop);
    const target = await loadMagentoTarget(store.db, shop.id);
    if (!target) throw new CliError(`${options.shop} has no Magento connection: pearl magento connect --shop ${options.shop} --url URL --token TOKEN`);
    if (action === "status") {
      const cursors = await store.db.syncCursor.findMany({ where: { shopId: shop.id, source: "magento" }, select: { entity: true, updatedAt: true, records: true, syncedAt: true } });
      const connection = await store.db.magentoConnection.findUniqueOrThrow({ where: { shopId: shop.id }, select: { baseUrl: true, storeCode: true, authMethod: true, lastSyncAt: true, lastError: true } });
      if (options.json) console.log(JSON.stringify({ shop: options.shop, connection, cursors }));
      else {
        console.log(`${options.shop}: ${connection.baseUrl} (${connection.authMethod}), last sync ${connection.lastSyncAt?.toISOString() ?? "never"}`);
        console.table(cursors);
      }
      return;
    }
    const entities = (options.entities?.split(",") ?? [...MAGENTO_ENTITIES]) as MagentoEntity[];
    const unknown = entities.filter((e) => !MAGENTO_ENTITIES.includes(e));
    if (unknown.length) throw new CliError(`Unknown entity ${unknown.join(", ")}: choose from ${MAGENTO_ENTITIES.join(", ")}`);
    const client = new MagentoClient(target);
    const bars = new Map<string, Progress>();
    const started = performance.now();
    try {
      const result = await syncMagento({
        db: store.db,
        shopId: shop.id,
        client,
        entities,
        pageSize: Number(options.pageSize ?? 100),
        mediaBaseUrl: `${target.baseUrl}/media`,
        onPage: ({ entity, records, total }) => {
          let bar = bars.get(entity);
          if (!bar) bars.set(entity, (bar = progressBar(`magento ${entity}`, Math.max(total, 1), "records")));
          bar.update(records, Math.max(total, records, 1));
        },
      });
      for (const bar of bars.values()) bar.stop();
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      if (options.json) console.log(JSON.stringify({ shop: options.shop, seconds, requests: client.requests, retries: client.retries, entities: result }));
      else {
        console.log(`Synced ${options.shop} from ${target.baseUrl} in ${seconds} s (${client.requests} requests):`);
        console.table(result);
      }
    } catch (error) {
      for (const bar of bars.values()) bar.stop();
      if (error instanceof MagentoError) {
        await store.db.magentoConnection.update({ where: { shopId: shop.id }, data: { lastError: error.message } });
        throw new CliError(error.message);
      }
      throw error;
    }
  } finally {
    await store.close();
  }
}

async function connect(db: Parameters<typeof saveMagentoConnection>[0], options: MagentoCommandOptions): Promise<void> {
  if (!options.url || !options.token) throw new CliError("connect needs --url and --token (and, for OAuth 1.0a, --consumer-key, --consumer-secret and --token-secret)");
  const oauth = options.consumerKey || options.consumerSecret || options.tokenSecret;
  if (oauth && !(options.consumerKey && options.consumerSecret && options.tokenSecret)) throw new CliError("OAuth 1.0a needs all four: --consumer-key, --consumer-secret, --token, --token-secret");
  const method = (options.signatureMethod ?? "HMAC-SHA256").toUpperCase();
  if (method !== "HMAC-SHA256" && method !== "HMAC-SHA1") throw new CliError(`--signature-method ${options.signatureMethod}: HMAC-SHA256 or HMAC-SHA1`);
  const auth: MagentoAuth = oauth
    ? { kind: "oauth1", consumerKey: options.consumerKey!, consumerSecret: options.consumerSecret!, token: options.token, tokenSecret: options.tokenSecret!, signatureMethod: method as SignatureMethod }
    : { kind: "bearer", token: options.token };
  let baseUrl: string;
  try {
    baseUrl = new URL(options.url).href.replace(/\/+$/, "");
  } catch {
    throw new CliError(`--url ${options.url} is not a URL (expected e.g. https://store.example.com)`);
  }
  // One authenticated call before anything is stored: wrong URLs and credentials are named now, not at the first sync.
  const client = new MagentoClient({ baseUrl, storeCode: options.storeCode ?? null, auth });
  let configs: StoreConfig[];
  try {
    configs = await client.get<StoreConfig[]>("/store/storeConfigs");
  } catch (error) {
    if (error instanceof MagentoError) throw new CliError(error.message);
    throw error;
  }
  const config = configs.find((c) => c.code === (options.storeCode ?? "default")) ?? configs[0];
  const shop = await saveMagentoConnection(db, options.shop, { baseUrl, storeCode: options.storeCode ?? null, auth }, { currency: config?.base_currency_code, timezone: config?.timezone });
  const summary = { shop: shop.domain, platform: shop.platform, baseUrl, auth: auth.kind, currency: shop.currency, timezone: shop.timezone };
  if (options.json) console.log(JSON.stringify(summary));
  else console.log(`Connected ${shop.domain} to ${baseUrl} (${auth.kind}); currency ${shop.currency}, time zone ${shop.timezone}. Next: pearl magento sync --shop ${shop.domain}`);
}
