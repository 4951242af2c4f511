// Order-preserving encoding of secondary-index values (datamodel.md §4.4; DefraDB
// internal/encoding, adapted from CockroachDB). Byte order of encodings = value order;
// descending variants invert it. Index keys: /db/data/<C>/<indexID>/<v1>[/<v2>…][/<docID>].

import { FieldKind, type ScalarKind } from '../client/index.ts';
import { CborWriter } from './canonical-cbor.ts';
import { parseDateTime } from './date-time.ts';
import { indexPrefix } from './keys.ts';
import {
  encodeVarintAscending, encodeVarintDescending, decodeVarintAscending, decodeVarintDescending, INT_MIN, INT_MAX,
} from './varint.ts';
import type { JsonValue, NormalValue } from './field-values.ts';

export const Marker = {
  null: 0x00, floatNaN: 0x01, floatNeg: 0x02, floatZero: 0x03, floatPos: 0x04, floatNaNDesc: 0x05,
  bytes: 0x06, bytesDesc: 0x07, time: 0x08, false: 0x09, true: 0x0a, json: 0x0b,
  float32NaN: 0x0c, float32Neg: 0x0d, float32Zero: 0x0e, float32Pos: 0x0f, float32NaNDesc: 0x10,
  nullDesc: 0xff,
} as const;

const ESCAPE = 0x00, ESCAPED_TERM = 0x01, ESCAPED_FF = 0xff;

export class IndexEncodingError extends Error { readonly code = 'index-encoding'; }

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
const dv = new DataView(new ArrayBuffer(8));

export function writeBytesAscending(w: CborWriter, data: Uint8Array, desc = false): void {
  const start = w.pos;
  w.byte(Marker.bytes);
  for (const b of data) {
    w.byte(b);
    if (b === ESCAPE) w.byte(ESCAPED_FF);
  }
  w.byte(ESCAPE); w.byte(ESCAPED_TERM);
  if (desc) {
    w.buf[start] = Marker.bytesDesc;
    for (let i = start + 1; i < w.pos; i++) w.buf[i] = ~w.buf[i] & 0xff;
  }
}

export const writeString = (w: CborWriter, s: string, desc = false) => writeBytesAscending(w, textEncoder.encode(s), desc);

export function writeFloat(w: CborWriter, f: number, desc = false): void {
  if (Number.isNaN(f)) { w.byte(desc ? Marker.floatNaNDesc : Marker.floatNaN); return; }
  if (desc) f = -f;
  if (f === 0) { w.byte(Marker.floatZero); return; }
  dv.setFloat64(0, f);
  const neg = f < 0;
  w.byte(neg ? Marker.floatNeg : Marker.floatPos);
  for (let i = 0; i < 8; i++) w.byte(neg ? ~dv.getUint8(i) & 0xff : dv.getUint8(i));
}

export function writeFloat32(w: CborWriter, f: number, desc = false): void {
  if (Number.isNaN(f)) { w.byte(desc ? Marker.float32NaNDesc : Marker.float32NaN); return; }
  if (desc) f = -f;
  if (f === 0) { w.byte(Marker.float32Zero); return; }
  dv.setFloat32(0, f);
  const neg = f < 0;
  w.byte(neg ? Marker.float32Neg : Marker.float32Pos);
  for (let i = 0; i < 4; i++) w.byte(neg ? ~dv.getUint8(i) & 0xff : dv.getUint8(i));
}

export const writeInt = (w: CborWriter, v: number | bigint, desc = false) => w.raw(desc ? encodeVarintDescending(v) : encodeVarintAscending(v));
export const writeBool = (w: CborWriter, v: boolean, desc = false) => w.byte((desc ? !v : v) ? Marker.true : Marker.false);
export const writeNull = (w: CborWriter, desc = false) => w.byte(desc ? Marker.nullDesc : Marker.null);

/** DateTime: time marker, varint unix seconds, varint nanoseconds (complemented when descending). */
export function writeTime(w: CborWriter, dateTime: string, desc = false): void {
  const t = parseDateTime(dateTime);
  w.byte(Marker.time);
  const sec = BigInt(t.unixSeconds), ns = BigInt(t.nanos);
  w.raw(encodeVarintAscending(desc ? ~sec : sec));
  w.raw(encodeVarintAscending(desc ? ~ns : ns));
}

