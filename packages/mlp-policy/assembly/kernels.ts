/**
 * The batched forward and backward passes of src/kernels.ts in AssemblyScript, compiled to WebAssembly
 * with 128-bit SIMD (two doubles per instruction): `pnpm -F @guided/mlp-policy build:wasm` writes
 * src/wasm-bytes.ts. Every output equals the JavaScript kernels' bit for bit (test/wasm-kernels.test.ts):
 * each SIMD lane performs the very operations, in the very order, that the JavaScript loop performs for
 * one element, and WebAssembly's f64 arithmetic is IEEE 754 without fused multiply-adds.
 *
 *   forward: z = W x + b summed over k in order, vectorized over pairs of units j (the host passes Wᵀ);
 *            then a = softplus(z), σ(z) by src/softplus.ts's table-driven exp and log1p.
 *   backward: ∂W[j, k] += δ_0j x_0k + δ_1j x_1k + δ_2j x_2k + δ_3j x_3k for blocks of four rows and
 *            δ_prev[b, k] = σ(z_bk) Σ_j δ_bj W[j, k] summed over j in order, both vectorized over k.
 *
 * Pointers are byte offsets into the memory the host provides. The host lays out, per layer l, a
 * descriptor of LAYER_FIELDS i32 words at `desc` + 4 · LAYER_FIELDS · l (src/wasm-kernels.ts).
 */

// ------------------------------------------------------------------ tables (written by the host)

/** 2^(j/64), j = 0 … 63. */
const EXP2_FRACTION: usize = 0;
/** 2^(−m), m = 0 … 1076. */
const EXP2_NEGATIVE_INTEGER: usize = EXP2_FRACTION + 64 * 8;
/** log1p(j/64), j = 0 … 64. */
const LOG1P_GRID: usize = EXP2_NEGATIVE_INTEGER + 1077 * 8;
/** 1 / (1 + j/64), j = 0 … 64. */
const INV_ONE_PLUS_GRID: usize = LOG1P_GRID + 65 * 8;
/** First byte after the tables; the host's buffers start at or after it. */
export const TABLES_END: usize = INV_ONE_PLUS_GRID + 65 * 8;

// ------------------------------------------------------------------ layer descriptor (i32 words)

export const LAYER_FIELDS: i32 = 10;
const F_IN: i32 = 0; // nIn
const F_OUT: i32 = 1; // nOut
const F_WT: i32 = 2; // Wᵀ [nIn × nOut] (forward)
const F_W: i32 = 3; // W [nOut × nIn] (backward)
const F_BIAS: i32 = 4; // b [nOut]
const F_INPUT: i32 = 5; // acts[l] [n × nIn]
const F_OUTPUT: i32 = 6; // acts[l + 1] (hidden) or the means (last layer) [n × nOut]
const F_INPUT_SLOPE: i32 = 7; // sigs[l] [n × nIn] (unused for l = 0)
const F_GRAD_W: i32 = 8; // ∂W [nOut × nIn]
const F_GRAD_B: i32 = 9; // ∂b [nOut]

@inline function field(desc: usize, l: i32, f: i32): i32 {
  return load<i32>(desc + ((<usize>(l * LAYER_FIELDS + f)) << 2));
}

@inline function at(base: usize, index: i32): usize {
  return base + ((<usize>index) << 3);
}

// ------------------------------------------------------------------ softplus (src/softplus.ts)

const INV_LN2_64: f64 = 64 / Math.LN2;
const LN2_64_HI: f64 = 6.93147180369123816490e-1 / 64;
const LN2_64_LO: f64 = 1.90821492927058770002e-10 / 64;
const ROUND_MAGIC: f64 = 6755399441055744; // 1.5 · 2^52

@inline function expNonPositive(x: f64): f64 {
  const xc = x < -745 ? -745 : x;
  const k = xc * INV_LN2_64 + ROUND_MAGIC - ROUND_MAGIC;
  const r = xc - k * LN2_64_HI - k * LN2_64_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))));
  const ki = <i32>k;
  return load<f64>(at(EXP2_NEGATIVE_INTEGER, -(ki >> 6))) * (load<f64>(at(EXP2_FRACTION, ki & 63)) * p);
}

