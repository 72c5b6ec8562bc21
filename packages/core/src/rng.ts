/**
 * Seeded, splittable pseudo-random numbers: xoshiro128** (Blackman & Vigna) on four
 * 32-bit words, seeded through splitmix32. The same seed gives the same stream on every
 * run and platform; `split()` derives an independent child stream (for a worker, a
 * rollout, a restart) without disturbing reproducibility of the parent.
 */

/** Serializable generator state (for checkpoints). */
export interface RngState {
  words: [number, number, number, number];
  /** Cached second normal from the last Box–Muller pair, or null. */
  spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** `seed` must be a finite integer (any sign; taken modulo 2^32 after mixing the high part). */
  constructor(seed: number) {
    if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
      throw new Error(`Rng: seed must be a finite integer, got ${seed}`);
    }
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const next = splitmix32((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new Error(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal draw (Box–Muller; the second value of each pair is cached). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Fills `out` with independent standard normals and returns it. */
  fillNormal(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** An independent child generator; advances this one by four words. */
  split(): Rng {
    const child = Object.create(Rng.prototype) as Rng;
    const mix = splitmix32(this.nextUint32() ^ 0x5bd1e995);
    child.s0 = (this.nextUint32() ^ mix()) >>> 0;
    child.s1 = (this.nextUint32() ^ mix()) >>> 0;
    child.s2 = (this.nextUint32() ^ mix()) >>> 0;
    child.s3 = mix();
    child.spare = null;
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    return child;
  }

  getState(): RngState {
    return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spare };
  }

  static fromState(state: RngState): Rng {
    const w = state?.words;
    if (!Array.isArray(w) || w.length !== 4 || w.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffffffff)) {
      throw new Error(`Rng.fromState: words must be four uint32 values, got ${JSON.stringify(w)}`);
    }
    if ((w[0] | w[1] | w[2] | w[3]) === 0) throw new Error('Rng.fromState: the all-zero state is invalid');
    const rng = Object.create(Rng.prototype) as Rng;
    rng.s0 = w[0];
    rng.s1 = w[1];
    rng.s2 = w[2];
    rng.s3 = w[3];
    rng.spare = state.spareNormal ?? null;
    return rng;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
