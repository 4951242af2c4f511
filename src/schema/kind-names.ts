// Kind and CType names as Go's String() methods print them, and the kind parsing rules of
// client.parseFieldKind used by schema patches ("Int", "[String!]", 11, "Users", {"Root":…}).

import { CType, FieldKind, isRelationKind, kindNames } from '../client/index.ts';
import type { Kind, ScalarKind, RelationKind } from '../client/index.ts';
import { ErrTypeNotFound, ErrFieldKindNotFound } from './errors.ts';

/** SDL spelling → scalar kind (Float is Float64). */
export const scalarKindByName: Record<string, ScalarKind> = {
  ID: 1, Boolean: 2, '[Boolean!]': 3, '[Boolean]': 18, Int: 4, '[Int!]': 5, '[Int]': 19,
  Float: 6, Float64: 6, '[Float!]': 7, '[Float64!]': 7, '[Float]': 20, '[Float64]': 20,
  Float32: 8, '[Float32!]': 9, '[Float32]': 22, DateTime: 10, String: 11, '[String!]': 12,
  '[String]': 21, Blob: 13, JSON: 14,
};

const validScalarKinds = new Set<number>(Object.values(FieldKind));

export function kindString(k: Kind): string {
  if (isRelationKind(k)) {
    const name = 'Name' in k ? k.Name : 'Root' in k ? k.Root : 'Self';
    return k.Array ? `[${name}]` : name;
  }
  if (k === 0) return '0';
  return kindNames[k] ?? String(k);
}

export const ctypeNames: Record<number, string> = {
  0: 'none', 1: 'lww', 2: 'object', 3: 'composite', 4: 'pncounter', 5: 'pcounter',
};
export const ctypeString = (t: number): string => ctypeNames[t] ?? 'unknown';
export const ctypeByName: Record<string, CType> = { lww: 1, pncounter: 4, pcounter: 5 };

/** Field CTypes a field may carry (client.CType.IsSupportedFieldCType). */
export const isSupportedFieldCType = (t: number): boolean => t === CType.None || t === CType.LWW || t === CType.PNCounter || t === CType.PCounter;

/** client.CType.IsCompatibleWith: counters only on Int, Float64, Float32. */
export function isCTypeCompatible(t: number, k: Kind): boolean {
  if (t === CType.PNCounter || t === CType.PCounter) return k === FieldKind.Int || k === FieldKind.Float64 || k === FieldKind.Float32;
  return true;
}

/**
 * A `Kind` from patch JSON. Numbers must be known scalar kinds; strings are scalar names or
 * (array) type names, kept as NamedKind until resolved against the known schemas.
 */
export function parsePatchKind(raw: unknown, fieldName: string): Kind {
  if (raw === undefined || raw === null) return FieldKind.None;
  if (typeof raw === 'number') {
    if (!validScalarKinds.has(raw)) throw ErrTypeNotFound({ Type: raw });
    return raw as ScalarKind;
  }
  if (typeof raw === 'string') {
    if (raw in scalarKindByName) return scalarKindByName[raw];
    const array = raw.startsWith('[') && raw.endsWith(']');
    const name = array ? raw.slice(1, -1) : raw;
    if (!/^[_A-Za-z][_A-Za-z0-9]*$/.test(name)) throw ErrFieldKindNotFound({ Field: fieldName, Kind: raw });
    return { Name: name, Array: array };
  }
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (typeof o.Root === 'string' && o.Root !== '') return { Array: !!o.Array, Root: o.Root };
    if ('RelativeID' in o) return { RelativeID: String(o.RelativeID ?? ''), Array: !!o.Array };
    if (typeof o.Name === 'string') return { Name: o.Name, Array: !!o.Array };
  }
  throw ErrTypeNotFound({ Type: JSON.stringify(raw) });
}

/** Normalise a relation kind read from JSON into the exact key order Go writes. */
export function canonicalKind(k: Kind): Kind {
  if (!isRelationKind(k)) return k;
  const r = k as RelationKind & Record<string, unknown>;
  if (typeof r.Name === 'string') return { Name: r.Name, Array: !!r.Array };
  if (typeof r.Root === 'string' && r.Root !== '') return { Array: !!r.Array, Root: r.Root };
  return { RelativeID: String(r.RelativeID ?? ''), Array: !!r.Array };
}
