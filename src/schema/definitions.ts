// Intermediate SDL types → SchemaDescription + CollectionVersion drafts (relation kinds still
// NamedKind, IDs empty). Field order and relation wiring follow collection.go: `_docID` first,
// names sorted bytewise, then finalizeRelations appends one-sided / many-side object fields and
// inserts `<field>_id` right after each.

import { CType, FieldKind, isRelationKind } from '../client/index.ts';
import type {
  CollectionFieldDescription, CollectionVersion, IndexDescription, SchemaDescription, SchemaFieldDescription,
} from '../client/index.ts';
import type { SdlIndex, SdlType } from './sdl-parse.ts';
import { isNamedKind } from './sdl-parse.ts';

export interface DraftDefinition {
  schema: SchemaDescription;
  version: CollectionVersion;
  /** Declared with `interface`: a schema without a collection of its own. */
  embedded: boolean;
}

export const DOC_ID_FIELD = '_docID';

/** Go's sort with `_docID` pinned first; plain byte order otherwise (names are ASCII). */
export function byFieldName(a: { Name: string }, b: { Name: string }): number {
  if (a.Name === b.Name) return 0;
  if (a.Name === DOC_ID_FIELD) return -1;
  if (b.Name === DOC_ID_FIELD) return 1;
  return a.Name < b.Name ? -1 : 1;
}

/** Default relation name: both type names lower-cased, sorted, joined with `_`. */
export function genRelationName(t1: string, t2: string): string {
  const a = t1.toLowerCase();
  const b = t2.toLowerCase();
  return a < b ? `${a}_${b}` : `${b}_${a}`;
}

export const emptyCollectionVersion = (name: string): CollectionVersion => ({
  Name: name, VersionID: '', CollectionID: '', Sources: [], Fields: [], Indexes: [], Policy: null,
  IsActive: true, IsMaterialized: true, IsBranchable: false, IsEmbeddedOnly: false, VectorEmbeddings: [],
});

const collectionField = (Name: string, extra: Partial<CollectionFieldDescription> = {}): CollectionFieldDescription => ({
  Name, Kind: null, RelationName: null, DefaultValue: null, Size: 0, ...extra,
});

/** DefraDB's generated index name: `<Collection>_<field>_<ASC|DESC>…`, `_<n>` on a clash. */
export function generateIndexName(collection: string, fields: IndexDescription['Fields'], taken: Set<string>): string {
  // DefraDB names an index after its first field only, always "ASC" (whatever the direction)
  const base = `${collection}_${fields[0]?.Name ?? ''}_ASC`;
  let name = base;
  for (let inc = 2; taken.has(name); inc++) name = `${base}_${inc}`;
  return name;
}

/** Names and IDs (1, 2, … in declaration order: field-level first, then type-level). */
export function assignIndexes(collection: string, indexes: SdlIndex[], firstID = 1, existing: IndexDescription[] = []): IndexDescription[] {
  const taken = new Set(existing.map((i) => i.Name).concat(indexes.map((i) => i.Name).filter((n) => n !== '')));
  return indexes.map((idx, i) => {
    const Name = idx.Name !== '' ? idx.Name : generateIndexName(collection, idx.Fields, taken);
    taken.add(Name);
    return { Name, ID: firstID + i, Fields: idx.Fields.map((f) => ({ ...f })), Unique: idx.Unique };
  });
}

