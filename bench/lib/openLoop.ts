import { Pool } from "undici";

export interface LoadRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body: string | Buffer };
}

export interface LoadResult {
  sent: number;
  statuses: Record<number, number>;
  errors: number;
  wallMs: number;
  /** Time from the request's scheduled start to its response, in ms, sorted. */
  latencies: Float64Array;
}

/**
 * Open-loop load: request i is due at i / rate seconds whatever happened to
 * the others, so a slow server shows up as latency (measured from when the
 * request was due), not as a politely lowered rate (coordinated omission).
 */
export async function openLoop(requests: LoadRequest[], ratePerSecond: number, connections = 64, onSent?: (sent: number) => void): Promise<LoadResult> {
  if (requests.length === 0) throw new Error("no requests");
  // undici's Pool.request, not fetch: fetch's own cost caps one process near 1,000 requests/s.
  const pool = new Pool(new URL(requests[0].url).origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies = new Float64Array(requests.length);
  const statuses: Record<number, number> = {};
  let errors = 0;
  // Bodies off the V8 heap: hundreds of MB of strings there would make the
  // generator's own garbage collection pauses show up as server latency.
  const bodies = requests.map((r) => (typeof r.init.body === "string" ? Buffer.from(r.init.body) : r.init.body));
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < requests.length; i++) {
    const due = start + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { url, init } = requests[i];
    const target = new URL(url);
    inFlight.push(
      pool
        .request({ path: target.pathname + target.search, method: init.method as "POST", headers: init.headers, body: bodies[i] })
        .then(async (res) => {
          await res.body.dump();
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        })
        .catch(() => {
          errors += 1;
        })
        .finally(() => {
          latencies[i] = performance.now() - due;
        }),
    );
    onSent?.(i + 1);
  }
  await Promise.all(inFlight);
  const wallMs = performance.now() - start;
  await pool.close();
  latencies.sort();
  return { sent: requests.length, statuses, errors, wallMs, latencies };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
