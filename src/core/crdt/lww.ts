// Last-writer-wins register (datamodel.md §3.3): higher priority wins; on equal priority the
// lexicographically greater CBOR bytes win; a CBOR null empties the value (the priority stays).

import { DefraError } from '../../client/index.ts';
import type { KVWriter, KVReader } from '../../store/index.ts';
import { compareBytes } from '../../util/index.ts';
import type { Delta, LwwDelta } from '../block.ts';
import { docHeadPrefix } from '../keys.ts';
import { loadRecord, saveRecord } from '../doc-record.ts';
import { CBOR_NULL, isCborNull } from '../field-values.ts';
import type { MerkleCrdt } from './crdt.ts';

export interface FieldCrdtTarget {
  colShortId: number;
  docID: string;
  fieldId: number;
  fieldName: string;
  schemaVersionID: string;
}

const EMPTY = new Uint8Array(0);

export const ErrUnexpectedDelta = (kind: string) => new DefraError('unexpected-delta', 'unexpected delta type', { Type: kind });

export class LwwRegister implements MerkleCrdt {
  readonly target: FieldCrdtTarget;
  readonly headPrefix: Uint8Array;

  constructor(target: FieldCrdtTarget) {
    this.target = target;
    this.headPrefix = docHeadPrefix(target.docID, target.fieldId);
  }

  /** A new delta carrying `data` (canonical CBOR of the value); the clock sets the priority. */
  delta(data: Uint8Array): LwwDelta {
    const t = this.target;
    return { kind: 'lww', docID: t.docID, fieldName: t.fieldName, priority: 0, schemaVersionID: t.schemaVersionID, data };
  }

  merge(kv: KVWriter, delta: Delta): void {
    if (delta.kind !== 'lww') throw ErrUnexpectedDelta(delta.kind);
    const { colShortId: col, docID, fieldId } = this.target;
    const { record, status } = loadRecord(kv, col, docID);
    const slot = record.fields.get(fieldId);
    const cur = slot?.priority ?? 0;
    if (delta.priority < cur) return;
    if (delta.priority === cur) {
      // An empty value means the field was set to null: compare against CBOR null (f6) so the
      // winner of a null-vs-value tie does not depend on arrival order.
      const curValue = slot && slot.data.length > 0 ? slot.data : CBOR_NULL;
      const incoming = delta.data.length === 0 ? CBOR_NULL : delta.data;
      if (compareBytes(curValue, incoming) >= 0) return;
    }
    const data = isCborNull(delta.data) ? EMPTY : delta.data;
    record.fields.set(fieldId, { priority: delta.priority, data });
    saveRecord(kv, col, docID, record, status ?? 'active', status);
  }
}
