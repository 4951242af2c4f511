// Document composite CRDT (datamodel.md §3.5). Active merge: record the schema version under
// `/v/<docID>/v` (or `/d/…` once deleted — a remote update never undeletes) and set the pk marker
// if missing. Deleted merge: pk → 0xfe and every `/v/<docID>…` key moves to `/d/`.

import type { KVWriter, KVReader } from '../../store/index.ts';
import { utf8 } from '../../util/index.ts';
import { DocStatus, type CompositeDelta, type Delta } from '../block.ts';
import {
  dataKey, dataDocPrefix, docHeadPrefix, pkKey, collectionDataPrefix, buildKey,
  VERSION_FIELD_ID, COMPOSITE_HEAD_FIELD, DELETED_OBJECT_MARKER, OBJECT_MARKER_BYTES, DELETED_OBJECT_MARKER_BYTES,
} from '../keys.ts';
import type { MerkleCrdt } from './crdt.ts';
import { ErrUnexpectedDelta } from './lww.ts';

export interface CompositeTarget { colShortId: number; docID: string; schemaVersionID: string }

/** pk marker state of a document: undefined (never created), 'active' or 'deleted'. */
export function docStatus(kv: KVReader, col: number, docID: string): 'active' | 'deleted' | undefined {
  const m = kv.get(pkKey(col, docID));
  if (!m) return undefined;
  return m[0] === DELETED_OBJECT_MARKER ? 'deleted' : 'active';
}

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
    if (delta.status === DocStatus.Deleted) {
      kv.put(pkKey(col, docID), DELETED_OBJECT_MARKER_BYTES);
      moveToDeleted(kv, col, docID);
      return;
    }
    const status = docStatus(kv, col, docID);
    kv.put(dataKey(col, status === 'deleted' ? 'd' : 'v', docID, VERSION_FIELD_ID), utf8(delta.schemaVersionID));
    if (status === undefined) kv.put(pkKey(col, docID), OBJECT_MARKER_BYTES);
  }
}

/** Move every `/<C>/v/<docID>…` key to the same key under `/d/` (priorities stay). */
export function moveToDeleted(kv: KVWriter, col: number, docID: string): void {
  const prefix = dataDocPrefix(col, 'v', docID);
  const entries = [...kv.iterate({ prefix })];
  const instOffset = collectionDataPrefix(col).length + 1;
  for (const { key, value } of entries) {
    const next = buildKey(key);
    next[instOffset] = 0x64; // 'd'
    kv.put(next, value);
    kv.delete(key);
  }
}
