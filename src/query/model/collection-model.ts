// A resolved view of the collection definitions that both schema generation and planning use:
// every field with its scalar kind or its relation target, primary side and counterpart.

import { FieldKind, isRelationKind } from '../../client/index.ts';
import type { CollectionDefinition, Kind, RelationKind, ScalarKind } from '../../client/index.ts';

export interface ScalarField {
  readonly kind: 'scalar';
  readonly name: string;
  readonly scalar: ScalarKind;
  readonly ctype: number;
  /** Set for `<rel>_id` fields: the relation field name. */
  readonly idOf?: string;
}

export interface RelationField {
  readonly kind: 'relation';
  readonly name: string;
  readonly target: string;
  readonly isArray: boolean;
  /** This side stores `<name>_id`. */
  readonly isPrimary: boolean;
  readonly relationName: string;
  /** The field on `target` pointing back (undefined for one-sided relations). */
  readonly counterpart?: string;
}

export type FieldModel = ScalarField | RelationField;

export interface CollectionModel {
  readonly name: string;
  readonly definition: CollectionDefinition;
  readonly isEmbedded: boolean;
  readonly isView: boolean;
  /** Fields in definition order, excluding `_docID`. */
  readonly fields: readonly FieldModel[];
  readonly byName: ReadonlyMap<string, FieldModel>;
}

export interface Model {
  readonly collections: readonly CollectionModel[];
  readonly byName: ReadonlyMap<string, CollectionModel>;
}

export function buildModel(defs: readonly CollectionDefinition[]): Model {
  const byRoot = new Map<string, CollectionDefinition>();
  for (const d of defs) if (d.schema.Root) byRoot.set(d.schema.Root, d);
  const targetOf = (self: CollectionDefinition, k: RelationKind): string => {
    if ('Name' in k) return k.Name;
    if ('Root' in k) return byRoot.get(k.Root)?.version.Name ?? k.Root;
    if (k.RelativeID === '') return self.version.Name;
    const base = self.schema.Root.replace(/-\d+$/, '');
    return byRoot.get(`${base}-${k.RelativeID}`)?.version.Name ?? self.version.Name;
  };
  const raw = defs.map((d) => ({ d, fields: rawFields(d, targetOf) }));
  const collections: CollectionModel[] = raw.map(({ d, fields }) => {
    const resolved = fields.map((f): FieldModel => {
      if (f.kind !== 'relation') return f;
      const other = raw.find((r) => r.d.version.Name === f.target);
      const cp = other?.fields.find((o) => o.kind === 'relation' && o.relationName === f.relationName &&
        o.target === d.version.Name && !(other.d === d && o.name === f.name));
      return cp ? { ...f, counterpart: cp.name } : f;
    });
    return {
      name: d.version.Name,
      definition: d,
      isEmbedded: d.version.IsEmbeddedOnly,
      isView: (d.version.Sources ?? []).some((s) => s.Query !== undefined && s.Query !== null),
      fields: resolved,
      byName: new Map(resolved.map((f) => [f.name, f])),
    };
  });
  return { collections, byName: new Map(collections.map((c) => [c.name, c])) };
}

function rawFields(d: CollectionDefinition, targetOf: (d: CollectionDefinition, k: RelationKind) => string): FieldModel[] {
  const out: FieldModel[] = [];
  const seen = new Set<string>();
  const schemaFields = new Map(d.schema.Fields.map((f) => [f.Name, f]));
  const colFields = new Map((d.version.Fields ?? []).map((f) => [f.Name, f]));
  const names = [...d.schema.Fields.map((f) => f.Name)];
  for (const f of d.version.Fields ?? []) if (!schemaFields.has(f.Name)) names.push(f.Name);
  for (const name of names) {
    if (name === '_docID' || seen.has(name)) continue;
    seen.add(name);
    const sf = schemaFields.get(name);
    const cf = colFields.get(name);
    const kind: Kind | null | undefined = cf?.Kind ?? sf?.Kind;
    if (kind === null || kind === undefined) continue;
    if (isRelationKind(kind)) {
      out.push({
        kind: 'relation', name, target: targetOf(d, kind), isArray: kind.Array, isPrimary: !!sf && !kind.Array,
        relationName: cf?.RelationName ?? '',
      });
    } else {
      const rel = name.endsWith('_id') ? name.slice(0, -3) : undefined;
      const isId = rel !== undefined && kind === FieldKind.DocID && (names.includes(rel));
      out.push({ kind: 'scalar', name, scalar: kind, ctype: sf?.Typ ?? 1, ...(isId ? { idOf: rel } : {}) });
    }
  }
  // Secondary one-to-one sides get a (computed) `<rel>_id` even when the definition lacks it.
  for (const f of [...out]) {
    if (f.kind === 'relation' && !f.isArray && !seen.has(`${f.name}_id`)) {
      seen.add(`${f.name}_id`);
      out.push({ kind: 'scalar', name: `${f.name}_id`, scalar: FieldKind.DocID, ctype: 1, idOf: f.name });
    }
  }
  return out;
}

export function relationFields(c: CollectionModel): RelationField[] {
  return c.fields.filter((f): f is RelationField => f.kind === 'relation');
}

export function scalarFields(c: CollectionModel): ScalarField[] {
  return c.fields.filter((f): f is ScalarField => f.kind === 'scalar');
}
