import { Queue, Worker } from "bullmq";
import type { Db } from "../db.server.ts";
import type { WriteGate } from "../db/writeGate.ts";
import { drainInbox } from "../ingest/drainInbox.server.ts";

/** Tells the drain that deliveries were committed to the inbox. */
export interface InboxQueue {
  delivered(webhookIds: string[]): void;
  close(): Promise<void>;
}

const QUEUE_NAME = "pearl-inbox";
const SWEEP_EVERY_MS = 15_000;

/**
 * The embedded default: the web process drains its own inbox, one drain at a
 * time, re-run whenever deliveries arrive meanwhile. At start it drains what
 * a crash left behind; a timer picks up retries that come due.
 */
export class InProcessInboxQueue implements InboxQueue {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly gate?: WriteGate,
    private readonly busy?: () => boolean,
  ) {
    this.timer = setInterval(() => this.kick(), SWEEP_EVERY_MS);
    this.timer.unref();
    this.kick();
  }

  delivered(): void {
    this.kick();
  }

  private kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await drainInbox(this.db, { gate: this.gate, busy: this.busy });
        } catch (error) {
          console.error("[inbox] drain failed; retrying on the next sweep", error);
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = null;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    while (this.running) await this.running;
  }
}

export function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password || undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** Production: the web process only announces deliveries; workers (npm run worker) drain. */
export class BullInboxQueue implements InboxQueue {
  private readonly queue: Queue;

  constructor(redisUrl: string, queueName = QUEUE_NAME) {
    this.queue = new Queue(queueName, { connection: redisConnection(redisUrl) });
  }

  delivered(webhookIds: string[]): void {
    // If Redis is down the entries still sit in the inbox: a worker's sweep takes them.
    this.queue
      .add("deliveries", { webhookIds }, { removeOnComplete: 1000, removeOnFail: 5000, attempts: 3, backoff: { type: "exponential", delay: 1000 } })
      .catch((error: unknown) => console.error("[inbox] could not enqueue; the next sweep will drain", error));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * A BullMQ worker for the inbox. Jobs name the deliveries to drain; a
 * repeating sweep job drains whatever is due (crash leftovers, retries).
 * Several workers can run: the inbox's claims keep any entry from being
 * applied twice.
 */
export async function startInboxWorker(db: Db, redisUrl: string, options: { concurrency?: number; queueName?: string } = {}) {
  const queueName = options.queueName ?? QUEUE_NAME;
  const connection = redisConnection(redisUrl);
  const queue = new Queue(queueName, { connection });
  await queue.upsertJobScheduler("inbox-sweep", { every: SWEEP_EVERY_MS }, { name: "sweep", data: {} });
  const worker = new Worker(
    queueName,
    async (job) => {
      const ids = job.name === "deliveries" ? (job.data as { webhookIds: string[] }).webhookIds : undefined;
      return drainInbox(db, ids ? { webhookIds: ids } : {});
    },
    { connection, concurrency: options.concurrency ?? 4 },
  );
  // What a crash left unprocessed is drained now, not at the first sweep.
  await queue.add("sweep", {}, { removeOnComplete: true, removeOnFail: true });
  return {
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
