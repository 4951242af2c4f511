// Schema version IDs (defradb:internal/db/schema_id.go): CIDv1 raw sha2-256 of Go's
// encoding/json of the SchemaDescription, relation kinds still NamedKind at hash time. Schemas
// that reference each other in a cycle are hashed together as one JSON array sorted by name;
// member i gets `<cid>-<i>`. Afterwards relation kinds become SchemaKind / SelfKind.

import { rawCidString } from '../core/index.ts';
import { isRelationKind } from '../client/index.ts';
import type { Kind, SchemaDescription } from '../client/index.ts';
import type { DraftDefinition } from './definitions.ts';
import { canonicalKind } from './kind-names.ts';

/** Go encoding/json escapes these even inside strings; JSON.stringify does not. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The exact struct-ordered JSON Go writes for a SchemaDescription. */
export function schemaJson(s: SchemaDescription): string {
  return goJson(schemaForJson(s));
}

export function schemaForJson(s: SchemaDescription): SchemaDescription {
  return {
    Root: s.Root, VersionID: s.VersionID, Name: s.Name,
    Fields: s.Fields.map((f) => ({ Name: f.Name, Kind: canonicalKind(f.Kind), Typ: f.Typ })),
  };
}

export const schemaVersionId = (s: SchemaDescription): string => rawCidString(new TextEncoder().encode(schemaJson(s)));

const namedTarget = (k: Kind): string | undefined =>
  isRelationKind(k) && 'Name' in k ? k.Name : undefined;

/** Tarjan's strongly connected components over schema-level relations, in discovery order. */
export function circularSets(schemas: SchemaDescription[]): SchemaDescription[][] {
  const byName = new Map(schemas.map((s) => [s.Name, s]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sets: SchemaDescription[][] = [];
  let counter = 0;
  const visit = (name: string): void => {
    index.set(name, counter);
    low.set(name, counter++);
    stack.push(name);
    onStack.add(name);
    for (const f of byName.get(name)!.Fields) {
      const t = namedTarget(f.Kind);
      if (t === undefined || !byName.has(t)) continue;
      if (!index.has(t)) {
        visit(t);
        low.set(name, Math.min(low.get(name)!, low.get(t)!));
      } else if (onStack.has(t)) low.set(name, Math.min(low.get(name)!, index.get(t)!));
    }
    if (low.get(name) === index.get(name)) {
      const set: SchemaDescription[] = [];
      let n: string;
      do {
        n = stack.pop()!;
        onStack.delete(n);
        set.push(byName.get(n)!);
      } while (n !== name);
      sets.push(set);
    }
  };
  for (const s of schemas) if (!index.has(s.Name)) visit(s.Name);
  return sets;
}

/**
 * Sets Root/VersionID on new drafts and rewrites their NamedKinds (schema and collection
 * fields). `existingRoots` maps names of already stored schemas to their roots.
 */
export function assignSchemaIds(drafts: DraftDefinition[], existingRoots: ReadonlyMap<string, string> = new Map()): void {
  const setOf = new Map<string, { members: SchemaDescription[]; position: number }>();
  for (const set of circularSets(drafts.map((d) => d.schema))) {
    const members = [...set].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    if (members.length === 1) {
      const id = schemaVersionId(members[0]);
      members[0].Root = id;
      members[0].VersionID = id;
    } else {
      const base = rawCidString(new TextEncoder().encode(goJson(members.map(schemaForJson))));
      members.forEach((m, i) => { m.Root = `${base}-${i}`; m.VersionID = m.Root; });
    }
    members.forEach((m, i) => setOf.set(m.Name, { members, position: i }));
  }
  const rootOf = (name: string): string | undefined =>
    drafts.find((d) => d.schema.Name === name)?.schema.Root ?? existingRoots.get(name);
  const resolve = (host: string, k: Kind): Kind => {
    const target = namedTarget(k);
    if (target === undefined || !isRelationKind(k)) return k;
    const hostSet = setOf.get(host);
    const targetSet = setOf.get(target);
    if (hostSet && targetSet && hostSet.members === targetSet.members) {
      return { RelativeID: hostSet.members.length === 1 ? '' : String(targetSet.position), Array: k.Array };
    }
    const root = rootOf(target);
    return root === undefined ? k : { Array: k.Array, Root: root };
  };
  for (const d of drafts) {
    d.schema.Fields = d.schema.Fields.map((f) => ({ ...f, Kind: resolve(d.schema.Name, f.Kind) }));
    d.version.Fields = (d.version.Fields ?? []).map((f) => (f.Kind === null ? f : { ...f, Kind: resolve(d.schema.Name, f.Kind) }));
    d.version.VersionID = d.schema.VersionID;
    d.version.CollectionID = d.schema.Root;
  }
}
