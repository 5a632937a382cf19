import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { chooseByPriority, type ChooseProgram } from "../../app/programs/chooseProgram.ts";
import { inProgramControl } from "../../app/programs/controlGroup.ts";
import { evaluatePrograms } from "../../app/programs/evaluatePrograms.ts";
import { createProgram } from "../../app/programs/programs.ts";
import { runDuePrograms, runPrograms, shopsWithProgramWork } from "../../app/programs/runPrograms.ts";
import { sendDueProgramEmails } from "../../app/programs/sendProgramEmails.ts";
import { defaultTarget, openDb } from "../helpers/testDb.ts";
import { addCart, addCheckout, addCustomer, addOrder, DAY, handMadeShop, HOUR, type StoreShop } from "./programsStore.ts";
import { startSmtpSink, type ReceivedMail, type SmtpSink } from "../helpers/smtpSink.ts";

// 13:00 in London (BST): outside the default quiet hours 21:00-08:00.
const NOW = new Date("2026-06-15T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let db: Db;
let smtp: SmtpSink;
let port: number;
let received: ReceivedMail[];
const mailTo = (name: string) => received.filter((m) => m.to.includes(`${name}@example.test`));

beforeAll(async () => {
  db = openDb(defaultTarget());
  // GIVEN a real SMTP server in this process that keeps what it receives
  smtp = await startSmtpSink();
  ({ port, received } = smtp);
});

afterAll(async () => {
  await smtp?.close();
  await db?.$disconnect();
});

async function program(shop: StoreShop, kind: string, priority: number, holdoutShare = 0) {
  const created = await createProgram(db, shop.id, { kind, priority, holdoutShare, enabled: true });
  if (!created.ok) throw new Error(created.error);
  return created.value.programId;
}

async function sendsOf(shop: StoreShop) {
  const rows = await db.programSend.findMany({ where: { shopId: shop.id }, include: { program: true } });
  const names = new Map([...shop.customers].map(([name, id]) => [id, name]));
  return rows.map((r) => ({ ...r, who: names.get(r.customerId)!, kind: r.program.kind }));
}

describe("programs evaluated and sent on a real store", () => {
  it("writes one send per trigger, picks one program per customer, honours caps, and adds nothing when run again", async () => {
    const shop = await handMadeShop(db, port);
    const postPurchase = await program(shop, "post_purchase", 50);
    const firstToRepeat = await program(shop, "first_to_repeat", 40);
    const abandonedCart = await program(shop, "abandoned_cart", 10);
    // GIVEN alice ordered a mug and tea 3 hours ago
    await addOrder(db, shop, await addCustomer(db, shop, "alice"), ago(3 * HOUR), ["mug", "tea"]);
    // ... bob bought once 31 days ago (the shop's first-to-second gap is 30 days) and left a teapot in his cart 6 hours ago
    const bob = await addCustomer(db, shop, "bob");
    await addOrder(db, shop, bob, ago(31 * DAY), ["tea"]);
    await addCart(db, shop, bob, ago(6 * HOUR), ["teapot"]);
    // ... dave and erin order every 30 days (they set the gap)
    for (const name of ["dave", "erin"]) {
      const id = await addCustomer(db, shop, name);
      await addOrder(db, shop, id, ago(90 * DAY), ["tea"]);
      await addOrder(db, shop, id, ago(60 * DAY), ["tea"]);
    }
    // ... carol ordered too, but does not accept marketing
    await addOrder(db, shop, await addCustomer(db, shop, "carol", false), ago(3 * HOUR), ["mug"]);
    // ... frank ordered, but had a campaign email and a program email this week (the cap is 2)
    const frank = await addCustomer(db, shop, "frank");
    await addOrder(db, shop, frank, ago(3 * HOUR), ["mug"]);
    const template = await db.program.findUniqueOrThrow({ where: { id: postPurchase } });
    const campaign = await db.campaign.create({ data: { shopId: shop.id, templateId: template.templateId, name: "June", segmentIds: "[]", status: "sent" } });
    await db.campaignRecipient.create({ data: { campaignId: campaign.id, customerId: frank, segmentId: "seg", control: false, token: `t-${frank}-c`, status: "sent", sentAt: ago(2 * DAY) } });
    await db.programSend.create({ data: { shopId: shop.id, programId: postPurchase, customerId: frank, triggerKey: "order:earlier", control: false, token: `t-${frank}-p`, status: "sent", dueAt: ago(3 * DAY), sentAt: ago(3 * DAY) } });
    // ... and an email 8 days ago is outside the week
    await db.programSend.create({ data: { shopId: shop.id, programId: postPurchase, customerId: frank, triggerKey: "order:older", control: false, token: `t-${frank}-o`, status: "sent", dueAt: ago(8 * DAY), sentAt: ago(8 * DAY) } });

    // WHEN the programs run at 13:00 London time, contested customers going by fixed priority
    const first = await runPrograms(db, shop.id, NOW, { choose: chooseByPriority });

    // THEN each customer's trigger became one send
    const rows = (await sendsOf(shop)).filter((r) => !r.triggerKey.startsWith("order:e") && !r.triggerKey.startsWith("order:o"));
    const summary = rows.map((r) => `${r.who} ${r.kind} ${r.status}`).sort();
    expect(summary).toEqual([
      "alice post_purchase sent",
      "bob abandoned_cart sent",
      "bob first_to_repeat skipped",
      "frank post_purchase capped",
    ]);
    expect(first.evaluation).toMatchObject({ created: 4, problems: [] });
    expect(first.sending).toMatchObject({ due: 3, sent: 2, capped: 1, deferred: 0, failed: 0 });
    // ... bob qualified for two programs and the chooser (fixed priority) gave him the cart reminder
    expect(rows.find((r) => r.who === "bob" && r.kind === "first_to_repeat")?.error).toBe(`another program was chosen: ${abandonedCart}`);
    expect(firstToRepeat).not.toBe(abandonedCart);

    // ... alice's email thanks her and names what she bought, every link carrying her send's token
    const [alice] = mailTo("alice");
    expect(alice.mail.subject).toBe("Thank you for your order, Alice");
    expect(alice.mail.headers.get("x-pearl-program")).toBe(postPurchase);
    const aliceRow = rows.find((r) => r.who === "alice")!;
    const html = alice.mail.html as string;
    expect(html).toContain("Mug");
    expect(html).toContain("Earl Grey Tea");
    expect(html).toContain("£8.50");
    expect(html).not.toContain("Teapot");
    const links = [...html.matchAll(/href="(https:\/\/[^"]+)"/g)].map((m) => new URL(m[1].replace(/&amp;/g, "&"))).filter((u) => u.host === shop.domain);
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) {
      expect(url.searchParams.get("pearl_t")).toBe(aliceRow.token);
      expect(url.searchParams.get("utm_campaign")).toBe(postPurchase);
    }
    expect(alice.mail.text).toContain("Earl Grey Tea");
    // ... bob's shows the teapot he left behind
    const [bobMail] = mailTo("bob");
    expect(bobMail.mail.subject).toBe("You left something in your cart");
    expect(bobMail.mail.html).toContain("Teapot");
    // ... nobody else got anything
    expect(received.flatMap((m) => m.to).sort()).toEqual(["alice@example.test", "bob@example.test"]);

    // WHEN it runs again the same day
    const again = await runPrograms(db, shop.id, new Date(NOW.getTime() + HOUR));
    // THEN nothing new is written or sent
    expect(again.evaluation?.created).toBe(0);
    expect(again.sending.sent).toBe(0);
    expect((await sendsOf(shop)).length).toBe(rows.length + 2);
    expect(received).toHaveLength(2);
  });

  it("defers a send that falls due in quiet hours to their end, then sends it", async () => {
    received.length = 0;
    const shop = await handMadeShop(db, port);
    await program(shop, "abandoned_checkout", 10);
    // GIVEN gina left a checkout at 20:00 London time (19:00 UTC)
    await addCheckout(db, shop, await addCustomer(db, shop, "gina"), new Date("2026-06-15T19:00:00Z"), ["teapot"]);

    // WHEN the programs run at 22:30 London time
    const night = await runPrograms(db, shop.id, new Date("2026-06-15T21:30:00Z"));
    // THEN the send waits for 08:00 London time (07:00 UTC), and nothing is sent
    expect(night.sending).toMatchObject({ due: 1, deferred: 1, sent: 0 });
    const [row] = await sendsOf(shop);
    expect(row).toMatchObject({ status: "deferred", dueAt: new Date("2026-06-16T07:00:00Z") });
    expect(received).toHaveLength(0);
    expect((await sendDueProgramEmails(db, shop.id, new Date("2026-06-16T06:59:00Z"))).due).toBe(0);

    // WHEN the morning sweep comes
    const morning = await sendDueProgramEmails(db, shop.id, new Date("2026-06-16T07:00:00Z"));
    // THEN it goes out, with the items left behind
    expect(morning).toMatchObject({ due: 1, sent: 1 });
    expect(mailTo("gina")).toHaveLength(1);
    expect(mailTo("gina")[0].mail.html).toContain("Teapot");
  });

  it("hands contested customers to the chooser it is given, and records its decision", async () => {
    received.length = 0;
    const shop = await handMadeShop(db, port);
    const postPurchase = await program(shop, "post_purchase", 1);
    const abandonedCart = await program(shop, "abandoned_cart", 2);
    // GIVEN hal ordered a mug this morning and then left a teapot in a new cart
    const hal = await addCustomer(db, shop, "hal");
    await addOrder(db, shop, hal, ago(8 * HOUR), ["mug"]);
    await addCart(db, shop, hal, ago(5 * HOUR), ["teapot"]);
    // ... and a chooser that prefers the last program offered
    const seen: Parameters<ChooseProgram>[2][] = [];
    const lastOne: ChooseProgram = async (_db, _shopId, candidates) => {
      seen.push(candidates);
      return new Map(candidates.map((c) => [c.customerId, { programId: c.programIds[c.programIds.length - 1], decisionId: `decision-${c.customerId}` }]));
    };

    // WHEN the programs run with it
    await runPrograms(db, shop.id, NOW, { choose: lastOne });

    // THEN it saw hal once, with both programs and his context, and its pick was sent
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual([{ customerId: hal, context: { segmentId: null, tier: null, stage: "new" }, programIds: [postPurchase, abandonedCart] }]);
    const rows = await sendsOf(shop);
    expect(rows.find((r) => r.programId === abandonedCart)).toMatchObject({ status: "sent", decisionId: `decision-${hal}` });
    expect(rows.find((r) => r.programId === postPurchase)).toMatchObject({ status: "skipped", decisionId: null });
    expect(mailTo("hal")).toHaveLength(1);
  });

  it("lets the bandit choose by default, logging each decision, and rewards it once the customer orders", async () => {
    received.length = 0;
    const shop = await handMadeShop(db, port);
    const postPurchase = await program(shop, "post_purchase", 1);
    const abandonedCart = await program(shop, "abandoned_cart", 2);
    // GIVEN ivy ordered a mug this morning and then left a teapot in a new cart
    const ivy = await addCustomer(db, shop, "ivy");
    await addOrder(db, shop, ivy, ago(8 * HOUR), ["mug"]);
    await addCart(db, shop, ivy, ago(5 * HOUR), ["teapot"]);

    // WHEN the programs run under the default contact policy
    await runPrograms(db, shop.id, NOW);

    // THEN the bandit chose between both programs, its decision is logged and linked to the send it chose
    const [decision] = await db.banditDecision.findMany({ where: { shopId: shop.id } });
    expect(JSON.parse(decision.arms).sort()).toEqual([postPurchase, abandonedCart].sort());
    expect(decision).toMatchObject({ customerId: ivy, reward: null });
    const rows = await sendsOf(shop);
    expect(rows.find((r) => r.programId === decision.chosen)).toMatchObject({ status: "sent", decisionId: decision.id });
    expect(rows.filter((r) => r.status === "skipped")).toHaveLength(1);

    // WHEN ivy orders three days later and the programs run again after the outcome window
    await addOrder(db, shop, ivy, new Date(NOW.getTime() + 3 * DAY), ["tea"]);
    await runPrograms(db, shop.id, new Date(NOW.getTime() + 8 * DAY));
    // THEN the decision is rewarded
    expect(await db.banditDecision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({ reward: 1 });
  });

  it("holds out each program's control group, and drops a reminder when the customer orders before it goes", async () => {
    received.length = 0;
    const shop = await handMadeShop(db, port);
    const cartProgram = await program(shop, "abandoned_cart", 10, 0.3);
    // GIVEN 40 customers left carts at 15:00 London time
    for (let i = 0; i < 40; i++) await addCart(db, shop, await addCustomer(db, shop, `cust${i}`), new Date("2026-06-15T14:00:00Z"), ["mug"]);

    // WHEN the programs run late in the evening (quiet hours)
    await runPrograms(db, shop.id, new Date("2026-06-15T21:00:00Z"));
    const rows = await sendsOf(shop);
    // THEN the control group is the customers whose draw for this program is under 30%, and they wait for nothing
    const held = rows.filter((r) => r.status === "held");
    expect(held.map((r) => r.customerId).sort()).toEqual(rows.filter((r) => inProgramControl(cartProgram, r.customerId, 0.3)).map((r) => r.customerId).sort());
    expect(held.length).toBeGreaterThan(3);
    expect(held.length).toBeLessThan(25);
    expect(held.every((r) => r.control)).toBe(true);
    const treated = rows.filter((r) => !r.control);
    expect(treated.every((r) => r.status === "deferred")).toBe(true);

    // GIVEN one treated customer orders overnight
    const buyer = treated[0];
    await addOrder(db, shop, buyer.customerId, new Date("2026-06-16T06:00:00Z"), ["mug"]);
    // WHEN the morning sweep sends what is due
    const morning = await sendDueProgramEmails(db, shop.id, new Date("2026-06-16T07:30:00Z"));
    // THEN the buyer's reminder is dropped, the other treated customers get theirs, the control group nothing
    expect(morning).toMatchObject({ resolved: 1, sent: treated.length - 1, failed: 0 });
    expect((await db.programSend.findUniqueOrThrow({ where: { id: buyer.id } })).status).toBe("skipped");
    const mailed = new Set(received.flatMap((m) => m.to));
    expect(mailed.size).toBe(treated.length - 1);
    for (const r of held) expect(mailed.has(`${r.who}@example.test`)).toBe(false);
    expect(mailed.has(`${buyer.who}@example.test`)).toBe(false);
  });

  it("runs on the sweep: once a local day, sends as they fall due, and waits for a mail server", async () => {
    received.length = 0;
    const shop = await handMadeShop(db, port);
    await program(shop, "post_purchase", 10);
    const ivy = await addCustomer(db, shop, "ivy");
    await addOrder(db, shop, ivy, new Date("2026-06-15T10:00:00Z"), ["mug"]);
    const ours = async (at: string) => (await shopsWithProgramWork(db, new Date(at))).some((s) => s.id === shop.id);

    // GIVEN no evaluation yet: the first sweep has work
    expect(await ours("2026-06-15T11:00:00Z")).toBe(true);
    // WHEN it runs at 11:00 UTC THEN ivy's thank-you (due 12:00) is written, not sent
    const first = (await runDuePrograms(db, new Date("2026-06-15T11:00:00Z"))).get(shop.domain)!;
    expect(first.evaluation?.created).toBe(1);
    expect(first.sending.due).toBe(0);
    // ... the next sweep before it is due has nothing to do; the one after has
    expect(await ours("2026-06-15T11:05:00Z")).toBe(false);
    expect(await ours("2026-06-15T12:00:00Z")).toBe(true);
    const second = (await runDuePrograms(db, new Date("2026-06-15T12:00:00Z"))).get(shop.domain)!;
    // THEN it sends without evaluating again the same day
    expect(second.evaluation).toBeNull();
    expect(second.sending.sent).toBe(1);
    expect(mailTo("ivy")).toHaveLength(1);
    // ... and the next local day (London midnight is 23:00 UTC) is evaluated again
    expect(await ours("2026-06-15T22:59:00Z")).toBe(false);
    expect(await ours("2026-06-15T23:00:00Z")).toBe(true);

    // GIVEN a new order and no mail server any more
    await db.mailServer.delete({ where: { shopId: shop.id } });
    await addOrder(db, shop, ivy, new Date("2026-06-16T09:00:00Z"), ["tea"]);
    // WHEN the programs run THEN the send is stored and waits, named as such
    const blocked = await runPrograms(db, shop.id, new Date("2026-06-16T12:00:00Z"));
    expect(blocked.sending).toMatchObject({ due: 1, sent: 0, blocked: "no mail server configured" });
    expect((await sendsOf(shop)).filter((r) => r.status === "pending")).toHaveLength(1);
    // ... and the sweep does not start a run for it every five minutes
    expect(await ours("2026-06-16T12:05:00Z")).toBe(false);
  });

  it("cross-sells the complements the shop's co-purchases teach, at the catalogue's price", async () => {
    received.length = 0;
    const shop = await handMadeShop(db, port);
    await program(shop, "cross_sell", 10);
    // GIVEN four customers bought a mug and a teapot together, and jay bought a mug 15 days ago
    for (let i = 0; i < 4; i++) await addOrder(db, shop, await addCustomer(db, shop, `pair${i}`), ago(60 * DAY), ["mug", "teapot"]);
    await addOrder(db, shop, await addCustomer(db, shop, "jay"), ago(15 * DAY), ["mug"]);
    // WHEN the programs run (cross-sell is due 14 days after the order, at 10:00 London time)
    await runPrograms(db, shop.id, NOW);
    // THEN jay is told about the teapot, priced from the catalogue, and not about the mug he owns
    const rows = await sendsOf(shop);
    expect(rows.map((r) => `${r.who} ${r.status}`)).toEqual(["jay sent"]);
    expect(JSON.parse(rows[0].items).map((i: { productId: string }) => i.productId)).toEqual(["teapot"]);
    const html = mailTo("jay")[0].mail.html as string;
    expect(html).toContain("Teapot");
    expect(html).toContain("£24.00");
    expect(html).toContain("goes well with your order");
  });

  it("two evaluations of the same shop at once write each send once", async () => {
    const shop = await handMadeShop(db, port);
    await program(shop, "post_purchase", 10);
    for (let i = 0; i < 30; i++) await addOrder(db, shop, await addCustomer(db, shop, `twin${i}`), ago(3 * HOUR), ["mug"]);
    // WHEN a CLI run and the sweep evaluate together
    const [a, b] = await Promise.all([evaluatePrograms(db, shop.id, NOW), evaluatePrograms(db, shop.id, NOW)]);
    // THEN every customer has one send, and the two runs' counts add up to it
    expect(await db.programSend.count({ where: { shopId: shop.id } })).toBe(30);
    expect(a.created + b.created).toBe(30);
  });
});
