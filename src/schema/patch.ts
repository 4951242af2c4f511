// Schema patches (internal/db/schema.go) and collection patches (collection_define.go,
// definition_validation.go). Both apply a JSON Patch to the stored JSON — schemas keyed by name,
// collection versions keyed by version ID — and then check what may change.

import { CType, DefraError as DefraErrorClass, FieldKind, isRelationKind } from '../client/index.ts';
import type { CollectionVersion, DefraError, Kind, SchemaDescription, SchemaFieldDescription } from '../client/index.ts';
import {
  ErrAddCollectionWithPatch, ErrAddSchemaWithPatch, ErrCannotDeleteField, ErrCannotModifySchemaName,
  ErrCannotMoveField, ErrCannotMutateField, ErrCannotSetVersionID, ErrCollectionFieldsMutated, ErrCollectionIDMutated,
  ErrCollectionIndexesMutated, ErrCollectionNameEmpty, ErrCollectionNameMutated, ErrCollectionPolicyMutated,
  ErrCollectionSourceIDMutated, ErrCollectionSourcesAddedRemoved, ErrCollectionsCannotBeDeleted, ErrFieldKindNotFound,
  ErrInvalidCRDTType, ErrNonMaterializedCollection, ErrPatchDuplicateField, ErrRelationalFieldIDInvalidType,
  ErrSchemaNameEmpty, ErrSchemaRootDoesntMatch, ErrIndexDoesNotMatchName, ErrSecondaryFieldOnSchema, errCRDTKindMismatch, errInvalidName, joinErrors,
} from './errors.ts';
import { applyJsonPatch } from './json-patch.ts';
import { normaliseEmbedding, validateEmbeddings } from './embeddings.ts';
import type { OpRewrite } from './json-patch.ts';
import type { Operation } from 'fast-json-patch';
import { canonicalKind, ctypeString, isCTypeCompatible, isSupportedFieldCType, kindString, parsePatchKind } from './kind-names.ts';
import { schemaJson, schemaVersionId } from './schema-id.ts';

