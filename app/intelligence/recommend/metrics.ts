/**
 * Offline ranking metrics at a cut-off k, for one customer's list against the
 * set of products it actually bought afterwards (binary relevance):
 *
 *   recall@k   = |top-k ∩ truth| / |truth|
 *   hit rate@k = 1 if top-k ∩ truth is not empty, else 0
 *   nDCG@k     = DCG / IDCG, DCG = Σ_{i < k, item i in truth} 1 / log2(i + 2),
 *                IDCG = the DCG of a perfect list: Σ_{i < min(k, |truth|)} 1 / log2(i + 2)
 *
 * Averages are over customers (each customer counts once, whatever the size
 * of its basket). Padding (-1) in a list is no item.
 */
export interface RankingMetrics {
  recallAtK: number;
  hitRateAtK: number;
  ndcgAtK: number;
}

export function customerMetrics(list: ArrayLike<number>, truth: ReadonlySet<number>, k: number): RankingMetrics {
  if (truth.size === 0) throw new Error("customerMetrics: empty truth (such a customer is not evaluated)");
  let hits = 0;
  let dcg = 0;
  const n = Math.min(k, list.length);
  for (let i = 0; i < n; i++) {
    if (list[i] >= 0 && truth.has(list[i])) {
      hits++;
      dcg += 1 / Math.log2(i + 2);
    }
  }
  let idcg = 0;
  for (let i = 0; i < Math.min(k, truth.size); i++) idcg += 1 / Math.log2(i + 2);
  return { recallAtK: hits / truth.size, hitRateAtK: hits > 0 ? 1 : 0, ndcgAtK: dcg / idcg };
}

/** Running mean of per-customer metrics. */
export class MetricsAccumulator {
  private n = 0;
  private recall = 0;
  private hit = 0;
  private ndcg = 0;

  add(m: RankingMetrics): void {
    this.n++;
    this.recall += m.recallAtK;
    this.hit += m.hitRateAtK;
    this.ndcg += m.ndcgAtK;
  }

  get count(): number {
    return this.n;
  }

  mean(): RankingMetrics {
    const n = this.n || 1;
    return { recallAtK: this.recall / n, hitRateAtK: this.hit / n, ndcgAtK: this.ndcg / n };
  }
}
