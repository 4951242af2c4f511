// Relation rules on write: a one-to-one relation rejects a second document linking to the same
// target (DefraDB's validateOneToOneLinkDoesntAlreadyExist).

import type { CollectionDefinition } from '../client/index.ts';
import { isRelationKind } from '../client/index.ts';
import type { TxnContext } from './context.ts';
import type { FieldWrite } from './doc-build.ts';
import { fieldTable } from './doc-build.ts';
import { scanDocs } from './doc-store.ts';
import { ErrOneOneAlreadyLinked } from './errors.ts';
import { loadDefinitions } from './schema-ops.ts';

/** True when the relation named on `def`'s object field is one-to-one (the other side is not a list). */
export function isOneToOne(ctx: TxnContext, def: CollectionDefinition, objectField: string): boolean {
  const field = def.version.Fields?.find((f) => f.Name === objectField);
  if (!field?.RelationName) return false;
  for (const other of loadDefinitions(ctx)) {
    for (const f of other.version.Fields ?? []) {
      if (f.RelationName !== field.RelationName || !isRelationKind(f.Kind)) continue;
      if (other.version.Name === def.version.Name && f.Name === objectField) continue;
      return !f.Kind.Array;
    }
  }
  return false;
}

export function checkOneToOneLinks(ctx: TxnContext, def: CollectionDefinition, docID: string, writes: readonly FieldWrite[]): void {
  const t = fieldTable(def);
  for (const w of writes) {
    if (w.value === null || !w.field.Name.endsWith('_id')) continue;
    const objectField = w.field.Name.slice(0, -3);
    if (!t.primaryRelations.has(objectField) || !isOneToOne(ctx, def, objectField)) continue;
    for (const doc of scanDocs(ctx, def, false)) {
      if (doc.docID !== docID && doc.fields[w.field.Name] === w.value) {
        throw ErrOneOneAlreadyLinked({ DocID: doc.docID });
      }
    }
  }
}
