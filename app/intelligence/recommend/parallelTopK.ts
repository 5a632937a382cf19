/**
 * Every customer's top-k on several threads: the customers are split into
 * equal ranges, one computed on this thread and the others in worker threads
 * (topKWorker.ts) that read the history from shared memory and write into a
 * shared output, so nothing large is copied. Each list is computed by the same
 * code as on one thread (fillTopK), so the result does not depend on the
 * number of threads.
 *
 * Small stores run on this thread alone (starting a worker costs more than
 * it saves), and so does any run whose workers cannot start (e.g. a test
 * runner that cannot load TypeScript in a worker): a worker's failure means
 * its range is computed here instead.
 */
import { Worker } from "node:worker_threads";
import type { CandidateInput } from "./candidates";
import { emptyTopK, fillTopK, resolveTopKOptions, topKCustomerCount, type CustomerTopK, type TopKOptions } from "./customerTopK";

export interface TopKJob {
  input: CandidateInput;
  weights: Float64Array;
  options: TopKOptions;
  out: CustomerTopK;
  from: number;
  to: number;
}

/** Below this many customers one thread is used. */
export const MIN_CUSTOMERS_PER_THREAD = 50_000;

function runWorker(job: TopKJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./topKWorker.ts", import.meta.url), { workerData: job });
    worker.once("message", () => {
      void worker.terminate();
      resolve();
    });
    worker.once("error", (error) => {
      void worker.terminate();
      reject(error);
    });
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`top-k worker exited with code ${code}`));
    });
  });
}

export async function parallelTopK(
  input: CandidateInput,
  weights: Float64Array,
  options: Partial<TopKOptions>,
  threads: number,
  /** Hears why a worker could not do its share (its range is then computed on this thread). */
  onWorkerError?: (error: unknown) => void,
  minCustomersPerThread = MIN_CUSTOMERS_PER_THREAD,
): Promise<CustomerTopK> {
  const opt = resolveTopKOptions(options);
  const n = topKCustomerCount(input);
  const out = emptyTopK(n, opt.k);
  const parts = Math.max(1, Math.min(Math.floor(threads), Math.floor(n / minCustomersPerThread)));
  if (parts <= 1) {
    fillTopK(input, weights, opt, out, 0, n);
    return out;
  }
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * n) / parts));
  // Ranges 1.. go to workers (started first), range 0 is computed here meanwhile.
  const jobs = bounds.slice(1, -1).map((from, i) => {
    const to = bounds[i + 2];
    return runWorker({ input, weights, options: opt, out, from, to }).catch((error: unknown) => {
      onWorkerError?.(error);
      fillTopK(input, weights, opt, out, from, to);
    });
  });
  fillTopK(input, weights, opt, out, 0, bounds[1]);
  await Promise.all(jobs);
  return out;
}