@inline function log1pUnit(t: f64): f64 {
  const j = <i32>(t * 64 + 0.5);
  const g = (t - <f64>j * 0.015625) * load<f64>(at(INV_ONE_PLUS_GRID, j));
  const s = g * (1 - g * (1.0 / 2 - g * (1.0 / 3 - g * (1.0 / 4 - g * (1.0 / 5 - g * (1.0 / 6 - g * (1.0 / 7 - g / 8)))))));
  return load<f64>(at(LOG1P_GRID, j)) + s;
}

/** values[p] ← softplus(values[p]), slope[p] ← σ(values[p]) for p < count, two at a time. */
function softplusInPlace(values: usize, slope: usize, count: i32): void {
  const invLn2 = f64x2.splat(INV_LN2_64);
  const magic = f64x2.splat(ROUND_MAGIC);
  const ln2Hi = f64x2.splat(LN2_64_HI);
  const ln2Lo = f64x2.splat(LN2_64_LO);
  const lowest = f64x2.splat(-745);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const half = f64x2.splat(0.5);
  let p = 0;
  for (; p + 1 < count; p += 2) {
    const z = v128.load(at(values, p));
    const az = f64x2.abs(z);
    // e = e^{−|z|} as expNonPositive does it.
    const x = f64x2.neg(az);
    const xc = v128.bitselect(lowest, x, f64x2.lt(x, lowest));
    const k = f64x2.sub(f64x2.add(f64x2.mul(xc, invLn2), magic), magic);
    const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, ln2Hi)), f64x2.mul(k, ln2Lo));
    let q = f64x2.add(f64x2.splat(1.0 / 120), f64x2.mul(r, f64x2.splat(1.0 / 720)));
    q = f64x2.add(f64x2.splat(1.0 / 24), f64x2.mul(r, q));
    q = f64x2.add(f64x2.splat(1.0 / 6), f64x2.mul(r, q));
    q = f64x2.add(half, f64x2.mul(r, q));
    q = f64x2.add(one, f64x2.mul(r, q));
    q = f64x2.add(one, f64x2.mul(r, q));
    const ki = i32x4.trunc_sat_f64x2_s_zero(k);
    const k0 = i32x4.extract_lane(ki, 0);
    const k1 = i32x4.extract_lane(ki, 1);
    const scale = f64x2(load<f64>(at(EXP2_NEGATIVE_INTEGER, -(k0 >> 6))), load<f64>(at(EXP2_NEGATIVE_INTEGER, -(k1 >> 6))));
    const fraction = f64x2(load<f64>(at(EXP2_FRACTION, k0 & 63)), load<f64>(at(EXP2_FRACTION, k1 & 63)));
    const e = f64x2.mul(scale, f64x2.mul(fraction, q));
    // log1p(e) as log1pUnit does it.
    const jv = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(e, f64x2.splat(64)), half));
    const j0 = i32x4.extract_lane(jv, 0);
    const j1 = i32x4.extract_lane(jv, 1);
    const inv = f64x2(load<f64>(at(INV_ONE_PLUS_GRID, j0)), load<f64>(at(INV_ONE_PLUS_GRID, j1)));
    const grid = f64x2(load<f64>(at(LOG1P_GRID, j0)), load<f64>(at(LOG1P_GRID, j1)));
    const g = f64x2.mul(f64x2.sub(e, f64x2.mul(f64x2.convert_low_i32x4_s(jv), f64x2.splat(0.015625))), inv);
    let s = f64x2.sub(f64x2.splat(1.0 / 7), f64x2.div(g, f64x2.splat(8)));
    s = f64x2.sub(f64x2.splat(1.0 / 6), f64x2.mul(g, s));
    s = f64x2.sub(f64x2.splat(1.0 / 5), f64x2.mul(g, s));
    s = f64x2.sub(f64x2.splat(1.0 / 4), f64x2.mul(g, s));
    s = f64x2.sub(f64x2.splat(1.0 / 3), f64x2.mul(g, s));
    s = f64x2.sub(f64x2.splat(1.0 / 2), f64x2.mul(g, s));
    s = f64x2.sub(one, f64x2.mul(g, s));
    s = f64x2.mul(g, s);
    v128.store(at(values, p), f64x2.add(f64x2.mul(half, f64x2.add(z, az)), f64x2.add(grid, s)));
    const numerator = v128.bitselect(one, e, f64x2.ge(z, zero));
    v128.store(at(slope, p), f64x2.div(numerator, f64x2.add(one, e)));
  }
  if (p < count) {
    const z = load<f64>(at(values, p));
    const az = Math.abs(z);
    const e = expNonPositive(-az);
    store<f64>(at(values, p), 0.5 * (z + az) + log1pUnit(e));
    store<f64>(at(slope, p), (z >= 0 ? 1.0 : e) / (1 + e));
  }
}

