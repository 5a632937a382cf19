/** CLV mechanics: discount schedule, undiscounted identity, churn (tolerance 1e-12 unless stated). */
import { describe, expect, it } from "vitest";
import { expectedPurchases, pAlive } from "../../app/intelligence/bgNbd";
import { churnProbability, customerLifetimeValue, discountSchedule } from "../../app/intelligence/clv";
import { expectedAverageValue } from "../../app/intelligence/gammaGamma";

const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gg = { p: 6.25, q: 3.74, v: 15.44 };

describe("CLV", () => {
  it("cuts horizons into ~monthly periods discounted at their end", () => {
    const s30 = discountSchedule(30, 0.1);
    expect(Array.from(s30.endsDays)).toEqual([30]);
    expect(Math.abs(s30.factors[0] - Math.pow(1.1, -30 / 365))).toBeLessThan(1e-15);
    const s365 = discountSchedule(365, 0.1);
    expect(s365.endsDays.length).toBe(12);
    expect(s365.endsDays[11]).toBe(365);
    expect(Math.abs(s365.factors[11] - 1 / 1.1)).toBeLessThan(1e-15);
    expect(discountSchedule(1095, 0.1).endsDays.length).toBe(36);
  });

  it("with no discounting, CLV = expected value per purchase x expected purchases", () => {
    const [x, tx, T, zbar] = [3, 20, 35, 42];
    for (const h of [30, 365, 1095]) {
      const clv = customerLifetimeValue(bg, gg, x, tx, T, zbar, h, 7, 0);
      const ref = expectedAverageValue(gg, x, zbar) * expectedPurchases(bg, h / 7, x, tx, T);
      expect(Math.abs(clv - ref)).toBeLessThan(1e-12 * ref);
    }
  });

  it("discounting lowers CLV, more for longer horizons", () => {
    const undiscounted = customerLifetimeValue(bg, gg, 3, 20, 35, 42, 1095, 7, 0);
    const discounted = customerLifetimeValue(bg, gg, 3, 20, 35, 42, 1095, 7, 0.1);
    expect(discounted).toBeLessThan(undiscounted);
    expect(discounted).toBeGreaterThan(undiscounted / 1.1 ** 3);
  });

  it("churn = 1 - P(alive)", () => {
    expect(churnProbability(bg, 2, 30.43, 38.86)).toBe(1 - pAlive(bg, 2, 30.43, 38.86));
    expect(churnProbability(bg, 0, 0, 38.86)).toBe(0);
  });
});
