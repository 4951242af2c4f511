// P and PN counters (datamodel.md §3.4): a delta is an increment; merge adds it to the stored
// total whatever the priority. Totals use fxamacker *default* encoding (float64 always `fb`).
// Int totals wrap at int64; float totals follow IEEE addition (overflow gives ±Inf, as in Go).

import { DefraError, FieldKind, type ScalarKind } from '../../client/index.ts';
import type { KVWriter } from '../../store/index.ts';
import type { CounterDelta, Delta } from '../block.ts';
import { docHeadPrefix } from '../keys.ts';
import { loadRecord, saveRecord } from '../doc-record.ts';
import { encodeDefaultNumber } from '../canonical-cbor.ts';
import { decodeCbor } from '../cbor-decoder.ts';
import type { MerkleCrdt } from './crdt.ts';
import { ErrUnexpectedDelta, type FieldCrdtTarget } from './lww.ts';

export const ErrNegativeValue = () => new DefraError('negative-value', 'value cannot be negative');
export const ErrCounterKind = (kind: number) => new DefraError('counter-kind', 'unsupported counter field kind', { Kind: kind });

/** A random int64 nonce in [0, 2^63-1) for update-time counter blocks. */
export function randomNonce(): bigint {
  const b = new BigUint64Array(1);
  crypto.getRandomValues(b);
  return b[0] % (2n ** 63n - 1n);
}

export interface CounterTarget extends FieldCrdtTarget {
  kind: ScalarKind;
  /** PN counter: true; P counter: false (rejects negative increments). */
  allowDecrement: boolean;
}

type Num = number | bigint;
const toNum = (x: unknown): Num => (typeof x === 'number' || typeof x === 'bigint' ? x : 0);

export class Counter implements MerkleCrdt {
  readonly target: CounterTarget;
  readonly headPrefix: Uint8Array;

  constructor(target: CounterTarget) {
    if (target.kind !== FieldKind.Int && target.kind !== FieldKind.Float64 && target.kind !== FieldKind.Float32) throw ErrCounterKind(target.kind);
    this.target = target;
    this.headPrefix = docHeadPrefix(target.docID, target.fieldId);
  }

  /** Check an increment (the normalised value) before building a delta. */
  validateIncrement(v: Num): void {
    if (!this.target.allowDecrement && v < 0) throw ErrNegativeValue();
  }

  /** Delta for an increment; `data` is its canonical CBOR; nonce 0 on create, random on update. */
  delta(data: Uint8Array, nonce: Num): CounterDelta {
    const t = this.target;
    return { kind: 'counter', docID: t.docID, fieldName: t.fieldName, priority: 0, nonce, schemaVersionID: t.schemaVersionID, data };
  }

  merge(kv: KVWriter, delta: Delta): void {
    if (delta.kind !== 'counter') throw ErrUnexpectedDelta(delta.kind);
    const inc = toNum(decodeCbor(delta.data));
    if (!this.target.allowDecrement && inc < 0) throw ErrNegativeValue();
    const { colShortId: col, docID, fieldId } = this.target;
    const { record, status } = loadRecord(kv, col, docID);
    const curBytes = record.fields.get(fieldId)?.data;
    const cur = curBytes && curBytes.length > 0 ? toNum(decodeCbor(curBytes)) : 0;
    let total: Uint8Array;
    if (this.target.kind === FieldKind.Int) {
      total = encodeDefaultNumber(BigInt.asIntN(64, BigInt(cur) + BigInt(inc)), 'int');
    } else {
      const sum = Number(cur) + Number(inc);
      const f = this.target.kind === FieldKind.Float32 ? Math.fround(sum) : sum;
      total = encodeDefaultNumber(f, this.target.kind === FieldKind.Float32 ? 'float32' : 'float64');
    }
    record.fields.set(fieldId, { priority: delta.priority, data: total });
    saveRecord(kv, col, docID, record, status ?? 'active', status);
  }
}
