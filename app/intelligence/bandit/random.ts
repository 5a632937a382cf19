// Seeded random draws for the bandit: mulberry32 for uniforms, Marsaglia's
// polar method for normals, Marsaglia & Tsang (2000) for Gamma and Beta as
// the ratio of two Gammas. Seeded so a simulation or a test replays exactly.

export type Random = () => number;

/** mulberry32: a small, fast 32-bit PRNG; floats in [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from text (FNV-1a), e.g. a shop id and a date. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function standardNormal(random: Random): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1). Shapes below 1 use Gamma(shape + 1) * U^(1/shape). */
export function gammaSample(random: Random, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`gammaSample: shape must be a positive number, got ${shape}`);
  if (shape < 1) {
    const u = 1 - random(); // (0, 1]: keeps log and power finite
    return gammaSample(random, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(alpha, beta) as X / (X + Y), X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function betaSample(random: Random, alpha: number, beta: number): number {
  const x = gammaSample(random, alpha);
  const y = gammaSample(random, beta);
  const sum = x + y;
  // Both draws can underflow to 0 for tiny shapes; the mean is the fair answer then.
  return sum > 0 ? x / sum : alpha / (alpha + beta);
}
