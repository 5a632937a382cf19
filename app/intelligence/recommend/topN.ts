/**
 * The best m of n scored items without sorting all n: a min-heap of size m,
 * then the m sorted best first (ties: lower id first). Keys are read from
 * `key[id]`; ids and output are reusable typed arrays.
 */
export function topN(ids: Int32Array, n: number, key: Float64Array, m: number, out: Int32Array): number {
  let size = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (size < m) {
      out[size] = id;
      siftUp(out, size++, key);
    } else if (key[id] > key[out[0]]) {
      out[0] = id;
      siftDown(out, size, key);
    }
  }
  sortBestFirst(out, size, key);
  return size;
}

export function siftUp(heap: Int32Array, i: number, key: Float64Array): void {
  const v = heap[i];
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (key[heap[parent]] <= key[v]) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = v;
}

export function siftDown(heap: Int32Array, n: number, key: Float64Array): void {
  let i = 0;
  const v = heap[0];
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && key[heap[child + 1]] < key[heap[child]]) child++;
    if (key[heap[child]] >= key[v]) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = v;
}

/** Insertion sort of ids[0..n) by key, best first; ties by `tie[id]` (default the id) ascending. n is small. */
export function sortBestFirst(ids: Int32Array, n: number, key: Float64Array, tie?: Int32Array): void {
  for (let i = 1; i < n; i++) {
    const v = ids[i];
    const tv = tie ? tie[v] : v;
    let j = i - 1;
    while (j >= 0) {
      const u = ids[j];
      if (key[u] < key[v] || (key[u] === key[v] && (tie ? tie[u] : u) > tv)) {
        ids[j + 1] = u;
        j--;
      } else break;
    }
    ids[j + 1] = v;
  }
}
