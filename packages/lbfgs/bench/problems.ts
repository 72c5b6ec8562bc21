// Standard test functions (Moré, Garbow & Hillstrom 1981) with analytic gradients.

/** Extended Rosenbrock: sum over pairs of 100 (x_{2i} - x_{2i-1}^2)^2 + (1 - x_{2i-1})^2; n even. */
export function extendedRosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  for (let i = 0; i + 1 < x.length; i += 2) {
    const a = x[i];
    const b = x[i + 1];
    const r = b - a * a;
    const t = 1 - a;
    f += 100 * r * r + t * t;
    g[i] = -400 * r * a - 2 * t;
    g[i + 1] = 200 * r;
  }
  return f;
}

/** The standard start: x_{2i-1} = -1.2, x_{2i} = 1. */
export function rosenbrockStart(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    x[i] = -1.2;
    if (i + 1 < n) x[i + 1] = 1;
  }
  return x;
}

/** Wood function (n = 4); minimum 0 at (1, 1, 1, 1); standard start (-3, -1, -3, -1). */
export function wood(x: Float64Array, g: Float64Array): number {
  const [a, b, c, d] = x;
  const r1 = b - a * a;
  const r2 = d - c * c;
  g[0] = -400 * a * r1 - 2 * (1 - a);
  g[1] = 200 * r1 + 20.2 * (b - 1) + 19.8 * (d - 1);
  g[2] = -360 * c * r2 - 2 * (1 - c);
  g[3] = 180 * r2 + 20.2 * (d - 1) + 19.8 * (b - 1);
  return (
    100 * r1 * r1 + (1 - a) ** 2 + 90 * r2 * r2 + (1 - c) ** 2 + 10.1 * ((b - 1) ** 2 + (d - 1) ** 2) + 19.8 * (b - 1) * (d - 1)
  );
}

/**
 * Barrier plus quadratic: f(x) = -log(1 - ||x||^2) + 1/2 ||x - c||^2. NaN (log of a negative
 * number) outside the open unit ball, +Infinity on its boundary.
 */
export function barrierObjective(c: Float64Array) {
  return (x: Float64Array, g: Float64Array): number => {
    const n = x.length;
    let xx = 0;
    for (let i = 0; i < n; i++) xx += x[i] * x[i];
    const slack = 1 - xx;
    let f = -Math.log(slack);
    for (let i = 0; i < n; i++) {
      const r = x[i] - c[i];
      f += 0.5 * r * r;
      g[i] = (2 * x[i]) / slack + r;
    }
    return f;
  };
}
