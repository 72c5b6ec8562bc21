/** Input checks that name what was wrong and where (DESIGN.md: errors name the field and value). */

/** Throws `${where}: ${name}[i] is NaN` (or Infinity) at the first non-finite entry. */
export function assertFinite(where: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`${where}: ${name}[${i}] is ${v}`);
  }
}

/** Throws unless `values` has exactly `expected` entries. */
export function assertLength(where: string, name: string, values: ArrayLike<number>, expected: number): void {
  if (values == null || values.length !== expected) {
    throw new Error(`${where}: ${name} must have length ${expected}, got ${values == null ? values : values.length}`);
  }
}

/** Throws unless `value` is a finite number ≥ 0 (or > 0 when `strict`). */
export function assertNonNegative(where: string, name: string, value: number, strict = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (strict && value === 0)) {
    throw new Error(`${where}: ${name} must be a finite number ${strict ? '> 0' : '≥ 0'}, got ${value}`);
  }
}

/** Throws unless `value` is an integer ≥ min. */
export function assertInteger(where: string, name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}
