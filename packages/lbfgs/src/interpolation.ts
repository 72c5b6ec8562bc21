// Safeguard-free building blocks for the line search: minimizers of 1-D interpolating models.

/**
 * Minimizer of the cubic that matches phi(a) = fa, phi'(a) = da, phi(b) = fb, phi'(b) = db
 * (Nocedal & Wright, eq. 3.59). NaN when that cubic has no local minimizer.
 * The discriminant is formed after scaling by the largest slope so it cannot overflow.
 */
export function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const scale = Math.max(Math.abs(d1), Math.abs(da), Math.abs(db));
  if (!(scale > 0) || !Number.isFinite(scale)) return NaN;
  const disc = (d1 / scale) * (d1 / scale) - (da / scale) * (db / scale);
  if (disc < 0) return NaN;
  const d2 = (b > a ? 1 : -1) * scale * Math.sqrt(disc);
  const denom = db - da + 2 * d2;
  if (denom === 0) return NaN;
  return b - ((b - a) * (db + d2 - d1)) / denom;
}

/**
 * Minimizer of the quadratic that matches phi(a) = fa, phi'(a) = da, phi(b) = fb;
 * NaN when that quadratic is not convex.
 */
export function quadraticMinimizer(a: number, fa: number, da: number, b: number, fb: number): number {
  const w = b - a;
  const curvature = fb - fa - da * w; // = (1/2) q'' w^2
  if (!(curvature > 0)) return NaN;
  return a - (da * w * w) / (2 * curvature);
}
