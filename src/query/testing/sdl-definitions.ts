// Test helper: a tiny SDL → CollectionDefinition converter (no hashing: roots are the type
// names). Only for query tests; the real conversion lives in `schema/`.

import { Kind as AstKind, parse } from 'graphql';
import type { FieldDefinitionNode, TypeNode } from 'graphql';
import type { CollectionDefinition, CollectionFieldDescription, Kind, SchemaFieldDescription } from '../../client/index.ts';

const scalar: Record<string, number> = {
  ID: 1, Boolean: 2, Int: 4, Float: 6, Float64: 6, Float32: 8, DateTime: 10, String: 11, Blob: 13, JSON: 14,
};
const arrays: Record<string, [number, number]> = {
  Boolean: [3, 18], Int: [5, 19], Float: [7, 20], Float64: [7, 20], Float32: [9, 22], String: [12, 21],
};

interface Parsed { name: string; list: boolean; notNull: boolean }
function unwrap(t: TypeNode): Parsed {
  if (t.kind === AstKind.NON_NULL_TYPE) return unwrap(t.type);
  if (t.kind === AstKind.LIST_TYPE) {
    const inner = t.type;
    return { name: (inner.kind === AstKind.NON_NULL_TYPE ? inner.type : inner).kind === AstKind.NAMED_TYPE
      ? ((inner.kind === AstKind.NON_NULL_TYPE ? inner.type : inner) as { name: { value: string } }).name.value : '', list: true, notNull: inner.kind === AstKind.NON_NULL_TYPE };
  }
  return { name: t.name.value, list: false, notNull: false };
}

export function sdlDefinitions(sdl: string): CollectionDefinition[] {
  const doc = parse(sdl);
  const types = doc.definitions.filter((d) => d.kind === AstKind.OBJECT_TYPE_DEFINITION || d.kind === AstKind.INTERFACE_TYPE_DEFINITION);
  const names = new Set(types.map((t) => (t as { name: { value: string } }).name.value));
  const relName = (a: string, b: string, f: FieldDefinitionNode): string => {
    const d = f.directives?.find((x) => x.name.value === 'relation');
    const arg = d?.arguments?.find((a2) => a2.name.value === 'name');
    if (arg && arg.value.kind === AstKind.STRING) return arg.value.value;
    return [a.toLowerCase(), b.toLowerCase()].sort().join('_');
  };
  const out: CollectionDefinition[] = [];
  for (const t of types) {
    if (t.kind !== AstKind.OBJECT_TYPE_DEFINITION && t.kind !== AstKind.INTERFACE_TYPE_DEFINITION) continue;
    const name = t.name.value;
    const sFields: SchemaFieldDescription[] = [{ Name: '_docID', Kind: 1, Typ: 0 }];
    const cFields: CollectionFieldDescription[] = [{ Name: '_docID', Kind: null, RelationName: null, DefaultValue: null, Size: 0 }];
    for (const f of t.fields ?? []) {
      const p = unwrap(f.type);
      const fname = f.name.value;
      const crdt = f.directives?.find((x) => x.name.value === 'crdt')?.arguments?.[0]?.value;
      const typ = crdt && crdt.kind === AstKind.ENUM ? ({ lww: 1, pncounter: 4, pcounter: 5 } as Record<string, number>)[crdt.value]! : 1;
      if (names.has(p.name)) {
        const other = types.find((x) => (x as { name: { value: string } }).name.value === p.name) as typeof t;
        const back = other.fields?.find((o) => unwrap(o.type).name === name && (other !== t || o.name.value !== fname));
        const primary = !p.list && (f.directives?.some((x) => x.name.value === 'primary') || !back || unwrap(back.type).list);
        const kind: Kind = { Name: p.name, Array: p.list };
        const rn = relName(name, p.name, f);
        cFields.push({ Name: fname, Kind: kind, RelationName: rn, DefaultValue: null, Size: 0 });
        if (!p.list) cFields.push({ Name: `${fname}_id`, Kind: 1, RelationName: rn, DefaultValue: null, Size: 0 });
        if (primary) sFields.push({ Name: fname, Kind: kind, Typ: 1 }, { Name: `${fname}_id`, Kind: 1, Typ: 1 });
        continue;
      }
      const k = p.list ? arrays[p.name]![p.notNull ? 0 : 1] : scalar[p.name]!;
      sFields.push({ Name: fname, Kind: k as Kind, Typ: typ });
      cFields.push({ Name: fname, Kind: null, RelationName: null, DefaultValue: null, Size: 0 });
    }
    out.push({
      version: {
        Name: name, VersionID: `v-${name}`, CollectionID: name, Sources: null, Fields: cFields, Indexes: null, Policy: null,
        IsActive: true, IsMaterialized: true, IsBranchable: false, IsEmbeddedOnly: t.kind === AstKind.INTERFACE_TYPE_DEFINITION,
        VectorEmbeddings: null,
      },
      schema: { Root: name, VersionID: `v-${name}`, Name: name, Fields: sFields },
    });
  }
  return out;
}