/**
 * One JSON leaf: its path (property names; `0` for "an array element", whatever its position)
 * and scalar value. A scalar and the same scalar inside an array therefore encode differently.
 */
export interface JsonLeaf { path: (string | 0)[]; value: null | boolean | number | string }

/** Leaves of a JSON tree: every scalar, array elements included, nested arrays not descended. */
export function jsonLeaves(v: JsonValue, path: (string | 0)[] = [], out: JsonLeaf[] = [], inArray = false): JsonLeaf[] {
  if (Array.isArray(v)) {
    if (inArray) return out;
    for (const x of v) jsonLeaves(x, [...path, 0], out, true);
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) jsonLeaves(v[k], [...path, k], out, false);
  } else out.push({ path, value: v });
  return out;
}

/** `0x0b`, one item per path segment (name as bytes, uvarint 0 for an array element), `0x01`. */
export function writeJsonPath(w: CborWriter, path: readonly (string | 0)[]): void {
  w.byte(Marker.json);
  for (const p of path) {
    if (p === 0) w.raw(encodeVarintAscending(0));
    else writeBytesAscending(w, textEncoder.encode(p));
  }
  w.byte(ESCAPED_TERM);
}

/** A JSON leaf: its path, `/`, then the leaf value. */
export function writeJsonLeaf(w: CborWriter, leaf: JsonLeaf, desc = false): void {
  writeJsonPath(w, leaf.path);
  w.byte(0x2f);
  const v = leaf.value;
  if (v === null) writeNull(w, desc);
  else if (typeof v === 'string') writeString(w, v, desc);
  else if (typeof v === 'number') writeFloat(w, v, desc);
  else writeBool(w, v, desc);
}

/** Encode one index field value of a given kind (array kinds take one element, JSON a leaf). */
export function writeIndexValue(w: CborWriter, kind: ScalarKind, v: NormalValue | JsonLeaf, desc = false): void {
  if (kind === FieldKind.JSON) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'path' in v) { writeJsonLeaf(w, v as JsonLeaf, desc); return; }
    if (v === null) { writeNull(w, desc); return; }
    throw new IndexEncodingError('JSON index values must be leaves');
  }
  if (v === null) { writeNull(w, desc); return; }
  switch (kind) {
    case FieldKind.Int: case FieldKind.IntArray: case FieldKind.NillableIntArray: writeInt(w, v as number | bigint, desc); return;
    case FieldKind.Float64: case FieldKind.Float64Array: case FieldKind.NillableFloat64Array: writeFloat(w, v as number, desc); return;
    case FieldKind.Float32: case FieldKind.Float32Array: case FieldKind.NillableFloat32Array: writeFloat32(w, v as number, desc); return;
    case FieldKind.Bool: case FieldKind.BoolArray: case FieldKind.NillableBoolArray: writeBool(w, v as boolean, desc); return;
    case FieldKind.DateTime: writeTime(w, v as string, desc); return;
    default: writeString(w, v as string, desc);
  }
}

export interface IndexKeyField { kind: ScalarKind; value: NormalValue | JsonLeaf; descending?: boolean }

const keyWriter = new CborWriter(256);

/** `/db/data/<C>/<indexID>/<v1>/<v2>…[/<docID as string value>]`. */
export function buildIndexKey(col: number, indexId: number, fields: readonly IndexKeyField[], docID?: string): Uint8Array {
  const w = keyWriter.reset();
  w.raw(indexPrefix(col, indexId));
  fields.forEach((f, i) => {
    if (i > 0) w.byte(0x2f);
    writeIndexValue(w, f.kind, f.value, f.descending);
  });
  if (docID !== undefined) { w.byte(0x2f); writeString(w, docID); }
  return w.finish();
}

/** A decoded index value: ints (number|bigint), floats, strings, booleans, null, time, JSON leaf. */
export type IndexValue = null | boolean | number | bigint | string | { unixSeconds: number; nanos: number } | JsonLeaf;

