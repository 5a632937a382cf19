import { bulkInsert } from "../db/bulkInsert.ts";
import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import { gated, type WriteGate } from "../db/writeGate.ts";

export interface InboxEntryInput {
  webhookId: string;
  shopDomain: string;
  topic: string;
  apiVersion: string | null;
  eventId: string | null;
  triggeredAt: Date | null;
  payload: string;
}

interface Pending {
  entry: InboxEntryInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const COLUMNS = ["webhookId", "shopDomain", "topic", "apiVersion", "eventId", "triggeredAt", "payload", "receivedAt", "attempts"] as const;

/**
 * Group commit for the webhook inbox. Each request waits until its entry is
 * durably committed, but requests arriving together share one INSERT: at
 * 1,000 deliveries a second a commit per delivery would queue up behind
 * SQLite's single writer, while one commit per event-loop turn keeps every
 * acknowledgement within milliseconds. A repeated delivery id is skipped by
 * the unique index, in the same statement.
 */
export class InboxWriter {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** When the last delivery arrived (ms since epoch): how busy the web process is. */
  lastWriteAt = 0;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly onCommitted: (webhookIds: string[]) => void = () => {},
    private readonly gate?: WriteGate,
    private readonly maxBatch = 500,
  ) {}

  write(entry: InboxEntryInput): Promise<void> {
    this.lastWriteAt = Date.now();
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    // Let the requests of this event-loop turn join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxBatch);
        const receivedAt = new Date();
        try {
          await gated(this.gate, "urgent", () =>
            bulkInsert(
              this.sql,
              "WebhookInbox",
              COLUMNS,
              batch.map(({ entry: e }) => [e.webhookId, e.shopDomain, e.topic, e.apiVersion, e.eventId, e.triggeredAt, e.payload, receivedAt, 0]),
              { skipConflictsOn: ["webhookId"] },
            ),
          );
          for (const p of batch) p.resolve();
          this.onCommitted(batch.map((p) => p.entry.webhookId));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
