/**
 * Picks the top k of a ranked candidate list with a spread: at most
 * `maxPerGroup` variants of one product and at most `maxPerCategory` items of
 * one category. When the caps leave the list short, the best skipped
 * candidates fill it (a short list helps nobody).
 *
 * `exempt` candidates pass the caps (they still count toward them): a
 * customer's own regular purchases are each shown, even two colours of one
 * design, while suggestions stay one variant per product.
 *
 * The counters are reusable scratch arrays, so picking a million lists
 * allocates nothing per list.
 */
export interface DiversityRules {
  maxPerGroup: number;
  maxPerCategory: number;
}

export class DiversePicker {
  private readonly perGroup: Int32Array;
  private readonly perCategory: Int32Array;
  private readonly skipped: Int32Array;
  private readonly group: Int32Array;
  private readonly category: Int32Array;

  constructor(group: Int32Array, category: Int32Array, nCategories: number, maxCandidates: number) {
    this.group = group;
    this.category = category;
    let nGroups = 0;
    for (let p = 0; p < group.length; p++) if (group[p] + 1 > nGroups) nGroups = group[p] + 1;
    this.perGroup = new Int32Array(nGroups);
    this.perCategory = new Int32Array(nCategories + 1);
    this.skipped = new Int32Array(maxCandidates);
  }

  /**
   * `ranked[0..n)` are candidate positions best first; `productAt(pos)` names
   * the product. Writes up to k chosen positions into `out` and returns how many.
   */
  pick(
    ranked: Int32Array,
    n: number,
    productAt: (pos: number) => number,
    k: number,
    rules: DiversityRules,
    out: Int32Array,
    exempt?: (pos: number) => boolean,
  ): number {
    let chosen = 0;
    let nSkipped = 0;
    for (let i = 0; i < n && chosen < k; i++) {
      const p = productAt(ranked[i]);
      const g = this.group[p];
      const cat = this.category[p] + 1; // -1 (none) counts in slot 0, uncapped
      const capped = this.perGroup[g] >= rules.maxPerGroup || (cat > 0 && this.perCategory[cat] >= rules.maxPerCategory);
      if (capped && !(exempt && exempt(ranked[i]))) {
        if (nSkipped < this.skipped.length) this.skipped[nSkipped++] = i;
        continue;
      }
      this.perGroup[g]++;
      this.perCategory[cat]++;
      out[chosen++] = ranked[i];
    }
    // Fill from the skipped ones, still one variant per product, in rank order.
    for (let s = 0; s < nSkipped && chosen < k; s++) {
      const pos = ranked[this.skipped[s]];
      const g = this.group[productAt(pos)];
      if (this.perGroup[g] >= rules.maxPerGroup) continue;
      this.perGroup[g]++;
      out[chosen++] = pos;
    }
    for (let i = 0; i < chosen; i++) {
      const p = productAt(out[i]);
      this.perGroup[this.group[p]] = 0;
      this.perCategory[this.category[p] + 1] = 0;
    }
    return chosen;
  }
}
