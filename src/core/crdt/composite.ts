// Document composite CRDT (datamodel.md §3.5). Active merge: record the schema version in the
// document's record (wherever it is — a remote update never undeletes; a new document becomes
// active). Deleted merge: the record moves to the deleted place, version unchanged.

import type { KVWriter } from '../../store/index.ts';
import { DocStatus, type CompositeDelta, type Delta } from '../block.ts';
import { docHeadPrefix, COMPOSITE_HEAD_FIELD } from '../keys.ts';
import { loadRecord, saveRecord } from '../doc-record.ts';
import type { MerkleCrdt } from './crdt.ts';
import { ErrUnexpectedDelta } from './lww.ts';

export interface CompositeTarget { colShortId: number; docID: string; schemaVersionID: string }

export class CompositeCrdt implements MerkleCrdt {
  readonly target: CompositeTarget;
  readonly headPrefix: Uint8Array;

  constructor(target: CompositeTarget) {
    this.target = target;
    this.headPrefix = docHeadPrefix(target.docID, COMPOSITE_HEAD_FIELD);
  }

  delta(status: DocStatus = DocStatus.Active): CompositeDelta {
    const t = this.target;
    return { kind: 'composite', docID: t.docID, priority: 0, schemaVersionID: t.schemaVersionID, status };
  }

  merge(kv: KVWriter, delta: Delta): void {
    if (delta.kind !== 'composite') throw ErrUnexpectedDelta(delta.kind);
    const { colShortId: col, docID } = this.target;
    const { record, status } = loadRecord(kv, col, docID);
    if (delta.status === DocStatus.Deleted) {
      if (status !== 'deleted') saveRecord(kv, col, docID, record, 'deleted', status);
      return;
    }
    record.version = delta.schemaVersionID;
    saveRecord(kv, col, docID, record, status ?? 'active', status);
  }
}
