/** Argument checks for the batched methods; messages name the method, the argument and the value. */

export function checkCount(where: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${where}: n must be an integer ≥ 0, got ${n}`);
}

/** `arr` must hold at least `need` entries (`what` explains need, e.g. "n·inputDim"). */
export function checkAtLeast(where: string, name: string, arr: ArrayLike<number>, need: number, what: string): void {
  if (arr == null || arr.length < need) {
    throw new Error(`${where}: ${name} must have length ≥ ${what} = ${need}, got ${arr == null ? arr : arr.length}`);
  }
}

/** `arr` must hold exactly `need` entries. */
export function checkExact(where: string, name: string, arr: ArrayLike<number>, need: number, what: string): void {
  if (arr == null || arr.length !== need) {
    throw new Error(`${where}: ${name} must have length ${what} = ${need}, got ${arr == null ? arr : arr.length}`);
  }
}

/** Throws `${where}: ${name}[i] is NaN` at the first non-finite entry among arr[offset … offset+count). */
export function throwIfNonFinite(where: string, name: string, arr: ArrayLike<number>, offset: number, count: number): void {
  for (let i = offset; i < offset + count; i++) {
    if (!Number.isFinite(arr[i])) throw new Error(`${where}: ${name}[${i}] is ${arr[i]}`);
  }
}
