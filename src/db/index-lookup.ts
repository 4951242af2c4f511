// Secondary-index probes for the query engine: for each combination of the probed values of the
// leading fields, scan the key range under that prefix. Later fields are not narrowed here (the
// engine still applies the full filter), so the result may be a superset, in index order.

import type { CollectionDefinition, ScalarKind } from '../client/index.ts';
import { buildIndexKey, fromAscii, normalizeFieldValue } from '../core/index.ts';
import type { IndexKeyField } from '../core/index.ts';
import type { IndexProbe } from '../query/index.ts';
import { concatBytes, fromUtf8 } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { indexedField } from './index-maintenance.ts';
import { collectionShortId } from './schema-ops.ts';

const SLASH = Uint8Array.of(0x2f);

/** The docID of an index entry: the value of a unique key, else the key's trailing string. */
function entryDocID(key: Uint8Array, value: Uint8Array): string {
  if (value.length > 0) return fromUtf8(value);
  return fromAscii(key, key.length - 42, key.length - 2);
}

export function* lookupIndex(ctx: TxnContext, def: CollectionDefinition, probe: IndexProbe): Generator<string> {
  const col = collectionShortId(ctx, def);
  const fields: { kind: ScalarKind; values: readonly unknown[]; descending: boolean }[] = [];
  for (let i = 0; i < probe.index.Fields.length; i++) {
    const values = probe.values[i];
    const field = indexedField(def, probe.index.Fields[i].Name);
    if (values === undefined || !field) break;
    fields.push({ kind: field.Kind as ScalarKind, values, descending: probe.index.Fields[i].Descending });
  }
  let combos: IndexKeyField[][] = [[]];
  for (const f of fields) {
    combos = combos.flatMap((c) => f.values.map((v) => [...c, { kind: f.kind, value: normalizeFieldValue(f.kind, v), descending: f.descending }]));
  }
  const seen = new Set<string>();
  for (const combo of combos) {
    const base = buildIndexKey(col, probe.index.ID, combo);
    const exact = ctx.kv.get(base);
    const entries = exact !== undefined ? [{ key: base, value: exact }] : [];
    const prefix = combo.length ? concatBytes(base, SLASH) : base;
    for (const e of [...entries, ...ctx.kv.iterate({ prefix })]) {
      const id = entryDocID(e.key, e.value);
      if (seen.has(id)) continue;
      seen.add(id);
      yield id;
    }
  }
}
