// A program's lift: its sent customers against its held-out ones, each
// followed for the attribution window, on hand-made outcomes and on a store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { createProgram } from "../../app/programs/programs.ts";
import { loadProgramLift, programLift } from "../../app/programs/programLift.ts";
import { defaultTarget, openDb } from "../helpers/testDb.ts";
import { addCustomer, addOrder, DAY, handMadeShop, HOUR } from "./programsStore.ts";

const T0 = new Date("2026-06-01T12:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe("programLift", () => {
  it("counts an order inside (from, from + window] and nothing outside it", () => {
    const sends = [
      { customerId: "a", control: false, from: T0 },
      { customerId: "b", control: false, from: T0 },
      { customerId: "c", control: false, from: T0 },
      { customerId: "d", control: true, from: T0 },
      { customerId: "e", control: true, from: T0 },
    ];
    const orders = [
      { customerId: "a", processedAt: at(7), total: 30 }, // the window's last instant: in
      { customerId: "a", processedAt: at(2), total: 10 }, // in: revenue adds up
      { customerId: "b", processedAt: T0, total: 99 }, // the send's own instant: out
      { customerId: "c", processedAt: at(7.01), total: 50 }, // after the window: out
      { customerId: "d", processedAt: at(1), total: 20 },
    ];
    const lift = programLift(sends, orders, 7);
    expect(lift.treated).toEqual({ customers: 3, converted: 1, conversion: 1 / 3, revenuePerCustomer: 40 / 3 });
    expect(lift.control).toEqual({ customers: 2, converted: 1, conversion: 0.5, revenuePerCustomer: 10 });
    expect(lift.conversionLift.estimate).toBeCloseTo(1 / 3 - 0.5, 12);
    expect(lift.revenueLift.estimate).toBeCloseTo(40 / 3 - 10, 12);
    expect(lift.conversionLift.low).toBeLessThan(lift.conversionLift.estimate);
  });

  it("has no interval while a group has fewer than two customers", () => {
    const lift = programLift([{ customerId: "a", control: false, from: T0 }, { customerId: "b", control: true, from: T0 }], [], 7);
    expect(lift.conversionLift).toMatchObject({ estimate: 0, low: null, high: null });
  });
});

describe("loadProgramLift on a store", () => {
  let db: Db;
  beforeAll(() => {
    db = openDb(defaultTarget());
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("follows sent customers from their send and held-out ones from their due time, once the window is over", async () => {
    const shop = await handMadeShop(db, 25);
    const created = await createProgram(db, shop.id, { kind: "win_back", holdoutShare: 0.5 });
    if (!created.ok) throw new Error(created.error);
    const programId = created.value.programId;
    const send = async (name: string, control: boolean, when: Date) => {
      const customerId = await addCustomer(db, shop, name);
      await db.programSend.create({
        data: { shopId: shop.id, programId, customerId, triggerKey: `lapse:${name}`, control, token: `lift-${name}-${shop.id}`, status: control ? "held" : "sent", dueAt: when, sentAt: control ? null : new Date(when.getTime() + HOUR) },
      });
      return customerId;
    };
    // GIVEN two sent and two held-out customers a fortnight ago, one of each ordering three days later
    await addOrder(db, shop, await send("sent-buys", false, at(0)), at(3), ["tea"]);
    await send("sent-idle", false, at(0));
    await addOrder(db, shop, await send("held-buys", true, at(0)), at(3), ["tea"]);
    await send("held-idle", true, at(0));
    // ... and a send of yesterday, whose window is still open
    await addOrder(db, shop, await send("too-recent", false, at(13)), at(13.5), ["tea"]);

    // WHEN the lift is read two weeks on
    const lift = await loadProgramLift(db, programId, at(14));

    // THEN each group has its two customers, half of them converted, and no lift
    expect(lift.windowDays).toBe(7);
    expect(lift.treated).toMatchObject({ customers: 2, converted: 1, conversion: 0.5 });
    expect(lift.control).toMatchObject({ customers: 2, converted: 1, conversion: 0.5 });
    expect(lift.conversionLift.estimate).toBe(0);
    expect(lift.treated.revenuePerCustomer).toBeGreaterThan(0);
  });
});
