// In-memory token buckets keyed by string (the pixel endpoint keys by shop and
// by clientId). Pure: the clock is a parameter, nothing runs in the background.
//
// Memory is bounded by maxKeys: a Map kept in recency order (every take() moves
// its key to the end) and the least recently used key is evicted when a new key
// would exceed the bound. An evicted key comes back with a full bucket, so a
// caller able to rotate more than maxKeys keys can escape a per-key limit: keep
// a coarser limit (per shop) next to the fine one (per client).
//
// Per process only: with several app instances each keeps its own buckets.

export interface RateLimiterOptions {
  /** Bucket size: the largest burst allowed. */
  capacity: number;
  /** Tokens added back per second, up to capacity. 0 means a bucket never refills. */
  refillPerSecond: number;
  /** Most keys remembered at once. */
  maxKeys: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Absorbs float error from fractional refills (0.1 + 0.2 ...). */
const EPSILON = 1e-9;

export class RateLimiter {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly maxKeys: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    const { capacity, refillPerSecond, maxKeys } = options;
    if (!(Number.isFinite(capacity) && capacity > 0)) throw new RangeError("capacity must be a positive number");
    if (!(Number.isFinite(refillPerSecond) && refillPerSecond >= 0)) {
      throw new RangeError("refillPerSecond must be a non-negative number");
    }
    if (!(Number.isSafeInteger(maxKeys) && maxKeys >= 1)) throw new RangeError("maxKeys must be a positive integer");
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.maxKeys = maxKeys;
  }

  /**
   * Takes n tokens from key's bucket if it holds at least n; returns whether it
   * did. A refused take costs nothing. n larger than capacity is always refused.
   */
  take(key: string, n = 1, now: number = Date.now()): boolean {
    if (!(Number.isFinite(n) && n >= 0)) throw new RangeError("n must be a non-negative number");
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.refill(bucket, now);
      this.buckets.delete(key); // re-inserted below: most recently used
    } else {
      bucket = { tokens: this.capacity, updatedAt: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens + EPSILON < n) return false;
    bucket.tokens = Math.max(0, bucket.tokens - n);
    return true;
  }

  /** Tokens key could take at `now`, without taking any or touching its recency. */
  available(key: string, now: number = Date.now()): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.capacity;
    const copy = { ...bucket };
    this.refill(copy, now);
    return copy.tokens;
  }

  /** Whether key currently has a bucket (false once evicted). */
  has(key: string): boolean {
    return this.buckets.has(key);
  }

  /** Keys remembered, least recently used first. */
  keys(): string[] {
    return [...this.buckets.keys()];
  }

  get size(): number {
    return this.buckets.size;
  }

  delete(key: string): boolean {
    return this.buckets.delete(key);
  }

  clear(): void {
    this.buckets.clear();
  }

  private refill(bucket: Bucket, now: number): void {
    // A clock that steps backwards refills nothing and does not rewind the bucket.
    if (!(now > bucket.updatedAt)) return;
    const elapsedSeconds = (now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsedSeconds * this.refillPerSecond);
    bucket.updatedAt = now;
  }
}