function collectionDraft(t: SdlType): DraftDefinition {
  const schemaFields: SchemaFieldDescription[] = [{ Name: DOC_ID_FIELD, Kind: FieldKind.DocID, Typ: CType.None }];
  const colFields: CollectionFieldDescription[] = [collectionField(DOC_ID_FIELD)];
  for (const f of t.fields) {
    if (isNamedKind(f.kind)) {
      const relationName = f.relationName ?? genRelationName(t.name, f.kind.Name);
      if (f.kind.Array) {
        colFields.push(collectionField(f.name, { Kind: f.kind, RelationName: relationName }));
        continue;
      }
      colFields.push(collectionField(`${f.name}_id`, { Kind: FieldKind.DocID, RelationName: relationName }));
      colFields.push(collectionField(f.name, { Kind: f.kind, RelationName: relationName }));
      if (f.primary) schemaFields.push({ Name: f.name, Kind: f.kind, Typ: f.typ });
      continue;
    }
    // An explicit `x_id: ID` next to relation `x` is the same field as the generated one.
    if (t.fields.some((o) => isNamedKind(o.kind) && !o.kind.Array && `${o.name}_id` === f.name)) {
      schemaFields.push({ Name: f.name, Kind: f.kind, Typ: f.typ });
      continue;
    }
    schemaFields.push({ Name: f.name, Kind: f.kind, Typ: f.typ });
    colFields.push(collectionField(f.name, {
      DefaultValue: f.defaultValue === undefined ? null : f.defaultValue, Size: f.size,
    }));
  }
  schemaFields.sort(byFieldName);
  colFields.sort(byFieldName);
  const version = emptyCollectionVersion(t.name);
  version.Fields = colFields;
  version.Indexes = assignIndexes(t.name, [...t.fields.flatMap((f) => f.indexes), ...t.indexes]);
  version.Policy = t.policy;
  version.IsBranchable = t.isBranchable;
  version.IsMaterialized = t.isMaterialized;
  return { schema: { Root: '', VersionID: '', Name: t.name, Fields: schemaFields }, version, embedded: false };
}

function embeddedDraft(t: SdlType): DraftDefinition {
  const fields: SchemaFieldDescription[] = t.fields.map((f) => ({ Name: f.name, Kind: f.kind, Typ: f.typ }));
  fields.sort(byFieldName);
  const version = emptyCollectionVersion(t.name);
  version.IsEmbeddedOnly = true;
  version.IsMaterialized = t.isMaterialized;
  return { schema: { Root: '', VersionID: '', Name: t.name, Fields: fields }, version, embedded: true };
}

/**
 * The field on `def`'s collection paired with relation `relationName`, skipping the asking field
 * itself and `_id` fields (client.CollectionVersion.GetFieldByRelation).
 */
export function fieldByRelation(def: DraftDefinition, relationName: string, askingType: string, askingField: string): CollectionFieldDescription | undefined {
  return (def.version.Fields ?? []).find((f) =>
    f.RelationName === relationName && isRelationKind(f.Kind) &&
    !(def.schema.Name === askingType && f.Name === askingField));
}

/** finalizeRelations: primary side of one-many / one-sided relations joins the schema; `_id` follows. */
function finalizeRelations(defs: DraftDefinition[], known: DraftDefinition[]): void {
  const byName = new Map(known.map((d) => [d.schema.Name, d]));
  for (const d of defs) byName.set(d.schema.Name, d);
  for (const def of defs) {
    if (def.embedded) continue;
    for (const field of def.version.Fields ?? []) {
      const kind = field.Kind;
      if (kind === null || !isRelationKind(kind) || !isNamedKind(kind) || kind.Array) continue;
      const other = byName.get(kind.Name);
      if (!other) continue;
      const otherField = fieldByRelation(other, field.RelationName ?? '', def.schema.Name, field.Name);
      const fields = def.schema.Fields;
      const otherIsArray = otherField && isRelationKind(otherField.Kind) && otherField.Kind.Array;
      if ((!otherField || otherIsArray) && !fields.some((f) => f.Name === field.Name)) {
        fields.push({ Name: field.Name, Kind: kind, Typ: CType.LWW });
      }
      if (other.embedded) continue;
      const at = fields.findIndex((f) => f.Name === field.Name);
      const idName = `${field.Name}_id`;
      if (at >= 0 && !fields.some((f) => f.Name === idName)) {
        fields.splice(at + 1, 0, { Name: idName, Kind: FieldKind.DocID, Typ: CType.LWW });
      }
    }
  }
}

/** Builds drafts for every SDL type; `known` are existing definitions relations may point at. */
export function buildDefinitions(types: SdlType[], known: DraftDefinition[] = []): DraftDefinition[] {
  const defs = types.map((t) => (t.kind === 'type' ? collectionDraft(t) : embeddedDraft(t)));
  finalizeRelations(defs, known);
  return defs;
}
