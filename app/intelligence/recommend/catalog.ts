/**
 * What may be recommended at all, and how products group for diversity.
 *
 * - Codes that are not products (postage, fees, manual adjustments, vouchers)
 *   are never recommended: the same list the online-retail import uses.
 * - Products the store does not sell now (unpublished, archived, deleted, out
 *   of stock) are never recommended, though their history still teaches
 *   co-purchase and intervals.
 * - Categories come from the lines (the most frequent category of a
 *   product's lines), so any source that fills lineCategory works.
 */
import { isProductStockCode } from "../../imports/onlineRetail";
import type { OrderTable } from "../orderTable";

export interface Catalog {
  nProducts: number;
  /** 1 = may be recommended. */
  recommendable: Uint8Array;
  /** 1 = not merchandise at all (excluded from history, scoring and evaluation truth). */
  nonProduct: Uint8Array;
  /** Category index per product (into table.categories), -1 none. */
  category: Int32Array;
  /** Products of one group are variants of one another: at most one per list. */
  group: Int32Array;
}

export interface CatalogOptions {
  /** Per product: 1 = published, active and in stock (default: everything sold is available). */
  available?: Uint8Array;
  /** Per product group id (default: each product its own group). */
  group?: Int32Array;
}

export function isMerchandise(productId: string): boolean {
  return isProductStockCode(productId);
}

export function catalogFromTable(table: OrderTable, options: CatalogOptions = {}): Catalog {
  const products = table.products ?? [];
  const lineProduct = table.lineProduct ?? new Int32Array(0);
  const nP = products.length;
  const nonProduct = new Uint8Array(nP);
  const recommendable = new Uint8Array(nP);
  for (let p = 0; p < nP; p++) {
    nonProduct[p] = isMerchandise(products[p]) ? 0 : 1;
    recommendable[p] = nonProduct[p] === 0 && (options.available ? options.available[p] === 1 : true) ? 1 : 0;
  }
  // Most frequent category of each product's lines: a dense tally when it is
  // small enough, a sparse one otherwise (products have few categories).
  const category = new Int32Array(nP).fill(-1);
  const best = new Int32Array(nP);
  const nCat = Math.max(1, table.categories.length);
  const dense = nP * nCat <= 32_000_000 ? new Int32Array(nP * nCat) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (let l = 0; l < lineProduct.length; l++) {
    const p = lineProduct[l];
    const cat = table.lineCategory[l];
    if (p < 0 || cat < 0) continue;
    const key = p * nCat + cat;
    let n: number;
    if (dense) n = ++dense[key];
    else if (sparse) {
      n = (sparse.get(key) ?? 0) + 1;
      sparse.set(key, n);
    } else continue;
    if (n > best[p]) {
      best[p] = n;
      category[p] = cat;
    }
  }
  const group = options.group ?? Int32Array.from({ length: nP }, (_, p) => p);
  return { nProducts: nP, recommendable, nonProduct, category, group };
}

/** Colour words: products whose titles differ only in them are colours of one product. */
const COLOURS = new Set(
  "RED GREEN BLUE PINK ORANGE YELLOW PURPLE BLACK WHITE IVORY CREAM BROWN CHOCOLATE GREY GRAY SILVER GOLD TURQUOISE LILAC MINT APRICOT TEAL AQUA NAVY".split(" "),
);

/**
 * Variant groups for catalogs that sell each colour or size as a product of
 * its own (the online-retail data): stock codes of the form digits + letter
 * suffix ("85049A", "85049E") are one design, and so are products whose
 * titles are equal once colour words are dropped ("ALARM CLOCK BAKELIKE
 * RED" / "... GREEN"). Products with real variants (Shopify) are unaffected:
 * their ids have no such suffix and their titles name no colour.
 */
export function variantGroups(products: readonly string[], titles?: readonly (string | null)[]): Int32Array {
  const index = new Map<string, number>();
  const group = new Int32Array(products.length);
  const parent = Int32Array.from({ length: products.length }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) {
      const next = parent[i];
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const join = (key: string, p: number) => {
    const q = index.get(key);
    if (q === undefined) index.set(key, p);
    else parent[find(p)] = find(q);
  };
  for (let p = 0; p < products.length; p++) {
    const m = /^(\d{4,})[A-Z]{1,2}$/.exec(products[p]);
    join(`code:${m ? m[1] : products[p]}`, p);
    const title = titles?.[p];
    if (title) {
      const words = title.toUpperCase().split(/\s+/).filter(Boolean);
      const stem = words.filter((w) => !COLOURS.has(w));
      if (stem.length > 0 && stem.length < words.length) join(`title:${stem.join(" ")}`, p);
    }
  }
  const ids = new Map<number, number>();
  for (let p = 0; p < products.length; p++) {
    const root = find(p);
    let g = ids.get(root);
    if (g === undefined) {
      g = ids.size;
      ids.set(root, g);
    }
    group[p] = g;
  }
  return group;
}
