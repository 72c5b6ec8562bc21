/**
 * Merging user overrides into a task's default spec, with checks that name the field and value.
 * A spec is plain data (JSON-able): numbers, number tuples, strings from a fixed set, nested objects.
 */

/** Rules for one merge: which dotted paths may be negative, must be > 0, or must be integers. */
export interface OptionRules {
  /** Paths whose numbers may be negative (e.g. a joint range, a slope). */
  signed: ReadonlySet<string>;
  /** Paths whose numbers must be strictly positive. */
  positive: ReadonlySet<string>;
  /** Paths whose numbers must be integers. */
  integer: ReadonlySet<string>;
  /** Paths whose string values must be one of the listed choices. */
  choices: Readonly<Record<string, readonly string[]>>;
  /** Paths whose value replaces the default wholesale (checked elsewhere), e.g. the terrain. */
  opaque: ReadonlySet<string>;
}

type Plain = number | string | boolean | number[] | { [key: string]: Plain };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

function checkNumber(where: string, path: string, value: unknown, rules: OptionRules): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${where}: option ${path} must be a finite number, got ${String(value)}`);
  }
  const base = path.replace(/\[\d+\]$/, '');
  if (rules.positive.has(base) && !(value > 0)) {
    throw new Error(`${where}: option ${path} must be > 0, got ${value}`);
  }
  if (!rules.signed.has(base) && value < 0) {
    throw new Error(`${where}: option ${path} must be ≥ 0, got ${value}`);
  }
  if (rules.integer.has(base) && !Number.isInteger(value)) {
    throw new Error(`${where}: option ${path} must be an integer, got ${value}`);
  }
  return value;
}

/**
 * Returns a deep copy of `defaults` with `overrides` merged in. Unknown keys, wrong types,
 * non-finite or negative numbers (unless the path is signed) throw an Error naming the path.
 */
export function mergeOptions<T>(where: string, defaults: T, overrides: unknown, rules: OptionRules, path = ''): T {
  const base = defaults as unknown as Plain;
  if (overrides === undefined) return structuredClone(defaults);
  if (rules.opaque.has(path)) return structuredClone(overrides) as T;
  if (typeof base === 'number') return checkNumber(where, path, overrides, rules) as unknown as T;
  if (typeof base === 'boolean') {
    if (typeof overrides !== 'boolean') throw new Error(`${where}: option ${path} must be a boolean, got ${String(overrides)}`);
    return overrides as unknown as T;
  }
  if (typeof base === 'string') {
    const allowed = rules.choices[path];
    if (typeof overrides !== 'string' || (allowed !== undefined && !allowed.includes(overrides))) {
      const list = allowed ? ` (one of ${allowed.map((s) => `'${s}'`).join(', ')})` : '';
      throw new Error(`${where}: option ${path} must be a string${list}, got ${JSON.stringify(overrides)}`);
    }
    return overrides as unknown as T;
  }
  if (Array.isArray(base)) {
    const arr = overrides as unknown;
    if (!Array.isArray(arr) || arr.length !== base.length) {
      throw new Error(`${where}: option ${path} must be an array of ${base.length} numbers, got ${JSON.stringify(arr)}`);
    }
    return arr.map((v, i) => checkNumber(where, `${path}[${i}]`, v, rules)) as unknown as T;
  }
  if (!isRecord(overrides)) {
    throw new Error(`${where}: option ${path || '(root)'} must be an object, got ${JSON.stringify(overrides)}`);
  }
  const out: Record<string, unknown> = {};
  const baseRecord = base as Record<string, Plain>;
  for (const key of Object.keys(overrides)) {
    if (!(key in baseRecord)) {
      const known = Object.keys(baseRecord).join(', ');
      throw new Error(`${where}: unknown option '${path ? `${path}.` : ''}${key}' (known: ${known})`);
    }
  }
  for (const key of Object.keys(baseRecord)) {
    const childPath = path ? `${path}.${key}` : key;
    out[key] = mergeOptions(where, baseRecord[key], (overrides as Record<string, unknown>)[key], rules, childPath);
  }
  return out as T;
}
