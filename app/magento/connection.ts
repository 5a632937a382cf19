import type { Db } from "../db.server.ts";
import { installShop } from "../store/installShop.ts";
import type { MagentoAuth, MagentoTarget } from "./magentoClient.ts";
import type { SignatureMethod } from "./oauth1.ts";

export interface MagentoConnectionInput {
  baseUrl: string;
  storeCode?: string | null;
  auth: MagentoAuth;
}

/** A base URL as stored: absolute http(s), without a trailing slash or a /rest suffix pasted along. */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Not a URL: ${raw} (expected e.g. https://store.example.com)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`Not an http(s) URL: ${raw}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/rest(\/V1)?$/i, "")}`;
}

/** Creates the Magento shop (platform "magento") with its connection, or replaces the connection. */
export async function saveMagentoConnection(db: Db, domain: string, input: MagentoConnectionInput, details: { currency?: string; timezone?: string; name?: string } = {}) {
  const shop = await installShop(db, { domain, platform: "magento", ...details });
  const auth = input.auth;
  const data = {
    baseUrl: normalizeBaseUrl(input.baseUrl),
    storeCode: input.storeCode ?? null,
    authMethod: auth.kind,
    accessToken: auth.kind === "bearer" ? auth.token : auth.token,
    accessTokenSecret: auth.kind === "oauth1" ? auth.tokenSecret : null,
    consumerKey: auth.kind === "oauth1" ? auth.consumerKey : null,
    consumerSecret: auth.kind === "oauth1" ? auth.consumerSecret : null,
    signatureMethod: auth.kind === "oauth1" ? auth.signatureMethod : null,
  };
  await db.magentoConnection.upsert({ where: { shopId: shop.id }, create: { shopId: shop.id, ...data }, update: { ...data, lastError: null } });
  return shop;
}

/** The stored connection as a client target; null when the shop has none. */
export async function loadMagentoTarget(db: Db, shopId: string): Promise<MagentoTarget | null> {
  const c = await db.magentoConnection.findUnique({ where: { shopId } });
  if (!c) return null;
  const auth: MagentoAuth =
    c.authMethod === "oauth1"
      ? {
        kind: "oauth1",
        consumerKey: c.consumerKey ?? "",
        consumerSecret: c.consumerSecret ?? "",
        token: c.accessToken,
        tokenSecret: c.accessTokenSecret ?? "",
        signatureMethod: (c.signatureMethod as SignatureMethod | null) ?? "HMAC-SHA256",
      }
      : { kind: "bearer", token: c.accessToken };
  return { baseUrl: c.baseUrl, storeCode: c.storeCode, auth };
}
