import type { SqlExecutor } from "../db/sqlExecutor.server.ts";
import { gated, type WriteGate } from "../db/writeGate.ts";

export interface InboxEntryInput {
  webhookId: string;
  shopDomain: string;
  topic: string;
  apiVersion: string | null;
  eventId: string | null;
  triggeredAt: Date | null;
  /** The body as received (UTF-8 bytes); text is encoded first. */
  payload: Uint8Array | string;
}

/** Stored (or already there), or refused because the body is not a JSON object. */
export type InboxVerdict = { ok: true } | { ok: false; error: string };

interface Pending {
  entry: InboxEntryInput;
  resolve: (verdict: InboxVerdict) => void;
  reject: (error: unknown) => void;
}

const PAYLOAD_COLUMN = 6;
const STORED: InboxVerdict = { ok: true };

const COLUMNS = ["webhookId", "shopDomain", "topic", "apiVersion", "eventId", "triggeredAt", "payload", "receivedAt", "attempts"] as const;

/**
 * Group commit for the webhook inbox. Each request waits until its entry is
 * durably committed, but requests arriving together share one INSERT: at
 * 1,000 deliveries a second a commit per delivery would queue up behind
 * SQLite's single writer, while one commit per event-loop turn keeps every
 * acknowledgement within milliseconds. A repeated delivery id is skipped by
 * the unique index, in the same statement. Bodies are checked to be JSON
 * objects by the executor as it inserts them (see insertJsonRows).
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

  write(entry: InboxEntryInput): Promise<InboxVerdict> {
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
          const { invalid } = await gated(this.gate, "urgent", () =>
            this.sql.insertJsonRows({
              table: "WebhookInbox",
              columns: COLUMNS,
              jsonColumn: PAYLOAD_COLUMN,
              rows: batch.map(({ entry: e }) => [e.webhookId, e.shopDomain, e.topic, e.apiVersion, e.eventId, e.triggeredAt, encoded(e.payload), receivedAt, 0]),
              skipConflictsOn: ["webhookId"],
            }),
          );
          const refused = new Map(invalid.map((r) => [r.index, r.error]));
          const committed: string[] = [];
          batch.forEach((p, i) => {
            const error = refused.get(i);
            if (error === undefined) committed.push(p.entry.webhookId);
            p.resolve(error === undefined ? STORED : { ok: false, error });
          });
          if (committed.length > 0) this.onCommitted(committed);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

const encoder = new TextEncoder();
const encoded = (payload: Uint8Array | string): Uint8Array => (typeof payload === "string" ? encoder.encode(payload) : payload);