// ------------------------------------------------------------------ forward

/** out[r, j] = b[j] + Σ_k Wᵀ[k, j] in[r, k] for `rows` (1 or 4) consecutive rows from row r. */
@inline function dense(rows: i32, r: i32, nIn: i32, nOut: i32, wt: usize, bias: usize, input: usize, output: usize): void {
  const x0 = at(input, r * nIn);
  const x1 = x0 + ((<usize>nIn) << 3);
  const x2 = x1 + ((<usize>nIn) << 3);
  const x3 = x2 + ((<usize>nIn) << 3);
  const y0 = at(output, r * nOut);
  const y1 = y0 + ((<usize>nOut) << 3);
  const y2 = y1 + ((<usize>nOut) << 3);
  const y3 = y2 + ((<usize>nOut) << 3);
  let j = 0;
  for (; j + 1 < nOut; j += 2) {
    let a0 = v128.load(at(bias, j));
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let w = at(wt, j);
    const stride = (<usize>nOut) << 3;
    if (rows == 4) {
      for (let k = 0; k < nIn; k++) {
        const wk = v128.load(w);
        const o = (<usize>k) << 3;
        a0 = f64x2.add(a0, f64x2.mul(wk, v128.load64_splat(x0 + o)));
        a1 = f64x2.add(a1, f64x2.mul(wk, v128.load64_splat(x1 + o)));
        a2 = f64x2.add(a2, f64x2.mul(wk, v128.load64_splat(x2 + o)));
        a3 = f64x2.add(a3, f64x2.mul(wk, v128.load64_splat(x3 + o)));
        w += stride;
      }
      v128.store(at(y1, j), a1);
      v128.store(at(y2, j), a2);
      v128.store(at(y3, j), a3);
    } else {
      for (let k = 0; k < nIn; k++) {
        a0 = f64x2.add(a0, f64x2.mul(v128.load(w), v128.load64_splat(x0 + ((<usize>k) << 3))));
        w += stride;
      }
    }
    v128.store(at(y0, j), a0);
  }
  if (j < nOut) {
    // The last unit of an odd layer, one lane.
    const b = load<f64>(at(bias, j));
    let z0 = b;
    let z1 = b;
    let z2 = b;
    let z3 = b;
    for (let k = 0; k < nIn; k++) {
      const wk = load<f64>(at(wt, k * nOut + j));
      z0 += wk * load<f64>(at(x0, k));
      if (rows == 4) {
        z1 += wk * load<f64>(at(x1, k));
        z2 += wk * load<f64>(at(x2, k));
        z3 += wk * load<f64>(at(x3, k));
      }
    }
    store<f64>(at(y0, j), z0);
    if (rows == 4) {
      store<f64>(at(y1, j), z1);
      store<f64>(at(y2, j), z2);
      store<f64>(at(y3, j), z3);
    }
  }
}

/**
 * The forward pass of rows 0 … n−1 through L layers: acts[0] (the normalized input) must be filled;
 * writes acts[l], sigs[l] for the hidden layers and the means. Blocks of four rows go through every
 * layer before the next block, so a block's activations stay in cache.
 */
