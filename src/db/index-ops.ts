// createIndex / dropIndex: the description lives on the collection version; entries for the
// existing documents are written (or removed) in the same transaction.

import type { CollectionDefinition, IndexCreateRequest, IndexDescription } from '../client/index.ts';
import { generateIndexName } from '../schema/index.ts';
import { indexPrefix } from '../core/index.ts';
import type { TxnContext } from './context.ts';
import { scanDocs } from './doc-store.ts';
import { ErrFieldNotExist, ErrIndexMissingFields, ErrIndexNotFound, ErrIndexWithNameExists } from './errors.ts';
import { addToIndex, indexedField } from './index-maintenance.ts';
import { catalogOf, collectionShortId, currentDefinition, saveCollectionVersion } from './schema-ops.ts';

export function createIndex(ctx: TxnContext, snapshot: CollectionDefinition, req: IndexCreateRequest): IndexDescription {
  const def = currentDefinition(ctx, snapshot);
  if (!req.Fields?.length) throw ErrIndexMissingFields();
  for (const f of req.Fields) {
    if (!indexedField(def, f.Name)) throw ErrFieldNotExist({ Name: f.Name });
  }
  const existing = def.version.Indexes ?? [];
  if (req.Name && existing.some((i) => i.Name === req.Name)) throw ErrIndexWithNameExists({ Name: req.Name });
  const fields = req.Fields.map((f) => ({ Name: f.Name, Descending: f.Descending ?? false }));
  const desc: IndexDescription = {
    Name: req.Name || generateIndexName(def.version.Name, fields, new Set(existing.map((i) => i.Name))),
    ID: catalogOf(ctx).nextIndexID(def.version.CollectionID),
    Fields: fields,
    Unique: req.Unique ?? false,
  };
  const col = collectionShortId(ctx, def);
  for (const doc of scanDocs(ctx, def, false)) addToIndex(ctx, col, def, desc, doc);
  saveCollectionVersion(ctx, { ...def.version, Indexes: [...existing, desc] });
  return desc;
}

export function dropIndex(ctx: TxnContext, snapshot: CollectionDefinition, name: string): void {
  const def = currentDefinition(ctx, snapshot);
  const existing = def.version.Indexes ?? [];
  const index = existing.find((i) => i.Name === name);
  if (!index) throw ErrIndexNotFound({ Name: name });
  const prefix = indexPrefix(collectionShortId(ctx, def), index.ID);
  const keys = [...ctx.kv.iterate({ prefix, keysOnly: true })].map((e) => e.key);
  for (const k of keys) ctx.kv.delete(k);
  saveCollectionVersion(ctx, { ...def.version, Indexes: existing.filter((i) => i !== index) });
}
