/**
 * Worker thread of parallelTopK: fills the lists of one range of customers
 * into the shared output. The history and the output are on shared memory;
 * everything else is small and arrives as a copy.
 */
import { parentPort, workerData } from "node:worker_threads";
import { fillTopK } from "./customerTopK.ts";
import type { TopKJob } from "./parallelTopK.ts";

const job = workerData as TopKJob;
fillTopK(job.input, job.weights, job.options, job.out, job.from, job.to);
parentPort?.postMessage("done");
