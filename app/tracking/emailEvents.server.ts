// Opens and clicks recorded against the send a tracking token names: a
// campaign recipient or a program send (tokens are unique across both). The
// first open and the first click set openedAt / clickedAt; a click implies the
// email was opened (images may have been blocked). EmailEvent keeps one open
// per token and one click per token and URL, so a pixel fetched a thousand
// times, or a page view the web pixel re-sends, writes nothing new.

import type { Db } from "../db.server.ts";

export type EmailEventKind = "open" | "click";

export interface TrackedSend {
  table: "campaign" | "program";
  shopId: string;
  token: string;
}

export async function findSendByToken(db: Db, token: string): Promise<TrackedSend | null> {
  const recipient = await db.campaignRecipient.findUnique({ where: { token }, select: { control: true, campaign: { select: { shopId: true } } } });
  if (recipient) return recipient.control ? null : { table: "campaign", shopId: recipient.campaign.shopId, token };
  const send = await db.programSend.findUnique({ where: { token }, select: { control: true, shopId: true } });
  if (send) return send.control ? null : { table: "program", shopId: send.shopId, token };
  return null;
}

export interface EmailEventInput {
  token: string;
  kind: EmailEventKind;
  url?: string | null;
  at?: Date;
  /** When set, a token of another shop is ignored (the web pixel reports for one shop). */
  shopId?: string;
}

/** Records the event; false when the token names no (treated) send. */
export async function recordEmailEvent(db: Db, input: EmailEventInput): Promise<boolean> {
  const send = await findSendByToken(db, input.token);
  if (!send || (input.shopId && send.shopId !== input.shopId)) return false;
  const at = input.at ?? new Date();
  const url = input.kind === "click" ? input.url ?? null : null;
  const stamp = async (field: "openedAt" | "clickedAt") => {
    const where = { token: send.token, [field]: null };
    const data = { [field]: at };
    const { count } = send.table === "campaign" ? await db.campaignRecipient.updateMany({ where, data }) : await db.programSend.updateMany({ where, data });
    return count > 0;
  };
  const firstOpen = await stamp("openedAt");
  if (input.kind === "open") {
    if (firstOpen) await db.emailEvent.create({ data: { shopId: send.shopId, token: send.token, kind: "open", at } });
    return true;
  }
  await stamp("clickedAt");
  const seen = await db.emailEvent.findFirst({ where: { token: send.token, kind: "click", url }, select: { id: true } });
  if (!seen) await db.emailEvent.create({ data: { shopId: send.shopId, token: send.token, kind: "click", url, at } });
  return true;
}
