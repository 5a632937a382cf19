import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../app/pixel/rateLimiter.ts";

const T0 = 1_767_261_600_000; // 2026-01-01T10:00:00Z

describe("RateLimiter: token buckets", () => {
  it("allows a burst up to capacity, then refuses", () => {
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 1, maxKeys: 10 });
    expect([1, 2, 3, 4].map(() => limiter.take("shop-a", 1, T0))).toEqual([true, true, true, false]);
    expect(limiter.available("shop-a", T0)).toBe(0);
  });

  it("refills at refillPerSecond, continuously", () => {
    const limiter = new RateLimiter({ capacity: 5, refillPerSecond: 2, maxKeys: 10 });
    expect(limiter.take("k", 5, T0)).toBe(true);
    expect(limiter.take("k", 1, T0 + 250)).toBe(false); // 0.5 token
    expect(limiter.available("k", T0 + 250)).toBeCloseTo(0.5, 9);
    expect(limiter.take("k", 1, T0 + 500)).toBe(true); // 1 token
    expect(limiter.take("k", 1, T0 + 500)).toBe(false);
    expect(limiter.take("k", 3, T0 + 2000)).toBe(true); // 3 tokens after 1.5 s
    expect(limiter.available("k", T0 + 2000)).toBeCloseTo(0, 9);
  });

  it("tenths of a token add up exactly (no float drift)", () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, maxKeys: 1 });
    expect(limiter.take("k", 1, T0)).toBe(true);
    let now = T0;
    for (let i = 0; i < 9; i++) {
      now += 100;
      expect(limiter.take("k", 1, now)).toBe(false);
    }
    expect(limiter.take("k", 1, now + 100)).toBe(true);
  });

  it("never holds more than capacity after a long idle", () => {
    const limiter = new RateLimiter({ capacity: 4, refillPerSecond: 10, maxKeys: 10 });
    limiter.take("k", 4, T0);
    expect(limiter.available("k", T0 + 3_600_000)).toBe(4);
    expect(limiter.take("k", 5, T0 + 3_600_000)).toBe(false);
    expect(limiter.take("k", 4, T0 + 3_600_000)).toBe(true);
  });

  it("takes n tokens at once; a refused take costs nothing", () => {
    const limiter = new RateLimiter({ capacity: 100, refillPerSecond: 0, maxKeys: 10 });
    expect(limiter.take("shop", 60, T0)).toBe(true);
    expect(limiter.take("shop", 41, T0)).toBe(false);
    expect(limiter.available("shop", T0)).toBe(40);
    expect(limiter.take("shop", 40, T0)).toBe(true);
    expect(limiter.take("shop", 0, T0)).toBe(true);
    expect(limiter.take("shop", 1, T0 + 86_400_000)).toBe(false); // refill 0: never refills
  });

  it("refuses n above capacity, even on a full bucket", () => {
    const limiter = new RateLimiter({ capacity: 10, refillPerSecond: 1, maxKeys: 10 });
    expect(limiter.take("k", 11, T0)).toBe(false);
    expect(limiter.available("k", T0)).toBe(10);
  });

  it("keeps keys independent", () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, maxKeys: 10 });
    expect(limiter.take("shop:a", 1, T0)).toBe(true);
    expect(limiter.take("shop:a", 1, T0)).toBe(false);
    expect(limiter.take("shop:b", 1, T0)).toBe(true);
    expect(limiter.take("client:a", 1, T0)).toBe(true);
  });

  it("a clock stepping backwards neither refills nor rewinds", () => {
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, maxKeys: 10 });
    expect(limiter.take("k", 2, T0)).toBe(true);
    expect(limiter.take("k", 1, T0 - 60_000)).toBe(false);
    expect(limiter.take("k", 1, T0 + 999)).toBe(false);
    expect(limiter.take("k", 1, T0 + 1000)).toBe(true);
  });

  it("uses Date.now() when no clock is given", () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0.001, maxKeys: 10 });
    expect(limiter.take("k")).toBe(true);
    expect(limiter.take("k")).toBe(false);
  });

  it.each([
    [{ capacity: 0, refillPerSecond: 1, maxKeys: 1 }],
    [{ capacity: -1, refillPerSecond: 1, maxKeys: 1 }],
    [{ capacity: Number.NaN, refillPerSecond: 1, maxKeys: 1 }],
    [{ capacity: 1, refillPerSecond: -1, maxKeys: 1 }],
    [{ capacity: 1, refillPerSecond: Number.POSITIVE_INFINITY, maxKeys: 1 }],
    [{ capacity: 1, refillPerSecond: 1, maxKeys: 0 }],
    [{ capacity: 1, refillPerSecond: 1, maxKeys: 1.5 }],
  ])("rejects options %j", (options) => {
    expect(() => new RateLimiter(options)).toThrow(RangeError);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])("rejects n = %d", (n) => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, maxKeys: 1 });
    expect(() => limiter.take("k", n, T0)).toThrow(RangeError);
  });
});

describe("RateLimiter: bounded memory (LRU)", () => {
  it("evicts the least recently used key beyond maxKeys", () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0, maxKeys: 3 });
    limiter.take("a", 1, T0);
    limiter.take("b", 1, T0);
    limiter.take("c", 1, T0);
    expect(limiter.take("a", 1, T0)).toBe(false); // touches a: b is now the oldest
    expect(limiter.keys()).toEqual(["b", "c", "a"]);
    limiter.take("d", 1, T0);
    expect(limiter.keys()).toEqual(["c", "a", "d"]);
    expect(limiter.has("b")).toBe(false);
    expect(limiter.size).toBe(3);
    // An evicted key comes back with a full bucket (and evicts the next oldest).
    expect(limiter.take("b", 1, T0)).toBe(true);
    expect(limiter.keys()).toEqual(["a", "d", "b"]);
    // a was kept: still empty.
    expect(limiter.take("a", 1, T0)).toBe(false);
  });

  it("available() does not touch recency", () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0, maxKeys: 2 });
    limiter.take("a", 1, T0);
    limiter.take("b", 1, T0);
    expect(limiter.available("a", T0)).toBe(0);
    limiter.take("c", 1, T0);
    expect(limiter.keys()).toEqual(["b", "c"]);
    expect(limiter.available("a", T0)).toBe(1); // unknown key: a full bucket, not stored
    expect(limiter.has("a")).toBe(false);
  });

  it("stays at maxKeys under a flood of new keys", () => {
    const limiter = new RateLimiter({ capacity: 5, refillPerSecond: 1, maxKeys: 1000 });
    for (let i = 0; i < 50_000; i++) limiter.take(`client-${i}`, 1, T0 + i);
    expect(limiter.size).toBe(1000);
    expect(limiter.keys()[0]).toBe("client-49000");
    expect(limiter.keys().at(-1)).toBe("client-49999");
  });

  it("delete() and clear() forget keys", () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0, maxKeys: 5 });
    limiter.take("a", 1, T0);
    limiter.take("b", 1, T0);
    expect(limiter.delete("a")).toBe(true);
    expect(limiter.take("a", 1, T0)).toBe(true);
    limiter.clear();
    expect(limiter.size).toBe(0);
    expect(limiter.take("b", 1, T0)).toBe(true);
  });
});
