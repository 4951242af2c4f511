// Which stored fields of a document a filter reads, when it reads nothing else: lets a scan
// decode just those fields, test the filter, and decode the rest only for documents that pass.

import type { CollectionModel } from '../model/collection-model.ts';
import type { Filter } from '../request/request-tree.ts';

export interface FilterReads {
  /** Own stored fields the filter reads. */
  fields: string[];
  /** Whether it reads the document's ID (`_docID`). */
  docID: boolean;
}

/**
 * What `filter` reads of a document, or undefined when it also needs related documents, the
 * rendered row (`_alias`), or no stored field at all (nothing to save by decoding less).
 */
export function ownFilterFields(filter: Filter | undefined | null, coll: CollectionModel): FilterReads | undefined {
  if (!filter) return undefined;
  const out = new Set<string>();
  const reads = { docID: false };
  return collect(filter, coll, out, reads) && out.size > 0 ? { fields: [...out], docID: reads.docID } : undefined;
}

function collect(filter: Filter, coll: CollectionModel, out: Set<string>, reads: { docID: boolean }): boolean {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) return false;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null && (key === '_and' || key === '_or' || key === '_not' || key === '_docID')) continue;
    if (key === '_and' || key === '_or') {
      if (!Array.isArray(value)) return false;
      for (const f of value) if (!collect((f ?? {}) as Filter, coll, out, reads)) return false;
    } else if (key === '_not') {
      if (!collect(value as Filter, coll, out, reads)) return false;
    } else if (key === '_docID') {
      reads.docID = true;
    } else {
      const field = coll.byName.get(key);
      if (!field) continue; // ignored by the compiled filter too
      if (field.kind !== 'scalar') return false;
      // a `<rel>_id` of the non-primary side is answered through the related document
      const rel = field.idOf ? coll.byName.get(field.idOf) : undefined;
      if (rel && rel.kind === 'relation' && !rel.isPrimary) return false;
      out.add(key);
    }
  }
  return true;
}
