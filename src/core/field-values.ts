// Field values by kind: validate and normalise user input (DefraDB's validateFieldSchema), encode
// to canonical CBOR (FieldValue.Bytes(), datamodel.md §1.3) and decode stored bytes back (§4.6).
//
// Normalised JS forms: ID/String/Blob → string; Boolean → boolean; Int → number, or bigint beyond
// 2^53; Float64 → number; Float32 → its shortest decimal (util float32Value); DateTime → Go RFC3339Nano string; JSON → plain JSON tree;
// arrays → arrays (nillable ones may hold null). `null` is the absent value.

import { FieldKind, DefraError, type ScalarKind } from '../client/index.ts';
import { CborWriter, encodeWith } from './canonical-cbor.ts';
import { decodeCbor, type Decoded } from './cbor-decoder.ts';
import { normalizeDateTime } from './date-time.ts';
import { float32Value } from '../util/index.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type ScalarValue = boolean | number | bigint | string;
export type NormalValue = null | ScalarValue | JsonValue | (ScalarValue | null)[];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export class FieldValueError extends DefraError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('invalid-field-value', message, details);
    this.name = 'FieldValueError';
  }
}

/** fastjson's type names, used in its "value doesn't contain X; it contains Y" messages. */
function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': case 'bigint': return 'number';
    case 'boolean': return v ? 'true' : 'false';
    default: return 'object';
  }
}

const mismatch = (want: string, v: unknown) =>
  new FieldValueError(`value doesn't contain ${want}; it contains ${jsonTypeName(v)}`);

export function toInt64(v: unknown): number | bigint {
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new FieldValueError(`number ${JSON.stringify(String(v))} exceeds int64`);
    return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : v;
  }
  if (typeof v !== 'number') throw mismatch('number', v);
  if (!Number.isInteger(v)) {
    const s = String(v);
    const dot = s.search(/[.eE]/);
    throw new FieldValueError(`unparsed tail left after parsing int64 from ${JSON.stringify(s)}: ${JSON.stringify(dot >= 0 ? s.slice(dot) : s)}`);
  }
  if (Number.isSafeInteger(v)) return v;
  const b = BigInt(v);
  if (b < INT64_MIN || b > INT64_MAX) throw new FieldValueError(`number ${JSON.stringify(String(v))} exceeds int64`);
  return b;
}

function toFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw mismatch('number', v);
}

function toStr(v: unknown): string {
  if (typeof v !== 'string') throw mismatch('string', v);
  return v;
}

function toBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw mismatch('bool', v);
  return v;
}

const hexRe = /^[0-9a-fA-F]+$/;
function toBlob(v: unknown): string {
  const s = toStr(v);
  if (!hexRe.test(s)) throw new FieldValueError('value must be a valid hex string', { Value: s });
  return s;
}

/** A JSON tree with every number as a float64 (bigints narrowed, undefined dropped). */
export function toJson(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string': case 'boolean': return v;
    case 'number': return v;
    case 'bigint': return Number(v);
    case 'object': {
      if (Array.isArray(v)) return v.map(toJson);
      if (v instanceof Date) return v.toISOString();
      const out: { [k: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
      return out;
    }
    default: throw mismatch('object', v);
  }
}

function toDateTime(v: unknown): string | null {
  if (v instanceof Date) return normalizeDateTime(v.toISOString());
  return normalizeDateTime(toStr(v));
}

type Scalar = (v: unknown) => ScalarValue | null;
const scalarOf: Partial<Record<ScalarKind, Scalar>> = {
  [FieldKind.DocID]: toStr,
  [FieldKind.String]: toStr,
  [FieldKind.Blob]: toBlob,
  [FieldKind.Bool]: toBool,
  [FieldKind.Int]: toInt64,
  [FieldKind.Float64]: toFloat,
  [FieldKind.Float32]: (v) => float32Value(toFloat(v)),
  [FieldKind.DateTime]: toDateTime,
};

/** Element kind and nillability of each array kind. */
const arrayOf: Partial<Record<ScalarKind, [ScalarKind, boolean]>> = {
  [FieldKind.BoolArray]: [FieldKind.Bool, false], [FieldKind.NillableBoolArray]: [FieldKind.Bool, true],
  [FieldKind.IntArray]: [FieldKind.Int, false], [FieldKind.NillableIntArray]: [FieldKind.Int, true],
  [FieldKind.Float64Array]: [FieldKind.Float64, false], [FieldKind.NillableFloat64Array]: [FieldKind.Float64, true],
  [FieldKind.Float32Array]: [FieldKind.Float32, false], [FieldKind.NillableFloat32Array]: [FieldKind.Float32, true],
  [FieldKind.StringArray]: [FieldKind.String, false], [FieldKind.NillableStringArray]: [FieldKind.String, true],
};

export const isNillableArrayKind = (k: ScalarKind): boolean => arrayOf[k]?.[1] === true;

/**
 * Validate and normalise a user value for a field of `kind`. Relation `_id` fields use
 * FieldKind.DocID. `null`/`undefined` → null.
 */
export function normalizeFieldValue(kind: ScalarKind, v: unknown): NormalValue {
  if (v === null || v === undefined) return null;
  if (kind === FieldKind.JSON) return toJson(v);
  const scalar = scalarOf[kind];
  if (scalar) return scalar(v);
  const arr = arrayOf[kind];
  if (arr) {
    if (!Array.isArray(v)) throw mismatch('array', v);
    const [elem, nillable] = arr;
    const f = scalarOf[elem]!;
    const out: (ScalarValue | null)[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === null || x === undefined) {
        // Go's getArray leaves a zero value for a null element of a non-nillable array.
        out[i] = nillable ? null : zeroOf(elem);
      } else out[i] = f(x);
    }
    return out;
  }
  throw new FieldValueError('unhandled type', { FieldKind: kind });
}

