// Field kinds and CRDT types, numbered exactly as DefraDB v0.19 stores them (datamodel.md §5).

export const FieldKind = {
  None: 0,
  DocID: 1,
  Bool: 2,
  BoolArray: 3,
  Int: 4,
  IntArray: 5,
  Float64: 6,
  Float64Array: 7,
  Float32: 8,
  Float32Array: 9,
  DateTime: 10,
  String: 11,
  StringArray: 12,
  Blob: 13,
  JSON: 14,
  NillableBoolArray: 18,
  NillableIntArray: 19,
  NillableFloat64Array: 20,
  NillableStringArray: 21,
  NillableFloat32Array: 22,
} as const;
export type ScalarKind = (typeof FieldKind)[keyof typeof FieldKind];

/** Temporary relation kind used while parsing SDL and hashing a new schema; never persisted. */
export interface NamedKind { Name: string; Array: boolean }
/** Relation to another schema, by root. */
export interface SchemaKind { Array: boolean; Root: string }
/** Relation inside the same circular set ("" = the schema itself). */
export interface SelfKind { RelativeID: string; Array: boolean }
export type RelationKind = NamedKind | SchemaKind | SelfKind;
export type Kind = ScalarKind | RelationKind;

export const isRelationKind = (k: Kind | null | undefined): k is RelationKind => typeof k === 'object' && k !== null;
export const isArrayKind = (k: Kind): boolean =>
  isRelationKind(k) ? k.Array : [3, 5, 7, 9, 12, 18, 19, 20, 21, 22].includes(k);

/** SDL name of each scalar kind, and back (the canonical spelling; Float is Float64). */
export const kindNames: Record<ScalarKind, string> = {
  0: 'None', 1: 'ID', 2: 'Boolean', 3: '[Boolean!]', 4: 'Int', 5: '[Int!]', 6: 'Float64', 7: '[Float64!]',
  8: 'Float32', 9: '[Float32!]', 10: 'DateTime', 11: 'String', 12: '[String!]', 13: 'Blob', 14: 'JSON',
  18: '[Boolean]', 19: '[Int]', 20: '[Float64]', 21: '[String]', 22: '[Float32]',
};

/** Element kind of a scalar array kind (e.g. [Int!] → Int). */
export const arrayElementKind: Partial<Record<ScalarKind, ScalarKind>> = {
  3: 2, 18: 2, 5: 4, 19: 4, 7: 6, 20: 6, 9: 8, 22: 8, 12: 11, 21: 11,
};

export const CType = {
  None: 0,
  LWW: 1,
  Object: 2,
  Composite: 3,
  PNCounter: 4,
  PCounter: 5,
} as const;
export type CType = (typeof CType)[keyof typeof CType];
