import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../app/activation/campaign.ts";
import { campaignReport } from "../../app/activation/campaignReport.ts";
import { saveTemplate } from "../../app/activation/templates.ts";
import { moments, studentTQuantile, welchDifference } from "../../app/activation/welchInterval.ts";
import { databaseTargets } from "../helpers/testDb.ts";
import { realShop, type RealShop } from "./realShop.ts";

describe("Welch's interval", () => {
  it("reproduces the textbook example (Welch 1947 data set A of Wikipedia's article: t = -2.46, df = 24.99)", () => {
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const d = welchDifference(moments(a), moments(b));
    expect(d.estimate / d.standardError!).toBeCloseTo(-2.46, 2);
    expect(d.degreesOfFreedom).toBeCloseTo(24.99, 2);
    expect(d.low).toBeCloseTo(-3.984, 3);
    expect(d.high).toBeCloseTo(-0.349, 3);
  });

  it("has Student's t quantiles (tables: 12.706 at 1 df, 2.228 at 10, 1.960 in the limit)", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.96, 3);
  });
});

describe.each(databaseTargets())("the campaign report (%s)", (_, target) => {
  let shop: RealShop;
  beforeAll(async () => {
    shop = await realShop({ target });
  });
  afterAll(async () => {
    await shop?.close();
  });

  it("compares treated and control recipients per segment on the store's orders in the attribution window", async () => {
    // GIVEN a campaign "sent" in the middle of the imported orders, 14-day window
    const saved = await saveTemplate(shop.db, shop.shop.id, "t", { subject: "s", mjml: "<mjml><mj-body><mj-product-feed /></mj-body></mjml>" });
    if (!saved.ok) throw new Error("template");
    const segmentIds = shop.segments.map((s) => s.id);
    const created = await createCampaign(shop.db, { shopId: shop.shop.id, templateId: saved.templateId, name: "Winter", segmentIds, attributionDays: 14 });
    if (!created.ok) throw new Error(created.error);
    const orders = await shop.db.order.findMany({ where: { shopId: shop.shop.id }, orderBy: { processedAt: "asc" }, select: { processedAt: true } });
    const sentAt = orders[Math.floor(orders.length / 2)].processedAt;
    await shop.db.campaign.update({ where: { id: created.campaignId }, data: { sentAt, status: "sent" } });

    // WHEN the report is made
    const report = await campaignReport(shop.db, created.campaignId);

    // THEN its figures are those of the orders themselves
    const to = new Date(sentAt.getTime() + 14 * 86_400_000);
    const recipients = await shop.db.campaignRecipient.findMany({ where: { campaignId: created.campaignId } });
    for (const seg of report.segments) {
      const group = (control: boolean) => recipients.filter((r) => r.segmentId === seg.segmentId && r.control === control).map((r) => r.customerId);
      for (const [figures, ids] of [[seg.treated, group(false)], [seg.control, group(true)]] as const) {
        const inWindow = await shop.db.order.findMany({ where: { customerId: { in: [...ids] }, processedAt: { gte: sentAt, lt: to }, cancelledAt: null }, include: { refunds: true } });
        const revenue = inWindow.reduce((s, o) => s + Number(o.totalPrice) - o.refunds.reduce((x, r) => x + Number(r.amount), 0), 0);
        expect(figures.customers).toBe(ids.length);
        expect(figures.revenue).toBeCloseTo(revenue, 6);
        expect(figures.converted).toBe(new Set(inWindow.map((o) => o.customerId)).size);
      }
      expect(seg.controlSize).toBe(Math.round((seg.recipients + seg.controlSize) * 0.1));
      expect(seg.incrementalRevenue.estimate).toBeCloseTo(seg.recipients * (seg.treated.revenuePerCustomer - seg.control.revenuePerCustomer), 6);
      if (seg.controlSize >= 2) {
        expect(seg.incrementalRevenue.low!).toBeLessThanOrEqual(seg.incrementalRevenue.estimate);
        expect(seg.incrementalRevenue.high!).toBeGreaterThanOrEqual(seg.incrementalRevenue.estimate);
      }
    }
    expect(report.total.incrementalRevenue.estimate).toBeCloseTo(report.segments.reduce((s, x) => s + x.incrementalRevenue.estimate, 0), 6);
    // the store really had orders in the window: the comparison is not empty
    expect(report.segments.reduce((s, x) => s + x.treated.converted, 0)).toBeGreaterThan(10);
  });
});