function readBytes(b: Uint8Array, off: number): [Uint8Array, number] {
  const desc = b[off] === Marker.bytesDesc;
  const out: number[] = [];
  let i = off + 1;
  for (;;) {
    if (i >= b.length) throw new IndexEncodingError('did not find terminator');
    const x = desc ? ~b[i] & 0xff : b[i];
    if (x === ESCAPE) {
      const y = desc ? ~b[i + 1] & 0xff : b[i + 1];
      if (y === ESCAPED_TERM) return [Uint8Array.from(out), i + 2];
      if (y !== ESCAPED_FF) throw new IndexEncodingError('unknown escape sequence');
      out.push(0); i += 2;
    } else { out.push(x); i++; }
  }
}

function readFloat(b: Uint8Array, off: number, width: 8 | 4, desc: boolean): [number, number] {
  const m = b[off];
  const base = width === 8 ? Marker.floatNaN : Marker.float32NaN;
  const rel = m - base;
  if (rel === 0 || rel === 4) return [NaN, off + 1];
  if (rel === 2) return [0, off + 1];
  for (let i = 0; i < width; i++) dv.setUint8(i, rel === 1 ? ~b[off + 1 + i] & 0xff : b[off + 1 + i]);
  const f = width === 8 ? dv.getFloat64(0) : dv.getFloat32(0);
  return [desc ? -f : f, off + 1 + width];
}

/** Decode one index value at `off`; returns [value, next offset]. */
export function readIndexValue(b: Uint8Array, off: number, desc = false): [IndexValue, number] {
  const m = b[off];
  if (m === Marker.null || m === Marker.nullDesc) return [null, off + 1];
  if (m === Marker.bytes || m === Marker.bytesDesc) { const [x, n] = readBytes(b, off); return [textDecoder.decode(x), n]; }
  if (m >= INT_MIN && m <= INT_MAX) return desc ? decodeVarintDescending(b, off) : decodeVarintAscending(b, off);
  if (m >= Marker.floatNaN && m <= Marker.floatNaNDesc) return readFloat(b, off, 8, desc);
  if (m >= Marker.float32NaN && m <= Marker.float32NaNDesc) return readFloat(b, off, 4, desc);
  if (m === Marker.false || m === Marker.true) return [(m === Marker.true) !== desc, off + 1];
  if (m === Marker.time) {
    let [s, o] = decodeVarintAscending(b, off + 1);
    let [ns, o2] = decodeVarintAscending(b, o);
    if (desc) { s = ~BigInt(s); ns = ~BigInt(ns); }
    return [{ unixSeconds: Number(s), nanos: Number(ns) }, o2];
  }
  if (m === Marker.json) {
    const path: (string | 0)[] = [];
    let o = off + 1;
    while (b[o] !== ESCAPED_TERM) {
      if (b[o] === Marker.bytes) { const [p, n] = readBytes(b, o); path.push(textDecoder.decode(p)); o = n; }
      else { o = decodeVarintAscending(b, o)[1]; path.push(0); }
    }
    if (b[o + 1] !== 0x2f) throw new IndexEncodingError('missing JSON value separator');
    const [leaf, n] = readIndexValue(b, o + 2, desc);
    return [{ path, value: leaf as JsonLeaf['value'] }, n];
  }
  throw new IndexEncodingError(`unknown marker ${m}`);
}

/** Parse an index key back into its field values and optional trailing docID. */
export function parseIndexKey(key: Uint8Array, col: number, indexId: number, descending: readonly boolean[], hasDocId: boolean): { values: IndexValue[]; docID?: string } {
  let o = indexPrefix(col, indexId).length;
  const values: IndexValue[] = [];
  for (let i = 0; i < descending.length; i++) {
    if (i > 0) { if (key[o] !== 0x2f) throw new IndexEncodingError('missing separator'); o++; }
    const [v, n] = readIndexValue(key, o, descending[i]);
    values.push(v); o = n;
  }
  if (!hasDocId) return { values };
  if (key[o] !== 0x2f) throw new IndexEncodingError('missing docID');
  const [d] = readIndexValue(key, o + 1);
  return { values, docID: d as string };
}
