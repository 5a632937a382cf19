import { randomUUID } from "node:crypto";
import { redactShop } from "../compliance/redactShop.ts";
import type { Db } from "../db.server.ts";
import { gated, type WriteGate } from "../db/writeGate.ts";
import { NotYetApplicable, type Tx } from "../store/tx.ts";
import { applyDelivery } from "./applyDelivery.ts";
import { parseJsonLossless } from "./losslessJson.ts";
import { obj } from "./shopify/fields.ts";
import { TranslationError } from "./shopify/translate.ts";
import { isWebhookTopic } from "./webhookTopics.ts";

export interface DrainOptions {
  /** Only these deliveries (a queue job's); all due entries otherwise. */
  webhookIds?: string[];
  batchSize?: number;
  /** How long a claim holds before another worker may take the entry over. */
  leaseMs?: number;
  maxAttempts?: number;
  workerId?: string;
  /** SQLite in the web process: the inbox's acknowledgements go first (see WriteGate). */
  gate?: WriteGate;
  /**
   * True while the process has more urgent work (the web server taking
   * deliveries): the drain then takes one entry per turn and pauses between
   * turns, leaving the event loop to the acknowledgements Shopify waits for.
   */
  busy?: () => boolean;
}

export interface DrainResult {
  processed: number;
  retried: number;
  failed: number;
}

type Outcome = "processed" | "retried" | "failed";

// Entries applied in one transaction: a commit costs more than most entries,
// yet a long transaction holds SQLite's write lock from the inbox.
const ENTRIES_PER_TRANSACTION = 50;

const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Translates inbox entries into the store until none is due. Several drains
 * (threads of one process, or workers on other machines) can run at once:
 * each entry is claimed first, and its processedAt is set in the same
 * transaction as its effects, only if the claim still holds. An entry whose
 * worker died is reclaimed when the lease runs out, so a crash loses nothing.
 */
export async function drainInbox(db: Db, options: DrainOptions = {}): Promise<DrainResult> {
  const { batchSize = 200, leaseMs = 60_000, maxAttempts = 8, workerId = randomUUID(), gate, busy = () => false } = options;
  const result: DrainResult = { processed: 0, retried: 0, failed: 0 };
  for (;;) {
    // A burst of deliveries goes first: the drain waits it out, up to
    // MAX_DEFER_MS, then works at one entry per pause so a backlog still moves.
    const deferredAt = Date.now();
    while (busy() && Date.now() - deferredAt < MAX_DEFER_MS) await pause(BUSY_PAUSE_MS);
    const now = new Date();
    const due = {
      processedAt: null,
      failedAt: null,
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
      AND: [{ OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] }],
      ...(options.webhookIds ? { webhookId: { in: options.webhookIds } } : {}),
    };
    const candidates = await db.webhookInbox.findMany({ where: due, orderBy: { id: "asc" }, take: batchSize, select: { id: true } });
    if (candidates.length === 0) return result;
    const ids = candidates.map((c) => c.id);
    await gated(gate, "background", () =>
      db.webhookInbox.updateMany({
        where: { ...due, id: { in: ids } },
        data: { claimedBy: workerId, claimedUntil: new Date(now.getTime() + leaseMs) },
      }),
    );
    const mine = await db.webhookInbox.findMany({ where: { id: { in: ids }, claimedBy: workerId, processedAt: null }, orderBy: { id: "asc" } });
    for (let start = 0; start < mine.length; ) {
      const yielding = busy() || gate?.contended === true;
      await (yielding ? pause(BUSY_PAUSE_MS) : nextTurn());
      const size = yielding ? 1 : ENTRIES_PER_TRANSACTION;
      const group = mine.slice(start, start + size);
      start += group.length;
      if (group.length > 1 && (await gated(gate, "background", () => processTogether(db, group, workerId, leaseMs)))) {
        result.processed += group.length;
        continue;
      }
      // One of them failed (or waits for another): find which, one entry at a time.
      for (const entry of group) {
        result[await gated(gate, "background", () => processEntry(db, entry, workerId, maxAttempts, leaseMs))] += 1;
      }
    }
    if (candidates.length < batchSize) return result;
  }
}

interface InboxEntry {
  id: number;
  webhookId: string;
  shopDomain: string;
  topic: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  payload: string;
  attempts: number;
}

