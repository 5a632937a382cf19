// Sends a shop's program emails that are due: each through the contact
// policy first (quiet hours defer it, the weekly cap records it as capped),
// then rendered with the shop's template machinery (compiled once per
// template, the trigger's products as the product block, merged per
// customer) and handed to the shop's SMTP server, like a campaign.

import type { Transporter } from "nodemailer";
import type { Db } from "../db.server.ts";
import { deliverInChunks } from "../activation/deliverMail.ts";
import { smtpTransport } from "../activation/mailTransport.ts";
import { compiledTemplate } from "../activation/templates.ts";
import { CAP_WINDOW_DAYS, deliveryDecision, parseContactPolicy } from "./contactPolicy.ts";
import { DAY_MS } from "./history.ts";
import { productsByExternalId, programEmail } from "./programEmail.ts";
import { programKind } from "./programKinds.ts";
import type { TriggerItem } from "./trigger.ts";
import { isTimeZone } from "./zonedTime.ts";

export interface SendProgramOptions {
  /** Defaults to the shop's MailServer. */
  transport?: Transporter;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ProgramSendTotals {
  due: number;
  sent: number;
  failed: number;
  deferred: number;
  capped: number;
  /** Dropped because the customer ordered after the trigger (a reminder to buy is moot). */
  resolved: number;
  /** Why nothing could be sent (no mail server, a contact policy that does not parse); null when sending ran. */
  blocked: string | null;
}


export async function sendDueProgramEmails(db: Db, shopId: string, now: Date, options: SendProgramOptions = {}): Promise<ProgramSendTotals> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, include: { mailServer: true } });
  const due = await db.programSend.findMany({
    where: { shopId, status: { in: ["pending", "deferred"] }, dueAt: { lte: now }, program: { enabled: true } },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    include: {
      program: { select: { id: true, kind: true, templateId: true } },
      customer: { select: { email: true, firstName: true, lastName: true, city: true, country: true } },
    },
  });
  const totals: ProgramSendTotals = { due: due.length, sent: 0, failed: 0, deferred: 0, capped: 0, resolved: 0, blocked: null };
  if (!due.length) return totals;
  // Expected on a new shop: the sends wait, stored, until the merchant sets these up.
  const server = shop.mailServer;
  if (!server) return { ...totals, blocked: "no mail server configured" };
  const policy = parseContactPolicy(shop.contactPolicy);
  if (!policy.ok) return { ...totals, blocked: policy.error };
  if (!isTimeZone(shop.timezone)) return { ...totals, blocked: `time zone "${shop.timezone}" is not one Intl knows` };

  const customerIds = [...new Set(due.map((s) => s.customerId))];
  const weekAgo = new Date(now.getTime() - CAP_WINDOW_DAYS * DAY_MS);
  const sentLastWeek = new Map<string, number>();
  const lastOrder = new Map<string, Date>();
  for (let i = 0; i < customerIds.length; i += 500) {
    const ids = customerIds.slice(i, i + 500);
    const window = { gte: weekAgo, lte: now };
    for (const g of await db.campaignRecipient.groupBy({ by: ["customerId"], where: { customerId: { in: ids }, status: "sent", sentAt: window }, _count: { _all: true } })) {
      sentLastWeek.set(g.customerId, (sentLastWeek.get(g.customerId) ?? 0) + g._count._all);
    }
    for (const g of await db.programSend.groupBy({ by: ["customerId"], where: { customerId: { in: ids }, status: "sent", sentAt: window }, _count: { _all: true } })) {
      sentLastWeek.set(g.customerId, (sentLastWeek.get(g.customerId) ?? 0) + g._count._all);
    }
    for (const g of await db.order.groupBy({ by: ["customerId"], where: { shopId, customerId: { in: ids }, cancelledAt: null, processedAt: { lte: now } }, _max: { processedAt: true } })) {
      if (g.customerId && g._max.processedAt) lastOrder.set(g.customerId, g._max.processedAt);
    }
  }

  // Decided one by one in due order, so two sends to one customer count against the cap together.
  const outcome = new Map<string, { status: string; dueAt?: Date; error?: string }>();
  const toSend: typeof due = [];
  for (const s of due) {
    const ordered = lastOrder.get(s.customerId);
    if (programKind(s.program.kind).resolvedByOrder && ordered && ordered > s.createdAt) {
      outcome.set(s.id, { status: "skipped", error: "ordered since the trigger" });
      totals.resolved++;
      continue;
    }
    const decision = deliveryDecision(now, sentLastWeek.get(s.customerId) ?? 0, policy.value, shop.timezone);
    if (decision.action === "defer") {
      outcome.set(s.id, { status: "deferred", dueAt: decision.until });
      totals.deferred++;
    } else if (decision.action === "cap") {
      outcome.set(s.id, { status: "capped", error: `${policy.value.maxPerWeek} emails in the last ${CAP_WINDOW_DAYS} days` });
      totals.capped++;
    } else {
      toSend.push(s);
      sentLastWeek.set(s.customerId, (sentLastWeek.get(s.customerId) ?? 0) + 1);
    }
  }
  await db.$transaction([...outcome].map(([id, o]) => db.programSend.update({ where: { id }, data: o })));
  if (!toSend.length) return totals;

  const products = await productsByExternalId(db, shopId, toSend.flatMap((s) => (JSON.parse(s.items) as TriggerItem[]).map((i) => i.productId).filter((x): x is string => !!x)));
  const templates = new Map(await Promise.all([...new Set(toSend.map((s) => s.program.templateId))].map(async (id) => [id, await compiledTemplate(db, id)] as const)));
  const transport = options.transport ?? smtpTransport(server);
  try {
    const delivered = await deliverInChunks(toSend, {
      transport, server, concurrency: options.concurrency, onProgress: options.onProgress,
      message(s) {
        const message = programEmail(templates.get(s.program.templateId)!, s, products, shop);
        return { to: s.customer.email!, subject: message.subject, html: message.html, text: message.text, headers: { "X-Pearl-Program": s.programId, "X-Pearl-Trigger": s.triggerKey } };
      },
      async store(sent, failed) {
        await db.$transaction([
          ...sent.map((x) => db.programSend.update({ where: { id: x.item.id }, data: { status: "sent", messageId: x.messageId, sentAt: now } })),
          ...failed.map((x) => db.programSend.update({ where: { id: x.item.id }, data: { status: "failed", error: x.error } })),
        ]);
      },
    });
    totals.sent += delivered.sent;
    totals.failed += delivered.failed;
  } finally {
    if (!options.transport) transport.close();
  }
  return totals;
}
