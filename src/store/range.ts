// IterateOptions → one normalized [start, end) range. A prefix narrows the bounds; an empty
// result (start >= end) is reported so backends need not special-case it.
import { compareBytes, prefixEnd } from '../util/index.ts';
import type { IterateOptions } from './kv.ts';

export interface KeyRange {
  /** Inclusive lower bound. */
  start: Uint8Array | undefined;
  /** Exclusive upper bound. */
  end: Uint8Array | undefined;
  reverse: boolean;
  /** Maximum entries; Infinity when unlimited. */
  limit: number;
  keysOnly: boolean;
  /** True when no key can fall in the range. */
  empty: boolean;
}

export function toKeyRange(opts: IterateOptions = {}): KeyRange {
  let start = opts.start;
  let end = opts.end;
  if (opts.prefix && opts.prefix.length > 0) {
    if (!start || compareBytes(opts.prefix, start) > 0) start = opts.prefix;
    const pe = prefixEnd(opts.prefix);
    if (pe && (!end || compareBytes(pe, end) < 0)) end = pe;
  }
  if (start && start.length === 0) start = undefined;
  const limit = opts.limit === undefined || opts.limit < 0 ? Infinity : opts.limit;
  const empty = limit === 0 || (start !== undefined && end !== undefined && compareBytes(start, end) >= 0);
  return { start, end, reverse: opts.reverse === true, limit, keysOnly: opts.keysOnly === true, empty };
}