function zeroOf(kind: ScalarKind): ScalarValue {
  switch (kind) {
    case FieldKind.Bool: return false;
    case FieldKind.Int: case FieldKind.Float64: case FieldKind.Float32: return 0;
    default: return '';
  }
}

function writeScalar(w: CborWriter, kind: ScalarKind, v: ScalarValue): void {
  switch (kind) {
    case FieldKind.Int: w.int(v as number | bigint); return;
    case FieldKind.Float64: w.float(Number(v)); return;
    case FieldKind.Float32: w.float32(Number(v)); return;
    case FieldKind.Bool: w.bool(v as boolean); return;
    default: w.text(v as string);
  }
}

/**
 * Write a normalised value as canonical CBOR. `forDocId` reproduces Go's DocID pre-image quirk:
 * nillable-array elements are Go `immutable.Option`s, which fxamacker writes as empty maps (§1.3).
 */
export function writeFieldValue(w: CborWriter, kind: ScalarKind, v: NormalValue, forDocId = false): void {
  if (v === null) { w.nil(); return; }
  if (kind === FieldKind.JSON) { w.value(v as JsonValue, true); return; }
  const arr = arrayOf[kind];
  if (arr) {
    const a = v as (ScalarValue | null)[];
    const [elem, nillable] = arr;
    w.arrayHeader(a.length);
    for (const x of a) {
      if (nillable && forDocId) w.mapHeader(0);
      else if (x === null) w.nil();
      else writeScalar(w, elem, x);
    }
    return;
  }
  writeScalar(w, kind, v as ScalarValue);
}

/** Canonical CBOR bytes of a normalised value (block `data`, LWW stored value); null → f6. */
export function encodeFieldValue(kind: ScalarKind, v: NormalValue): Uint8Array {
  return encodeWith((w) => writeFieldValue(w, kind, v));
}

export const CBOR_NULL = Uint8Array.of(0xf6);
export const isCborNull = (b: Uint8Array): boolean => b.length === 1 && b[0] === 0xf6;

function fromDecodedScalar(kind: ScalarKind, x: Decoded): ScalarValue | null {
  if (x === null || x === undefined) return null;
  switch (kind) {
    case FieldKind.Int:
      if (typeof x === 'number') return Number.isInteger(x) ? x : Math.trunc(x);
      if (typeof x === 'bigint') return x;
      break;
    case FieldKind.Float64:
      if (typeof x === 'number') return x;
      if (typeof x === 'bigint') return Number(x);
      break;
    case FieldKind.Float32:
      if (typeof x === 'number') return float32Value(x);
      if (typeof x === 'bigint') return float32Value(Number(x));
      break;
    case FieldKind.Bool:
      if (typeof x === 'boolean') return x;
      break;
    case FieldKind.DateTime:
      if (typeof x === 'string') return normalizeDateTime(x);
      break;
    default:
      if (typeof x === 'string') return x;
  }
  throw new FieldValueError('unexpected stored value type', { Kind: kind, Actual: jsonTypeName(x) });
}

/** Normalise an already-decoded CBOR item to the field kind (§4.6). */
export function fromDecoded(kind: ScalarKind, x: Decoded): NormalValue {
  if (x === null || x === undefined) return null;
  if (kind === FieldKind.JSON) return decodedToJson(x);
  const arr = arrayOf[kind];
  if (arr) {
    if (!Array.isArray(x)) throw new FieldValueError('unexpected stored value type', { Kind: kind, Actual: jsonTypeName(x) });
    const out: (ScalarValue | null)[] = new Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = fromDecodedScalar(arr[0], x[i]);
    return out;
  }
  return fromDecodedScalar(kind, x);
}

function decodedToJson(x: Decoded): JsonValue {
  if (x === null || x === undefined) return null;
  if (typeof x === 'bigint') return Number(x);
  if (x instanceof Uint8Array) return Array.from(x);
  if (Array.isArray(x)) return x.map(decodedToJson);
  if (typeof x === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const k in x) out[k] = decodedToJson(x[k]);
    return out;
  }
  return x;
}

/** Decode stored/delta bytes of a field value. */
export function decodeFieldValue(kind: ScalarKind, bytes: Uint8Array): NormalValue {
  // Fast paths for the hot scan loop: small ints and short ASCII strings.
  const b0 = bytes[0];
  if (kind === FieldKind.Int) {
    if (b0 < 0x18 && bytes.length === 1) return b0;
    if (b0 === 0x18 && bytes.length === 2) return bytes[1];
    if (b0 === 0x19 && bytes.length === 3) return (bytes[1] << 8) | bytes[2];
  } else if ((kind === FieldKind.String || kind === FieldKind.DocID) && b0 >= 0x60 && b0 < 0x78 && bytes.length === b0 - 0x5f) {
    let ascii = true;
    for (let i = 1; i < bytes.length; i++) if (bytes[i] > 0x7f) { ascii = false; break; }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(1) as unknown as number[]);
  }
  return fromDecoded(kind, decodeCbor(bytes));
}
