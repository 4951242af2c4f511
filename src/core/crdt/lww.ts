// Last-writer-wins register (datamodel.md §3.3): higher priority wins; on equal priority the
// lexicographically greater CBOR bytes win; a CBOR null deletes the value key.

import { DefraError } from '../../client/index.ts';
import type { KVWriter, KVReader } from '../../store/index.ts';
import { compareBytes } from '../../util/index.ts';
import type { Delta, LwwDelta } from '../block.ts';
import { dataKey, docHeadPrefix, type DataInstance } from '../keys.ts';
import { encodeLeb128, decodeLeb128 } from '../varint.ts';
import { CBOR_NULL, isCborNull } from '../field-values.ts';
import type { MerkleCrdt } from './crdt.ts';

export interface FieldCrdtTarget {
  colShortId: number;
  docID: string;
  fieldId: number;
  fieldName: string;
  schemaVersionID: string;
  /** Where the value lives: `v` normally, `d` for a deleted document. */
  instance?: DataInstance;
}

export const readPriority = (kv: KVReader, col: number, docID: string, fieldId: number): number => {
  const p = kv.get(dataKey(col, 'p', docID, fieldId));
  return p ? decodeLeb128(p) : 0;
};

export const ErrUnexpectedDelta = (kind: string) => new DefraError('unexpected-delta', 'unexpected delta type', { Type: kind });

export class LwwRegister implements MerkleCrdt {
  readonly target: FieldCrdtTarget;
  readonly headPrefix: Uint8Array;
  private readonly valueKey: Uint8Array;
  private readonly priorityKey: Uint8Array;

  constructor(target: FieldCrdtTarget) {
    this.target = target;
    this.headPrefix = docHeadPrefix(target.docID, target.fieldId);
    this.valueKey = dataKey(target.colShortId, target.instance ?? 'v', target.docID, target.fieldId);
    this.priorityKey = dataKey(target.colShortId, 'p', target.docID, target.fieldId);
  }

  /** A new delta carrying `data` (canonical CBOR of the value); the clock sets the priority. */
  delta(data: Uint8Array): LwwDelta {
    const t = this.target;
    return { kind: 'lww', docID: t.docID, fieldName: t.fieldName, priority: 0, schemaVersionID: t.schemaVersionID, data };
  }

  merge(kv: KVWriter, delta: Delta): void {
    if (delta.kind !== 'lww') throw ErrUnexpectedDelta(delta.kind);
    const p = kv.get(this.priorityKey);
    const cur = p ? decodeLeb128(p) : 0;
    if (delta.priority < cur) return;
    if (delta.priority === cur) {
      // An absent value means the field was set to null: compare against CBOR null (f6) so the
      // winner of a null-vs-value tie does not depend on arrival order.
      const curValue = kv.get(this.valueKey) ?? CBOR_NULL;
      const incoming = delta.data.length === 0 ? CBOR_NULL : delta.data;
      if (compareBytes(curValue, incoming) >= 0) return;
    }
    if (isCborNull(delta.data) || delta.data.length === 0) kv.delete(this.valueKey);
    else kv.put(this.valueKey, delta.data);
    kv.put(this.priorityKey, encodeLeb128(delta.priority));
  }
}
