// JSON with exact big integers. DefraDB's Int is 64-bit, so request bodies may carry integers past
// 2^53: they are parsed to bigint (using the reviver's source text), and bigints are written back
// as plain JSON numbers, never strings.

type ReviverContext = { source?: string };
const rawJSON = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;
const INTEGER = /^-?\d+$/;

function reviveBig(this: unknown, _key: string, value: unknown, ctx?: ReviverContext): unknown {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && ctx?.source && INTEGER.test(ctx.source)) {
    return BigInt(ctx.source);
  }
  return value;
}

/** JSON.parse keeping integers beyond Number.MAX_SAFE_INTEGER exact (as bigint). */
export function parseJSON(text: string): unknown {
  return JSON.parse(text, reviveBig as (this: unknown, key: string, value: unknown) => unknown);
}

function replaceBig(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? rawJSON(value.toString()) : value;
}

/** JSON.stringify writing bigint as a plain number. */
export function stringifyJSON(value: unknown, indent?: number): string {
  return JSON.stringify(value, replaceBig, indent);
}

/** encoding/json's error for a value it cannot write (NaN, ±Inf). */
export class UnsupportedJSONValue extends Error {
  constructor(v: number) {
    super(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
    this.name = 'UnsupportedJSONValue';
  }
}

/** As stringifyJSON, but a non-finite number fails like Go's encoder instead of becoming null. */
export function stringifyGoJSON(value: unknown, indent?: number): string {
  return JSON.stringify(value, (k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new UnsupportedJSONValue(v);
    return replaceBig(k, v);
  }, indent);
}
