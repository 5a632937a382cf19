/**
 * Item-to-item co-purchase: "customers who bought this also bought that",
 * with recent purchases counting more than old ones.
 *
 * Each customer is a vector over products: v[c][i] = decay(age of c's last
 * purchase of i) / sqrt(log2(1 + |items of c|)), so that a wholesaler with a
 * thousand products does not tie everything to everything. Similarity is the
 * cosine of two products' customer vectors, shrunk by the number of shared
 * customers (n / (n + shrinkage)) so that two products that one customer
 * happened to buy are not "similar". Each product keeps its top neighbours.
 *
 * Cost is the sum over customers of (items kept)^2, so each customer keeps
 * only its most recent `maxItemsPerCustomer` products, and a very large store
 * is estimated on a deterministic sample of `maxCustomers` customers (the
 * similarities are averages; a few hundred thousand customers pin them down).
 */
import { DecayTable, type PurchaseHistory } from "./purchaseHistory";

export interface CoPurchaseOptions {
  halfLifeDays: number;
  maxItemsPerCustomer: number;
  neighbors: number;
  shrinkage: number;
  maxCustomers: number;
  /**
   * sim = dot / (n_p^a * n_q^(1-a)), n = squared norm: 0.5 is the cosine,
   * higher leans toward P(q | p), which favours products that sell widely.
   */
  asymmetry: number;
}

export const DEFAULT_CO_PURCHASE_OPTIONS: CoPurchaseOptions = {
  halfLifeDays: 90,
  maxItemsPerCustomer: 30,
  neighbors: 10,
  shrinkage: 5,
  maxCustomers: 50_000,
  asymmetry: 0.5,
};

/** Neighbours of product p: entries start[p] .. start[p+1]-1, best first. */
export interface CoPurchaseNeighbors {
  start: Int32Array;
  neighbor: Int32Array;
  similarity: Float32Array;
}

export function coPurchaseNeighbors(h: PurchaseHistory, options: Partial<CoPurchaseOptions> = {}): CoPurchaseNeighbors {
  const opt = { ...DEFAULT_CO_PURCHASE_OPTIONS, ...options };
  const nP = h.nProducts;
  const nC = h.nCustomers;
  const stride = nC > opt.maxCustomers ? nC / opt.maxCustomers : 1;
  const weight = new DecayTable(opt.halfLifeDays);

  // Kept items per sampled customer (most recent first), as a CSR of (item, value).
  const keptStart: number[] = [0];
  const keptItem: number[] = [];
  const keptValue: number[] = [];
  const order: number[] = [];
  for (let s = 0; s * stride < nC; s++) {
    const c = Math.floor(s * stride);
    const a = h.start[c];
    const b = h.start[c + 1];
    if (b - a < 2) continue;
    order.length = 0;
    for (let e = a; e < b; e++) order.push(e);
    if (order.length > opt.maxItemsPerCustomer) {
      order.sort((x, y) => h.lastMs[y] - h.lastMs[x]);
      order.length = opt.maxItemsPerCustomer;
    }
    const damp = 1 / Math.sqrt(Math.log2(1 + order.length));
    for (const e of order) {
      keptItem.push(h.product[e]);
      keptValue.push(weight.at(h.asOfMs - h.lastMs[e]) * damp);
    }
    keptStart.push(keptItem.length);
  }
  const nS = keptStart.length - 1;
  const item = Int32Array.from(keptItem);
  const value = Float32Array.from(keptValue);
  const cStart = Int32Array.from(keptStart);

  // Product -> sampled customers (inverted index), and each product's norm.
  const pStart = new Int32Array(nP + 1);
  for (let k = 0; k < item.length; k++) pStart[item[k] + 1]++;
  for (let p = 0; p < nP; p++) pStart[p + 1] += pStart[p];
  const pCustomer = new Int32Array(item.length);
  const pValue = new Float32Array(item.length);
  const fill = pStart.slice(0, nP);
  const norm2 = new Float64Array(nP);
  for (let s = 0; s < nS; s++) {
    for (let k = cStart[s]; k < cStart[s + 1]; k++) {
      const p = item[k];
      const at = fill[p]++;
      pCustomer[at] = s;
      pValue[at] = value[k];
      norm2[p] += value[k] * value[k];
    }
  }

  const k = opt.neighbors;
  const start = new Int32Array(nP + 1);
  const neighbor = new Int32Array(nP * k);
  const similarity = new Float32Array(nP * k);
  const dot = new Float64Array(nP);
  const shared = new Int32Array(nP);
  const touched = new Int32Array(nP);
  const topId = new Int32Array(k);
  const topSim = new Float64Array(k);
  let written = 0;
  for (let p = 0; p < nP; p++) {
    let nTouched = 0;
    for (let a = pStart[p]; a < pStart[p + 1]; a++) {
      const s = pCustomer[a];
      const vp = pValue[a];
      for (let b = cStart[s]; b < cStart[s + 1]; b++) {
        const q = item[b];
        if (q === p) continue;
        if (shared[q] === 0) touched[nTouched++] = q;
        shared[q]++;
        dot[q] += vp * value[b];
      }
    }
    let nTop = 0;
    const np = Math.pow(norm2[p], opt.asymmetry);
    const aq = 1 - opt.asymmetry;
    for (let t = 0; t < nTouched; t++) {
      const q = touched[t];
      const n = shared[q];
      const sim = (dot[q] / (np * Math.pow(norm2[q], aq) || 1)) * (n / (n + opt.shrinkage));
      dot[q] = 0;
      shared[q] = 0;
      if (nTop === k && sim <= topSim[k - 1]) continue;
      let i = nTop < k ? nTop++ : k - 1;
      while (i > 0 && topSim[i - 1] < sim) {
        topSim[i] = topSim[i - 1];
        topId[i] = topId[i - 1];
        i--;
      }
      topSim[i] = sim;
      topId[i] = q;
    }
    start[p] = written;
    for (let i = 0; i < nTop; i++) {
      neighbor[written] = topId[i];
      similarity[written] = topSim[i];
      written++;
    }
  }
  start[nP] = written;
  return { start, neighbor: neighbor.slice(0, written), similarity: similarity.slice(0, written) };
}
