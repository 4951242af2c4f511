// Per-request execution state: the source, the model, and join indexes built lazily (one scan of
// the child collection per relation per request, instead of one scan per parent document).

import type { CollectionModel, Model, RelationField } from '../model/collection-model.ts';
import type { FilterEnv } from '../filter/compile-filter.ts';
import type { QuerySource, SourceDoc } from '../source.ts';
import { joinSourceDocs } from './index-docs.ts';
import type { ExecTrace } from './exec-trace.ts';


export class ExecContext implements FilterEnv {
  readonly source: QuerySource;
  readonly model: Model;
  /** Set for `@explain(type: execute)` only: what the selects read. */
  trace: ExecTrace | undefined = undefined;
  readonly #joins = new Map<string, Map<string, SourceDoc[]>>();

  constructor(source: QuerySource, model: Model) {
    this.source = source;
    this.model = model;
  }

  collection(name: string): CollectionModel {
    const c = this.model.byName.get(name);
    if (!c) throw new Error(`collection not found: ${name}`);
    return c;
  }

  related(coll: CollectionModel, field: RelationField, doc: SourceDoc): readonly SourceDoc[] {
    if (field.isPrimary) {
      const id = doc.fields[`${field.name}_id`];
      if (typeof id !== 'string') return [];
      const d = this.source.get(field.target, id);
      return d ? [d] : [];
    }
    if (!field.counterpart) return [];
    return this.joinIndex(field.target, `${field.counterpart}_id`).get(doc.docID) ?? [];
  }

  /** Documents of `collection` grouped by the value of their link field `idField`. */
  joinIndex(collection: string, idField: string): Map<string, SourceDoc[]> {
    const key = `${collection}\u0000${idField}`;
    let idx = this.#joins.get(key);
    if (idx) return idx;
    idx = new Map();
    for (const d of joinSourceDocs(this.source, this.model, collection, idField)) {
      const id = d.fields[idField];
      if (typeof id !== 'string') continue;
      const list = idx.get(id);
      if (list) list.push(d);
      else idx.set(id, [d]);
    }
    this.#joins.set(key, idx);
    return idx;
  }

  /** Drops join indexes after a mutation changed the data. */
  invalidate(): void {
    this.#joins.clear();
  }
}
