// Writes what Pearl knows about each customer back to Shopify, where the
// merchant's own tools (customer segments, Flow, the theme) can use it:
// metafields pearl.segment, pearl.segment_id, pearl.tier, pearl.clv_365 and
// pearl.recommended_products (product references), and tags pearl-tier-X and
// pearl-segment-<name>, with Pearl's older tags removed. Mutations go in
// batches: metafieldsSet takes at most 25 metafields per call, and several
// aliased mutations share one request, kept under a cost budget per request.

import type { Db } from "../db.server.ts";
import { latestFinishedRun } from "./audience.ts";
import type { SegmentFeedLoader } from "./feedLoader.ts";
import { AdminGraphqlClient, type AdminApiTarget } from "./shopifyAdminGraphql.ts";

export const METAFIELD_NAMESPACE = "pearl";
const METAFIELDS_PER_SET = 25;
/** Points per mutation root field (Shopify's cost for mutations). */
const MUTATION_COST = 10;

export interface CustomerSyncRecord {
  customerGid: string;
  segmentId: string;
  segmentName: string;
  tier: string;
  clv365: number;
  productGids: string[];
  tagsToAdd: string[];
  tagsToRemove: string[];
}

export interface SyncTotals {
  customers: number;
  metafields: number;
  requests: number;
  throttled: number;
  userErrors: { field: string[] | null; message: string }[];
}

export const toGid = (kind: "Customer" | "Product", externalId: string) => (externalId.startsWith("gid://") ? externalId : `gid://shopify/${kind}/${externalId}`);
const slug = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);

/** The records of the shop's latest analysis, one per scored customer with a platform id. */
export async function customerSyncRecords(db: Db, shopId: string, loadFeed: SegmentFeedLoader, productsPerCustomer = 5): Promise<CustomerSyncRecord[]> {
  const run = await latestFinishedRun(db, shopId);
  if (!run) return [];
  const scores = await db.customerScore.findMany({
    where: { runId: run.id, customer: { deletedAt: null, redactedAt: null } },
    select: { segmentId: true, tier: true, clv365: true, customer: { select: { externalId: true, tags: true } } },
  });
  const segments = new Map((await db.segment.findMany({ where: { shopId }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const feeds = new Map<string, string[]>();
  for (const segmentId of new Set(scores.map((s) => s.segmentId))) {
    feeds.set(segmentId, (await loadFeed(shopId, segmentId, run.id)).slice(0, productsPerCustomer).map((f) => toGid("Product", f.externalId)));
  }
  return scores
    .filter((s) => s.customer.externalId !== "anonymous")
    .map((s) => {
      const name = segments.get(s.segmentId) ?? s.segmentId;
      const tags = [`pearl-tier-${s.tier.toLowerCase()}`, `pearl-segment-${slug(name)}`];
      const existing = s.customer.tags.split(",").map((t) => t.trim()).filter(Boolean);
      return {
        customerGid: toGid("Customer", s.customer.externalId),
        segmentId: s.segmentId, segmentName: name, tier: s.tier, clv365: s.clv365,
        productGids: feeds.get(s.segmentId) ?? [],
        tagsToAdd: tags,
        tagsToRemove: existing.filter((t) => t.toLowerCase().startsWith("pearl-") && !tags.includes(t.toLowerCase())),
      };
    });
}

function metafieldsOf(r: CustomerSyncRecord) {
  const field = (key: string, type: string, value: string) => ({ ownerId: r.customerGid, namespace: METAFIELD_NAMESPACE, key, type, value });
  const out = [
    field("segment", "single_line_text_field", r.segmentName),
    field("segment_id", "single_line_text_field", r.segmentId),
    field("tier", "single_line_text_field", r.tier),
    field("clv_365", "number_decimal", r.clv365.toFixed(2)),
  ];
  if (r.productGids.length) out.push(field("recommended_products", "list.product_reference", JSON.stringify(r.productGids)));
  return out;
}

/** Sends the records to Shopify in batches of at most `maxCostPerRequest` points. */
export async function syncCustomersToShopify(target: AdminApiTarget, records: readonly CustomerSyncRecord[], options: { maxCostPerRequest?: number; client?: AdminGraphqlClient } = {}): Promise<SyncTotals> {
  const client = options.client ?? new AdminGraphqlClient(target);
  const budget = Math.max(MUTATION_COST * 3, options.maxCostPerRequest ?? 300);
  const totals: SyncTotals = { customers: 0, metafields: 0, requests: 0, throttled: 0, userErrors: [] };

  let i = 0;
  while (i < records.length) {
    // Fill one request: per customer one share of a metafieldsSet, one tagsAdd, maybe one tagsRemove.
    const declarations: string[] = [];
    const fields: string[] = [];
    const variables: Record<string, unknown> = {};
    let pendingSet: ReturnType<typeof metafieldsOf> = [];
    let cost = 0;
    let sets = 0;
    const flushSet = () => {
      if (!pendingSet.length) return;
      const name = `m${sets++}`;
      declarations.push(`$${name}: [MetafieldsSetInput!]!`);
      fields.push(`  ${name}: metafieldsSet(metafields: $${name}) { userErrors { field message code } }`);
      variables[name] = pendingSet;
      pendingSet = [];
    };
    let batch = 0;
    while (i < records.length) {
      const r = records[i];
      const mf = metafieldsOf(r);
      const newSet = pendingSet.length + mf.length > METAFIELDS_PER_SET ? 1 : pendingSet.length === 0 ? 1 : 0;
      const added = MUTATION_COST * (newSet + 1 + (r.tagsToRemove.length ? 1 : 0));
      if (batch > 0 && cost + added > budget) break;
      if (pendingSet.length + mf.length > METAFIELDS_PER_SET) flushSet();
      pendingSet.push(...mf);
      declarations.push(`$id${i}: ID!`, `$add${i}: [String!]!`);
      fields.push(`  a${i}: tagsAdd(id: $id${i}, tags: $add${i}) { userErrors { field message } }`);
      variables[`id${i}`] = r.customerGid;
      variables[`add${i}`] = r.tagsToAdd;
      if (r.tagsToRemove.length) {
        declarations.push(`$remove${i}: [String!]!`);
        fields.push(`  r${i}: tagsRemove(id: $id${i}, tags: $remove${i}) { userErrors { field message } }`);
        variables[`remove${i}`] = r.tagsToRemove;
      }
      cost += added;
      totals.metafields += mf.length;
      batch++;
      i++;
    }
    flushSet();
    const query = `#graphql\nmutation PearlCustomerSync(${declarations.join(", ")}) {\n${fields.join("\n")}\n}`;
    const result = await client.request<Record<string, { userErrors: { field: string[] | null; message: string }[] }>>(query, variables, fields.length * MUTATION_COST);
    if (result.errors.length) throw new Error(`Shopify refused the batch: ${result.errors.map((e) => e.message).join("; ")}`);
    for (const payload of Object.values(result.data ?? {})) totals.userErrors.push(...(payload?.userErrors ?? []));
    totals.customers += batch;
  }
  totals.requests = client.requests;
  totals.throttled = client.throttled;
  return totals;
}
