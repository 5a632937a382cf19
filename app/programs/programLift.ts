// What a program adds: its treated customers (sent) against its control
// group (held out), each followed for the program's attribution window from
// when the email went (treated) or would have gone (control, its due time).
// Conversion and revenue per customer, treated minus control, with Welch's
// 95% interval (the campaign report's method). Only sends whose window has
// closed count, so both groups are followed for the same time.

import type { Db } from "../db.server.ts";
import { moments, welchDifference, type Difference } from "../activation/welchInterval.ts";

const DAY_MS = 86_400_000;
// Customer ids per query: under SQLite's 999 bound parameters in Prisma.
const CHUNK = 900;

export interface LiftGroup {
  customers: number;
  converted: number;
  conversion: number;
  revenuePerCustomer: number;
}

export interface ProgramLift {
  windowDays: number;
  treated: LiftGroup;
  control: LiftGroup;
  conversionLift: Difference;
  revenueLift: Difference;
}

export interface FollowedSend {
  customerId: string;
  control: boolean;
  from: Date;
}

export interface FollowedOrder {
  customerId: string;
  processedAt: Date;
  total: number;
}

/** Outcomes of followed sends: an order in (from, from + window] converts; its totals add up. */
export function programLift(sends: readonly FollowedSend[], orders: readonly FollowedOrder[], windowDays: number): ProgramLift {
  const ordersOf = new Map<string, FollowedOrder[]>();
  for (const o of orders) {
    const list = ordersOf.get(o.customerId);
    if (list) list.push(o);
    else ordersOf.set(o.customerId, [o]);
  }
  const outcome = { treated: { converted: [] as number[], revenue: [] as number[] }, control: { converted: [] as number[], revenue: [] as number[] } };
  for (const s of sends) {
    const end = s.from.getTime() + windowDays * DAY_MS;
    const inWindow = (ordersOf.get(s.customerId) ?? []).filter((o) => o.processedAt.getTime() > s.from.getTime() && o.processedAt.getTime() <= end);
    const group = s.control ? outcome.control : outcome.treated;
    group.converted.push(inWindow.length ? 1 : 0);
    group.revenue.push(inWindow.reduce((sum, o) => sum + o.total, 0));
  }
  const summary = (g: { converted: number[]; revenue: number[] }): LiftGroup => {
    const converted = g.converted.reduce((a, b) => a + b, 0);
    return { customers: g.converted.length, converted, conversion: g.converted.length ? converted / g.converted.length : 0, revenuePerCustomer: moments(g.revenue).mean };
  };
  return {
    windowDays,
    treated: summary(outcome.treated),
    control: summary(outcome.control),
    conversionLift: welchDifference(moments(outcome.treated.converted), moments(outcome.control.converted)),
    revenueLift: welchDifference(moments(outcome.treated.revenue), moments(outcome.control.revenue)),
  };
}

/** The program's lift from the store, over the sends and holds whose window closed by `now`. */
export async function loadProgramLift(db: Db, programId: string, now: Date): Promise<ProgramLift> {
  const program = await db.program.findUniqueOrThrow({ where: { id: programId }, select: { shopId: true, attributionDays: true } });
  const closedBy = new Date(now.getTime() - program.attributionDays * DAY_MS);
  const rows = await db.programSend.findMany({
    where: { programId, OR: [{ control: false, status: "sent", sentAt: { lte: closedBy } }, { control: true, status: "held", dueAt: { lte: closedBy } }] },
    select: { customerId: true, control: true, sentAt: true, dueAt: true },
  });
  const sends = rows.map((r) => ({ customerId: r.customerId, control: r.control, from: r.control ? r.dueAt : r.sentAt! }));
  const customers = [...new Set(sends.map((s) => s.customerId))];
  const orders: FollowedOrder[] = [];
  for (let i = 0; i < customers.length; i += CHUNK) {
    const found = await db.order.findMany({
      where: { shopId: program.shopId, customerId: { in: customers.slice(i, i + CHUNK) }, cancelledAt: null },
      select: { customerId: true, processedAt: true, totalPrice: true },
    });
    for (const o of found) orders.push({ customerId: o.customerId!, processedAt: o.processedAt, total: Number(o.totalPrice) });
  }
  return programLift(sends, orders, program.attributionDays);
}
