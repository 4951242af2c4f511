// Subscriptions (dql.md §9): the request is parsed and checked once; afterwards, for every
// committed change the caller reports (docID + composite CID), the selection is re-run for that
// one document at that commit. Only the first root field and only its `filter` are honoured, as
// DefraDB's `ObjectSubscription.ToSelect`.

import type { GQLResult } from '../client/index.ts';
import { ExecContext } from './exec/exec-context.ts';
import { rootDocs } from './exec/run-root.ts';
import { runSelect } from './exec/select.ts';
import type { Model } from './model/collection-model.ts';
import type { SelectNode } from './request/request-tree.ts';
import type { QuerySource } from './source.ts';

export class Subscription {
  readonly #select: SelectNode;
  readonly #model: Model;

  constructor(select: SelectNode, model: Model) {
    this.#select = select;
    this.#model = model;
  }

  /** The watched collection's name. */
  get collection(): string { return this.#select.collection; }

  /**
   * The result for one committed change of `docID` (the composite head `cid` it produced), or
   * undefined when the filter excludes the document there.
   */
  async resultFor(source: QuerySource, docID: string, cid: string): Promise<GQLResult | undefined> {
    const s = this.#select;
    const sel: SelectNode = {
      ...s, docIDs: [docID], cid, showDeleted: false,
      order: [], limit: undefined, offset: undefined, groupBy: undefined,
    };
    try {
      const ctx = new ExecContext(source, this.#model);
      const rows = runSelect(ctx, await rootDocs(ctx, sel), sel);
      if (rows.length === 0) return undefined;
      return { data: { [s.key]: rows } };
    } catch (e) {
      return { data: null, errors: [{ message: e instanceof Error ? e.message : String(e) }] };
    }
  }
}