export function forward(n: i32, L: i32, desc: usize): void {
  for (let r = 0; r < n; ) {
    const rows = r + 4 <= n ? 4 : 1;
    for (let l = 0; l < L; l++) {
      const nIn = field(desc, l, F_IN);
      const nOut = field(desc, l, F_OUT);
      const output = <usize>field(desc, l, F_OUTPUT);
      dense(rows, r, nIn, nOut, <usize>field(desc, l, F_WT), <usize>field(desc, l, F_BIAS), <usize>field(desc, l, F_INPUT), output);
      if (l + 1 < L) {
        // sigs[l + 1] is the next layer's input slope.
        const slope = <usize>field(desc, l + 1, F_INPUT_SLOPE);
        softplusInPlace(at(output, r * nOut), at(slope, r * nOut), rows * nOut);
      }
    }
    r += rows;
  }
}

// ------------------------------------------------------------------ backward

/**
 * src/kernels.ts's backwardRows: adds Σ_i w_i ∇_θ log π_i (network part) into the ∂W, ∂b of the
 * descriptor (zeroed by the host), Σ_i w_i (r_id² − 1) into stdAcc [D] (zeroed here), and returns
 * Σ_i w_i log π_i. Rows past the end of the last block repeat the last row with weight 0; blocks
 * whose four weights are all zero are skipped. deltaA and deltaB hold 4 × the widest layer.
 */
