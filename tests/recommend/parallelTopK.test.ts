import { describe, expect, it } from "vitest";
import { variantGroups } from "../../app/intelligence/recommend/catalog";
import { parallelTopK } from "../../app/intelligence/recommend/parallelTopK";
import { recommend } from "../../app/intelligence/recommend/recommend";
import { onlineRetailOrderTable } from "../../app/recommend/onlineRetailOrders";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData";

describe("every customer's top-10 on several threads", () => {
  it("equals the one-thread lists, list for list", async () => {
    // GIVEN the real store's 3,360 customers as of the end of its data, in 8 segments
    const { table, titles } = await onlineRetailOrderTable(ONLINE_RETAIL_FILE);
    const asOfMs = Date.UTC(2011, 8, 1);
    const nSegments = 8;
    const segmentOf = Int32Array.from(table.customerIds, (_, c) => c % nSegments);
    const r = recommend({ table, asOfMs, segmentOf, nSegments }, { catalog: { group: variantGroups(table.products ?? [], titles) } });
    const input = { history: r.history, stats: r.stats, catalog: r.catalog, nCategories: table.categories.length, neighbors: r.neighbors, feeds: r.feeds, segmentOf };
    // WHEN they are split over three threads of about 1,100 customers
    const errors: unknown[] = [];
    const parallel = await parallelTopK(input, r.blend.weights, {}, 3, (e) => errors.push(e), 1_000);
    // THEN every list is the same (whether a worker ran or its range fell back to this thread)
    expect(Array.from(parallel.product)).toEqual(Array.from(r.topK.product));
    expect(Array.from(parallel.reason)).toEqual(Array.from(r.topK.reason));
    expect(Array.from(parallel.score)).toEqual(Array.from(r.topK.score));
    expect(errors.map(String)).toEqual([]);
  }, 120_000);
});