export interface PatchedSchema {
  /** The new version (VersionID set, Root unchanged). */
  schema: SchemaDescription;
  /** The version it was derived from. */
  previous: SchemaDescription;
  /** The exact JSON hashed for the new version ID. */
  hashedJson: string;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function readFields(raw: unknown, existing: SchemaDescription): SchemaFieldDescription[] {
  if (!Array.isArray(raw)) return [];
  const known = new Set(existing.Fields.map((f) => f.Name));
  return raw.map((x) => {
    const o = (x ?? {}) as Record<string, unknown>;
    const name = typeof o.Name === 'string' ? o.Name : '';
    const kind = parsePatchKind(o.Kind, name);
    let typ = typeof o.Typ === 'number' ? o.Typ : CType.None;
    // New fields without a CRDT type are LWW registers.
    if (!known.has(name) && typ === CType.None) typ = CType.LWW;
    return { Name: name, Kind: kind, Typ: typ as CType };
  });
}

/** validateUpdateSchemaFields: every problem, joined, in DefraDB's order. */
function validateFields(
  existing: SchemaDescription, proposed: SchemaDescription, rawTyps: Map<string, number>,
  byName: ReadonlyMap<string, SchemaDescription>,
): DefraError | undefined {
  const errs: DefraError[] = [];
  const oldIndex = new Map(existing.Fields.map((f, i) => [f.Name, i]));
  for (const f of proposed.Fields) {
    if (!oldIndex.has(f.Name) && isRelationKind(f.Kind) && 'Name' in f.Kind && !byName.has(f.Kind.Name)) {
      return ErrFieldKindNotFound({ Field: f.Name, Kind: kindString(f.Kind) });
    }
  }
  for (const f of proposed.Fields) {
    if (!oldIndex.has(f.Name) && isRelationKind(f.Kind) && !f.Kind.Array) {
      const id = proposed.Fields.find((x) => x.Name === `${f.Name}_id`);
      if (id && id.Kind !== FieldKind.DocID) {
        return ErrRelationalFieldIDInvalidType({ Field: id.Name, Expected: 'ID', Actual: kindString(id.Kind) });
      }
    }
    if (isRelationKind(f.Kind) && f.Kind.Array) return ErrSecondaryFieldOnSchema({ Name: f.Name });
  }
  proposed.Fields.forEach((f, i) => {
    const at = oldIndex.get(f.Name);
    if (at === undefined) return;
    if (!sameJson(canonicalKind(existing.Fields[at].Kind), canonicalKind(f.Kind)) || existing.Fields[at].Typ !== f.Typ) {
      errs.push(ErrCannotMutateField({ ProposedName: f.Name }));
    } else if (at !== i) errs.push(ErrCannotMoveField({ Name: f.Name, ProposedIndex: i, ExistingIndex: at }));
  });
  for (const f of proposed.Fields) {
    const raw = rawTyps.get(f.Name) ?? f.Typ;
    if (!isSupportedFieldCType(raw)) errs.push(ErrInvalidCRDTType({ Name: f.Name, CRDTType: ctypeString(raw) }));
    else if (!isCTypeCompatible(f.Typ, f.Kind)) errs.push(errCRDTKindMismatch(ctypeString(f.Typ), kindString(f.Kind)));
  }
  const seen = new Set<string>();
  for (const f of proposed.Fields) {
    if (seen.has(f.Name)) errs.push(ErrPatchDuplicateField({ Name: f.Name }));
    seen.add(f.Name);
  }
  const names = new Set(proposed.Fields.map((f) => f.Name));
  for (const f of existing.Fields) if (!names.has(f.Name)) errs.push(ErrCannotDeleteField({ Name: f.Name }));
  if (errs.length === 0) {
    // GraphQL's own name rule, hit when the new version's types are generated.
    const bad = proposed.Fields.find((f) => !/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(f.Name));
    if (bad) return errInvalidName(bad.Name);
  }
  return joinErrors(errs);
}

/**
 * Applies a schema patch to the active schemas (keyed by name). Returns the new versions of the
 * schemas that changed; unchanged ones are left out. `all` resolves relation kind names.
 */
export function patchSchema(
  active: ReadonlyMap<string, SchemaDescription>, patch: string | readonly unknown[],
  all: ReadonlyMap<string, SchemaDescription> = active,
): Map<string, PatchedSchema> {
  const doc: Record<string, unknown> = {};
  for (const [name, s] of active) doc[name] = JSON.parse(schemaJson(s));
  const patched = applyJsonPatch(doc, patch, fieldNamePaths);
  const out = new Map<string, PatchedSchema>();
  for (const [key, value] of Object.entries(patched)) {
    const o = (value ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['Root', 'VersionID', 'Name', 'Fields'].includes(k)) throw ErrUnknownField(k);
    const name = typeof o.Name === 'string' ? o.Name : '';
    if (name === '') throw ErrSchemaNameEmpty();
    const existing = active.get(name);
    if (!existing) throw ErrAddSchemaWithPatch({ Name: name });
    if (key !== name && active.has(key) && !Object.hasOwn(patched, name)) throw ErrCannotModifySchemaName({ ExistingName: key, ProposedName: name });
    const root = typeof o.Root === 'string' ? o.Root : '';
    if (root !== existing.Root) throw ErrSchemaRootDoesntMatch({ Name: name, ExistingRoot: existing.Root, ProposedRoot: root });
    const version = typeof o.VersionID === 'string' ? o.VersionID : '';
    if (version !== '' && version !== existing.VersionID) throw ErrCannotSetVersionID();
    const rawFields = Array.isArray(o.Fields) ? o.Fields as Array<Record<string, unknown>> : [];
    const rawTyps = new Map(rawFields.map((f) => [String(f?.Name ?? ''), typeof f?.Typ === 'number' ? f.Typ : CType.None]));
    const proposed: SchemaDescription = { Root: existing.Root, VersionID: existing.VersionID, Name: name, Fields: readFields(o.Fields, existing) };
    for (const f of proposed.Fields) if (existing.Fields.some((x) => x.Name === f.Name)) rawTyps.set(f.Name, f.Typ);
    const err = validateFields(existing, proposed, rawTyps, all);
    if (err) throw err;
    if (sameJson(proposed.Fields.map((f) => f.Name), existing.Fields.map((f) => f.Name))) continue;
    proposed.Fields = proposed.Fields.map((f) => ({ ...f, Kind: resolveKind(f.Kind, all) }));
    const hashedJson = schemaJson(proposed);
    const next = { ...proposed, VersionID: schemaVersionId(proposed) };
    out.set(name, { schema: next, previous: existing, hashedJson });
  }
  return out;
}

/**
 * DefraDB lets patches address fields by name (`/Users/Fields/email`); turn such segments into
 * indexes, or `-` (appending, with the name filled in) for an `add` of a new field.
 */
const fieldNamePaths: OpRewrite = (op, current) => {
  const fix = (path: string | undefined, isTarget: boolean): string | undefined => {
    const m = path === undefined ? null : /^\/([^/]+)\/Fields\/([^/]+)(\/.*)?$/.exec(path);
    if (!m || /^(\d+|-)$/.test(m[2])) return path;
    const fields = ((current as Record<string, { Fields?: Array<{ Name?: string }> }>)[m[1]]?.Fields) ?? [];
    const at = fields.findIndex((f) => f?.Name === m[2]);
    const carriesField = isTarget && m[3] === undefined && 'value' in op && typeof op.value === 'object' && op.value !== null;
    if (carriesField) {
      // The name in the path is the field's name; the value may repeat it, but not contradict it.
      const value = { ...(op as { value: Record<string, unknown> }).value };
      if (value.Name !== undefined && value.Name !== m[2]) throw ErrIndexDoesNotMatchName({ Index: m[2], Name: String(value.Name) });
      (op as { value?: unknown }).value = { Name: m[2], ...value };
    }
    if (at >= 0) return `/${m[1]}/Fields/${at}${m[3] ?? ''}`;
    return isTarget && op.op === 'add' && m[3] === undefined ? `/${m[1]}/Fields/-` : path;
  };
  const path = fix(op.path, true)!;
  const out = { ...op, path } as Operation & { from?: string };
  if ('from' in op) out.from = fix((op as { from: string }).from, false);
  return out;
};

const ErrUnknownField = (k: string): DefraError => new DefraErrorClass('json-unknown-field', `json: unknown field "${k}"`);

/** New relation fields name their target; stored schemas carry its root. */
function resolveKind(k: Kind, all: ReadonlyMap<string, SchemaDescription>): Kind {
  if (!isRelationKind(k) || !('Name' in k)) return k;
  const target = all.get(k.Name);
  return target ? { Array: k.Array, Root: target.Root } : k;
}

// --- collection patches ---

type ColRule = (oldCols: Map<string, CollectionVersion>, newCols: CollectionVersion[]) => DefraError | undefined;

const matchOld = (oldCols: Map<string, CollectionVersion>, c: CollectionVersion) => oldCols.get(c.VersionID);

function unchanged(key: keyof CollectionVersion, empty: unknown, err: (d: Record<string, unknown>) => DefraError): ColRule {
  return (o, n) => {
    const c = n.find((x) => { const old = matchOld(o, x); return old && !sameJson(old[key] ?? empty, x[key] ?? empty); });
    return c ? err({ CollectionID: c.VersionID }) : undefined;
  };
}

const collectionRules: ColRule[] = [
  (_o, n) => n.find((c) => !c.Name) ? ErrCollectionNameEmpty() : undefined,
  (o, n) => {
    for (const c of n) {
      const old = matchOld(o, c);
      if (!old) continue;
      const ns = c.Sources ?? [];
      const os = old.Sources ?? [];
      if (ns.length !== os.length) return ErrCollectionSourcesAddedRemoved({ CollectionID: c.VersionID });
      for (let i = 0; i < ns.length; i++) {
        if ((ns[i].SourceCollectionID ?? '') !== (os[i].SourceCollectionID ?? '')) {
          return ErrCollectionSourceIDMutated({ CollectionID: c.VersionID, NewCollectionSourceID: ns[i].SourceCollectionID ?? '', OldCollectionSourceID: os[i].SourceCollectionID ?? '' });
        }
        if (('Query' in ns[i]) !== ('Query' in os[i]) && (ns[i].Query ?? null) !== null !== ((os[i].Query ?? null) !== null)) {
          return ErrCollectionSourcesAddedRemoved({ CollectionID: c.VersionID });
        }
      }
    }
    return undefined;
  },
  unchanged('Indexes', [], ErrCollectionIndexesMutated),
  unchanged('Fields', [], ErrCollectionFieldsMutated),
  unchanged('Policy', null, ErrCollectionPolicyMutated),
  (o, n) => {
    const c = n.find((x) => x.VersionID !== '' && !o.has(x.VersionID));
    return c ? ErrAddCollectionWithPatch({ ID: c.VersionID }) : undefined;
  },
  (o, n) => {
    const c = n.find((x) => { const old = matchOld(o, x); return old && old.CollectionID !== x.CollectionID; });
    return c ? ErrCollectionIDMutated({ ID: c.VersionID }) : undefined;
  },
  (o, n) => {
    for (const c of n) {
      const old = matchOld(o, c);
      if (old && old.Name !== c.Name) return ErrCollectionNameMutated({ NewName: c.Name, OldName: old.Name });
    }
    return undefined;
  },
  (o, n) => {
    for (const old of o.values()) if (!n.some((c) => c.VersionID === old.VersionID)) return ErrCollectionsCannotBeDeleted({ ID: old.VersionID });
    return undefined;
  },
  (_o, n) => {
    const c = n.find((x) => !x.IsMaterialized && (x.Sources ?? []).every((s) => s.Query === undefined || s.Query === null));
    return c ? ErrNonMaterializedCollection({ Collection: c.Name }) : undefined;
  },
];

/**
 * Applies a collection patch to every stored collection version (keyed by version ID) and
 * returns the versions that changed. Only `IsActive`-neutral, local settings may change.
 */
export function patchCollections(
  all: readonly CollectionVersion[], patch: string | readonly unknown[],
  schemaOf: (versionID: string) => SchemaDescription | undefined = () => undefined,
): CollectionVersion[] {
  const oldCols = new Map(all.map((c) => [c.VersionID, c]));
  const doc: Record<string, unknown> = {};
  for (const c of all) doc[c.VersionID] = structuredClone(c);
  const patched = applyJsonPatch(doc, patch);
  const newCols = Object.values(patched).map((v) => ({ ...(v as CollectionVersion) }));
  for (const rule of collectionRules) {
    const e = rule(oldCols, newCols);
    if (e) throw e;
  }
  const embeddingErr = joinErrors(newCols.flatMap((c) =>
    sameJson(c.VectorEmbeddings ?? [], oldCols.get(c.VersionID)?.VectorEmbeddings ?? []) ? [] : validateEmbeddings(c, schemaOf(c.VersionID))));
  if (embeddingErr) throw embeddingErr;
  for (const c of newCols) c.VectorEmbeddings = (c.VectorEmbeddings ?? []).map(normaliseEmbedding);
  return newCols.filter((c) => !sameJson(c, oldCols.get(c.VersionID)));
}
