// Hands messages to the shop's SMTP server a chunk at a time, several in
// flight, and has each chunk's outcomes stored before the next: a crash
// mid-send resends at most one chunk. Campaigns and programs both deliver
// through it.

import type { Transporter } from "nodemailer";

const CHUNK = 200;

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export interface MailDelivery<T> {
  transport: Transporter;
  server: { fromAddress: string; fromName: string | null; replyTo: string | null };
  /** Messages in flight at once (default 8). */
  concurrency?: number;
  /** One item's message; a throw counts as that item's failure. */
  message(item: T): OutgoingMail;
  /** Stores one chunk's outcomes. */
  store(sent: { item: T; messageId: string }[], failed: { item: T; error: string }[]): Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

export async function deliverInChunks<T>(items: readonly T[], d: MailDelivery<T>): Promise<{ sent: number; failed: number }> {
  const from = d.server.fromName ? { name: d.server.fromName, address: d.server.fromAddress } : d.server.fromAddress;
  const totals = { sent: 0, failed: 0 };
  for (let start = 0; start < items.length; start += CHUNK) {
    const chunk = items.slice(start, start + CHUNK);
    const sent: { item: T; messageId: string }[] = [];
    const failed: { item: T; error: string }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < chunk.length) {
        const item = chunk[next++];
        try {
          const m = d.message(item);
          const info = await d.transport.sendMail({ from, to: m.to, replyTo: d.server.replyTo ?? undefined, subject: m.subject, html: m.html, text: m.text, headers: m.headers });
          sent.push({ item, messageId: info.messageId });
        } catch (error) {
          failed.push({ item, error: (error as Error).message.slice(0, 500) });
        }
        d.onProgress?.(totals.sent + totals.failed + sent.length + failed.length, items.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(d.concurrency ?? 8, chunk.length) }, worker));
    await d.store(sent, failed);
    totals.sent += sent.length;
    totals.failed += failed.length;
  }
  return totals;
}
