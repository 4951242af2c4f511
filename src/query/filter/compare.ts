// Value comparison as DefraDB's connor does it: ints and floats compare across types, DateTime
// compares as instants, JSON objects and arrays structurally.

/** Nanoseconds since the epoch of an RFC 3339 string, or undefined when it is not one. */
export function dateTimeKey(s: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[4] ?? 'Z'}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[3] ?? '').padEnd(9, '0') || '0');
}

const isNum = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** Three-way compare of two non-null values of compatible types; undefined when incomparable. */
export function compare(a: unknown, b: unknown): number | undefined {
  if (isNum(a) && isNum(b)) {
    if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    const x = typeof a === 'bigint' && typeof b === 'number' && !Number.isInteger(b) ? Number(a) : a;
    const y = typeof b === 'bigint' && typeof a === 'number' && !Number.isInteger(a) ? Number(b) : b;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
    const bx = typeof x === 'bigint' ? x : BigInt(x as number);
    const by = typeof y === 'bigint' ? y : BigInt(y as number);
    return bx < by ? -1 : bx > by ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (isNum(a) && isNum(b)) return compare(a, b) === 0;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length &&
      ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Sort order used by `order`: nulls first ascending, then by value. */
export function orderCompare(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? -1 : 1;
  return compare(a, b) ?? 0;
}

/** `_like` matcher: `%` only as prefix, suffix, both, or one inner wildcard. */
export function likeMatcher(pattern: string, caseInsensitive: boolean): (s: string) => boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const norm = (s: string): string => (caseInsensitive ? s.toLowerCase() : s);
  const starts = p.startsWith('%');
  const ends = p.length > 1 && p.endsWith('%');
  if (starts && ends) { const mid = p.slice(1, -1); return (s) => norm(s).includes(mid); }
  if (starts) { const suf = p.slice(1); return (s) => norm(s).endsWith(suf); }
  if (ends) { const pre = p.slice(0, -1); return (s) => norm(s).startsWith(pre); }
  const i = p.indexOf('%');
  if (i >= 0) {
    const pre = p.slice(0, i);
    const suf = p.slice(i + 1);
    return (s) => { const n = norm(s); return n.length >= pre.length + suf.length && n.startsWith(pre) && n.endsWith(suf); };
  }
  return (s) => norm(s) === p;
}
