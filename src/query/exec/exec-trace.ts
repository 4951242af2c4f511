// What execution read, recorded only for `@explain(type: execute)`: per select (keyed by its
// request node) the documents its scan fetched, those its filter kept, whether the scan ran to
// its end, and the rows the select produced. Explain derives every node counter from this one place.

import type { SourceDoc } from '../source.ts';

export interface SelectTrace {
  /** Documents read by the scan, in scan order (filtered-out ones included). */
  readonly fetched: SourceDoc[];
  /** Documents that passed the filter. */
  readonly matched: SourceDoc[];
  /** Times the scan was pulled until it reported its end (not stopped early by a limit). */
  ends: number;
  /** Rows the select handed to its parent (after grouping, ordering and paging). */
  rows: number;
  /** Number of groups, for `groupBy` selects. */
  groups: number;
}

export class ExecTrace {
  readonly #selects = new Map<object, SelectTrace>();
  /** Root results' sizes (commits), keyed by request node. */
  readonly sizes = new Map<object, number>();

  select(ref: object): SelectTrace {
    let t = this.#selects.get(ref);
    if (!t) {
      t = { fetched: [], matched: [], ends: 0, rows: 0, groups: 0 };
      this.#selects.set(ref, t);
    }
    return t;
  }

  peek(ref: object | undefined): SelectTrace | undefined {
    return ref ? this.#selects.get(ref) : undefined;
  }
}

/** Stored field values of a document: what DefraDB's fetcher reads one key each. */
export function storedFieldCount(d: SourceDoc): number {
  let n = 0;
  for (const k in d.fields) if (d.fields[k] !== undefined) n++;
  return n;
}
