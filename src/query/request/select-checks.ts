// Request-level checks DefraDB's planner makes on a select before running it: one field per
// order object, `_alias` targets that exist, `_group` only under `groupBy`, and only group-by
// fields selected at group level.

import { aliasNames } from '../filter/compile-filter.ts';
import type { CollectionModel } from '../model/collection-model.ts';
import type { SelectNode } from './request-tree.ts';
import {
  ErrFieldOrAliasNotFound, ErrGroupOutsideGroupBy, ErrInvalidGroupByField, ErrInvalidOrderDirection, ErrInvalidOrderInput,
  ErrMultipleOrderFields, ErrNonGroupFieldSelected,
} from './request-errors.ts';

export function checkSelect(sel: SelectNode, rawOrder: unknown, coll?: CollectionModel): void {
  const keys = new Set(sel.fields.map((s) => s.key));
  const list = rawOrder === undefined || rawOrder === null ? [] : Array.isArray(rawOrder) ? rawOrder : [rawOrder];
  for (const o of list) {
    if (o === null || typeof o !== 'object') continue;
    const entries = Object.entries(o as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    if (entries.length > 1) throw ErrMultipleOrderFields();
    const alias = (o as Record<string, unknown>)['_alias'];
    if (alias === undefined || alias === null) continue;
    if (typeof alias !== 'object' || Array.isArray(alias)) throw ErrInvalidOrderInput();
    for (const [name, dir] of Object.entries(alias)) {
      if (!keys.has(name)) throw ErrFieldOrAliasNotFound(name);
      // a nested object orders by a field of an aliased relation (`{writer: {age: ASC}}`)
      const nested = dir !== null && typeof dir === 'object' && !Array.isArray(dir);
      if (!nested && dir !== 'ASC' && dir !== 'DESC') throw ErrInvalidOrderDirection();
    }
  }
  for (const name of aliasNames(sel.filter)) if (!keys.has(name)) throw ErrFieldOrAliasNotFound(name);
  const by = sel.groupBy;
  if (!by) {
    const groupAgg = sel.fields.some((s) => s.kind === 'Aggregate' && s.sources.some((x) => x.name === '_group'));
    if (groupAgg) throw ErrGroupOutsideGroupBy();
    return;
  }
  for (const name of by) {
    const f = coll?.byName.get(name);
    if (f?.kind === 'relation' && f.isArray) throw ErrInvalidGroupByField(name);
  }
  for (const s of sel.fields) {
    if (s.kind !== 'Field') continue;
    const n = s.name;
    const ok = by.includes(n) || (n.endsWith('_id') && by.includes(n.slice(0, -3))) || by.includes(`${n}_id`);
    if (!ok) throw ErrNonGroupFieldSelected();
  }
}