async function processEntry(db: Db, entry: InboxEntry, workerId: string, maxAttempts: number, leaseMs: number): Promise<Outcome> {
  try {
    await db.$transaction(async (tx) => {
      await takeWriteLock(tx, [entry], workerId, leaseMs);
      await applyEntry(tx, entry);
      await markProcessed(tx, entry, workerId);
    }, { timeout: 30_000 });
    return "processed";
  } catch (error) {
    if (error instanceof LostClaim) return "retried";
    const attempts = entry.attempts + 1;
    const permanent = error instanceof TranslationError || attempts >= maxAttempts;
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);
    await db.webhookInbox.updateMany({
      where: { id: entry.id, claimedBy: workerId },
      data: {
        attempts,
        lastError: error instanceof Error ? error.message.slice(0, 2000) : String(error),
        claimedUntil: null,
        ...(permanent ? { failedAt: new Date() } : { nextAttemptAt: new Date(Date.now() + backoff) }),
      },
    });
    if (!(error instanceof NotYetApplicable) && !(error instanceof TranslationError) && !isWriteConflict(error)) {
      console.error(`[inbox] ${entry.topic} ${entry.webhookId} failed (attempt ${attempts}):`, error);
    }
    return permanent ? "failed" : "retried";
  }
}

class LostClaim extends Error {}

/**
 * Two workers applying deliveries about the same new customer or cart at the
 * same moment: one insert wins, the other hits the unique index (P2002) or a
 * serialisation failure (P2034). Not an error: the entry is retried, and then
 * finds the row and updates it. Two such transactions can also deadlock on
 * PostgreSQL (40P01), which aborts one of them: the same, retried.
 */
function isWriteConflict(error: unknown): boolean {
  for (let e = error as ErrorChain | undefined, depth = 0; e && depth < 6; e = e.cause ?? e.meta?.driverAdapterError, depth++) {
    if (typeof e.code === "string" && CONFLICT_CODES.has(e.code)) return true;
  }
  return false;
}

type ErrorChain = { code?: unknown; cause?: ErrorChain; meta?: { driverAdapterError?: ErrorChain } };
// Prisma's unique violation and write conflict, and PostgreSQL's deadlock,
// serialisation failure and unique violation as the driver adapter reports them.
const CONFLICT_CODES = new Set(["P2002", "P2034", "40P01", "40001", "23505"]);

// libsql answers synchronously, so a drain that never awaits real I/O would
// run on in microtasks and starve everything else in the process.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const BUSY_PAUSE_MS = 1000;
const MAX_DEFER_MS = 30_000;

/** The fast path: a group of entries in one transaction. False when any of them fails: nothing is kept then. */
async function processTogether(db: Db, group: InboxEntry[], workerId: string, leaseMs: number): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      await takeWriteLock(tx, group, workerId, leaseMs);
      for (const entry of group) {
        await applyEntry(tx, entry);
        await markProcessed(tx, entry, workerId);
      }
    }, { timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the transaction with a write (renewing the claims), so that on SQLite
 * it holds the write lock from its first statement. A transaction that read
 * first could not upgrade once the inbox writer committed in between
 * (SQLITE_BUSY_SNAPSHOT): this way it waits for the lock instead of failing.
 */
async function takeWriteLock(tx: Tx, entries: InboxEntry[], workerId: string, leaseMs: number): Promise<void> {
  await tx.webhookInbox.updateMany({
    where: { id: { in: entries.map((e) => e.id) }, claimedBy: workerId },
    data: { claimedUntil: new Date(Date.now() + leaseMs) },
  });
}

async function markProcessed(tx: Tx, entry: InboxEntry, workerId: string): Promise<void> {
  // Effects and the processed mark commit together, only while our claim holds.
  const marked = await tx.webhookInbox.updateMany({
    where: { id: entry.id, claimedBy: workerId, processedAt: null },
    // The raw body has done its work; keeping it would keep personal data
    // that customers/redact could not reach.
    data: { processedAt: new Date(), payload: "", claimedUntil: null, lastError: null },
  });
  if (marked.count !== 1 && entry.topic !== "shop/redact") throw new LostClaim();
}

async function applyEntry(tx: Tx, entry: InboxEntry): Promise<void> {
  if (!isWebhookTopic(entry.topic)) throw new TranslationError(`unknown topic ${entry.topic}`);
  if (entry.topic === "shop/redact") return redactShop(tx, entry.shopDomain);
  const shop = await tx.shop.findUnique({ where: { domain: entry.shopDomain }, select: { id: true } });
  if (!shop) return; // uninstalled and redacted since: nothing left to update
  if (entry.topic === "app/uninstalled") {
    await tx.session.deleteMany({ where: { shop: entry.shopDomain } });
    await tx.shop.update({ where: { id: shop.id }, data: { uninstalledAt: entry.triggeredAt ?? entry.receivedAt } });
    return;
  }
  let parsed: unknown;
  try {
    parsed = parseJsonLossless(entry.payload);
  } catch {
    throw new TranslationError("payload is not valid JSON");
  }
  const payload = obj(parsed);
  if (!payload) throw new TranslationError("payload is not a JSON object");
  await applyDelivery(tx, shop.id, {
    topic: entry.topic,
    payload,
    triggeredAt: entry.triggeredAt ?? entry.receivedAt,
    webhookId: entry.webhookId,
  });
}