export function backward(
  n: i32,
  L: i32,
  desc: usize,
  resid: usize,
  logp: usize,
  invSigma: usize,
  weights: usize,
  stdAcc: usize,
  deltaA: usize,
  deltaB: usize,
): f64 {
  const D = field(desc, L - 1, F_OUT);
  for (let d = 0; d < D; d++) store<f64>(at(stdAcc, d), 0);
  let total: f64 = 0;
  const last = n - 1;
  for (let i0 = 0; i0 < n; i0 += 4) {
    const r0 = i0;
    const r1 = i0 + 1 < n ? i0 + 1 : last;
    const r2 = i0 + 2 < n ? i0 + 2 : last;
    const r3 = i0 + 3 < n ? i0 + 3 : last;
    const w0 = load<f64>(at(weights, r0));
    const w1 = r1 != r0 ? load<f64>(at(weights, r1)) : 0;
    const w2 = r2 != r1 ? load<f64>(at(weights, r2)) : 0;
    const w3 = r3 != r2 ? load<f64>(at(weights, r3)) : 0;
    if (w0 == 0 && w1 == 0 && w2 == 0 && w3 == 0) continue;
    total += w0 * load<f64>(at(logp, r0)) + w1 * load<f64>(at(logp, r1)) + w2 * load<f64>(at(logp, r2)) + w3 * load<f64>(at(logp, r3));

    let cur = deltaA;
    let next = deltaB;
    // Output-layer deltas w_b r_bd / σ_d, block layout cur[b · D + d].
    for (let d = 0; d < D; d++) {
      const s = load<f64>(at(invSigma, d));
      const e0 = load<f64>(at(resid, r0 * D + d));
      const e1 = load<f64>(at(resid, r1 * D + d));
      const e2 = load<f64>(at(resid, r2 * D + d));
      const e3 = load<f64>(at(resid, r3 * D + d));
      store<f64>(at(cur, d), w0 * e0 * s);
      store<f64>(at(cur, D + d), w1 * e1 * s);
      store<f64>(at(cur, 2 * D + d), w2 * e2 * s);
      store<f64>(at(cur, 3 * D + d), w3 * e3 * s);
      const acc = at(stdAcc, d);
      store<f64>(acc, load<f64>(acc) + (w0 * (e0 * e0 - 1) + w1 * (e1 * e1 - 1) + w2 * (e2 * e2 - 1) + w3 * (e3 * e3 - 1)));
    }

    for (let l = L - 1; l >= 0; l--) {
      const nIn = field(desc, l, F_IN);
      const nOut = field(desc, l, F_OUT);
      const input = <usize>field(desc, l, F_INPUT);
      const x0 = at(input, r0 * nIn);
      const x1 = at(input, r1 * nIn);
      const x2 = at(input, r2 * nIn);
      const x3 = at(input, r3 * nIn);
      const gradW = <usize>field(desc, l, F_GRAD_W);
      const gradB = <usize>field(desc, l, F_GRAD_B);
      // ∂b[j] += Σ_b δ_bj and ∂W[j, k] += Σ_b δ_bj x_bk, k two at a time.
      for (let j = 0; j < nOut; j++) {
        const d0 = load<f64>(at(cur, j));
        const d1 = load<f64>(at(cur, nOut + j));
        const d2 = load<f64>(at(cur, 2 * nOut + j));
        const d3 = load<f64>(at(cur, 3 * nOut + j));
        const gb = at(gradB, j);
        store<f64>(gb, load<f64>(gb) + (d0 + d1 + d2 + d3));
        const row = at(gradW, j * nIn);
        const v0 = f64x2.splat(d0);
        const v1 = f64x2.splat(d1);
        const v2 = f64x2.splat(d2);
        const v3 = f64x2.splat(d3);
        let k = 0;
        for (; k + 1 < nIn; k += 2) {
          const o = (<usize>k) << 3;
          let sum = f64x2.add(f64x2.mul(v0, v128.load(x0 + o)), f64x2.mul(v1, v128.load(x1 + o)));
          sum = f64x2.add(sum, f64x2.mul(v2, v128.load(x2 + o)));
          sum = f64x2.add(sum, f64x2.mul(v3, v128.load(x3 + o)));
          v128.store(row + o, f64x2.add(v128.load(row + o), sum));
        }
        if (k < nIn) {
          const g = at(row, k);
          const sum = d0 * load<f64>(at(x0, k)) + d1 * load<f64>(at(x1, k)) + d2 * load<f64>(at(x2, k)) + d3 * load<f64>(at(x3, k));
          store<f64>(g, load<f64>(g) + sum);
        }
      }
      if (l == 0) break;
      // δ_prev[b, k] = σ(z_bk) Σ_j δ_bj W[j, k], k two at a time (W's row j is contiguous in k).
      const W = <usize>field(desc, l, F_W);
      const slope = <usize>field(desc, l, F_INPUT_SLOPE);
      const s0 = at(slope, r0 * nIn);
      const s1 = at(slope, r1 * nIn);
      const s2 = at(slope, r2 * nIn);
      const s3 = at(slope, r3 * nIn);
      const stride = (<usize>nIn) << 3;
      let k = 0;
      for (; k + 1 < nIn; k += 2) {
        let a0 = f64x2.splat(0);
        let a1 = a0;
        let a2 = a0;
        let a3 = a0;
        let w = at(W, k);
        for (let j = 0; j < nOut; j++) {
          const wj = v128.load(w);
          a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(at(cur, j)), wj));
          a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(at(cur, nOut + j)), wj));
          a2 = f64x2.add(a2, f64x2.mul(v128.load64_splat(at(cur, 2 * nOut + j)), wj));
          a3 = f64x2.add(a3, f64x2.mul(v128.load64_splat(at(cur, 3 * nOut + j)), wj));
          w += stride;
        }
        const o = (<usize>k) << 3;
        v128.store(at(next, k), f64x2.mul(a0, v128.load(s0 + o)));
        v128.store(at(next, nIn + k), f64x2.mul(a1, v128.load(s1 + o)));
        v128.store(at(next, 2 * nIn + k), f64x2.mul(a2, v128.load(s2 + o)));
        v128.store(at(next, 3 * nIn + k), f64x2.mul(a3, v128.load(s3 + o)));
      }
      if (k < nIn) {
        let a0: f64 = 0;
        let a1: f64 = 0;
        let a2: f64 = 0;
        let a3: f64 = 0;
        for (let j = 0; j < nOut; j++) {
          const wj = load<f64>(at(W, j * nIn + k));
          a0 += load<f64>(at(cur, j)) * wj;
          a1 += load<f64>(at(cur, nOut + j)) * wj;
          a2 += load<f64>(at(cur, 2 * nOut + j)) * wj;
          a3 += load<f64>(at(cur, 3 * nOut + j)) * wj;
        }
        store<f64>(at(next, k), a0 * load<f64>(at(s0, k)));
        store<f64>(at(next, nIn + k), a1 * load<f64>(at(s1, k)));
        store<f64>(at(next, 2 * nIn + k), a2 * load<f64>(at(s2, k)));
        store<f64>(at(next, 3 * nIn + k), a3 * load<f64>(at(s3, k)));
      }
      const swap = cur;
      cur = next;
      next = swap;
    }
  }
  return total;
}
