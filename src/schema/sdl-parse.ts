// SDL text → an intermediate, plain-data form of the declared types (step 1 of addSchema).
// graphql-js does the parsing; this file reads types, kinds and the schema directives the way
// defradb:internal/request/graphql/schema/collection.go does, including its kind errors.

import { Lexer, Source, TokenKind, parse, print } from 'graphql';
import type { ConstDirectiveNode, DocumentNode, FieldDefinitionNode, TypeNode, ValueNode } from 'graphql';
import { CType, FieldKind, isRelationKind } from '../client/index.ts';
import type { Kind, NamedKind, PolicyDescription } from '../client/index.ts';
import {
  ErrDefaultValueNotAllowed, ErrDefaultValueOneArg, ErrDefaultValueTypeMismatch, ErrIndexMissingFields,
  ErrIndexWithInvalidArg, ErrIndexWithInvalidName, ErrIndexWithUnknownArg, ErrInvalidCRDTType,
  ErrInvalidTypeForConstraint, ErrNestedListNotSupported, ErrNonNullForTypeNotSupported, ErrNonNullNotSupported,
  ErrPolicyInvalidIDProp, ErrPolicyInvalidResourceProp, ErrPolicyWithUnknownArg, ErrSyntax, errCRDTKindMismatch,
} from './errors.ts';
import { ctypeByName, isCTypeCompatible, kindString, scalarKindByName } from './kind-names.ts';

export interface SdlIndexField { Name: string; Descending: boolean }
export interface SdlIndex { Name: string; Fields: SdlIndexField[]; Unique: boolean }

export interface SdlField {
  name: string;
  /** Scalar kind, or a NamedKind for object (relation) fields. */
  kind: Kind;
  /** Explicit `@crdt` type, else the default for the kind. */
  typ: CType;
  primary: boolean;
  /** `@relation(name:)`, null when not given. */
  relationName: string | null;
  /** `@default` value (already normalised), undefined when absent. */
  defaultValue: unknown;
  /** `@constraints(size:)`, 0 when absent. */
  size: number;
  indexes: SdlIndex[];
}

export interface SdlType {
  kind: 'type' | 'interface';
  name: string;
  fields: SdlField[];
  /** Type-level `@index` directives. */
  indexes: SdlIndex[];
  isBranchable: boolean;
  isMaterialized: boolean;
  policy: PolicyDescription | null;
}

/**
 * graphql-js rejects `type X {}` (an empty field list), which DefraDB accepts; drop such empty
 * braces token-wise so braces inside strings are left alone.
 */
function dropEmptyBraces(sdl: string): string {
  const lexer = new Lexer(new Source(sdl));
  const cuts: Array<[number, number]> = [];
  let prev = lexer.token;
  try {
    for (let tok = lexer.advance(); tok.kind !== TokenKind.EOF; tok = lexer.advance()) {
      if (tok.kind === TokenKind.BRACE_R && prev.kind === TokenKind.BRACE_L) cuts.push([prev.start, tok.end]);
      prev = tok;
    }
  } catch {
    return sdl; // let parse() report the syntax error
  }
  let out = sdl;
  for (const [s, e] of cuts.reverse()) out = out.slice(0, s) + ' '.repeat(e - s) + out.slice(e);
  return out;
}

export function parseSdlDocument(sdl: string): DocumentNode {
  try {
    return parse(dropEmptyBraces(sdl), { noLocation: false });
  } catch (e) {
    throw ErrSyntax({ Reason: e instanceof Error ? e.message : String(e) });
  }
}

/** astTypeToKind: scalars, `[T]`/`[T!]` arrays, named objects; `T!` is an error. */
export function typeNodeToKind(t: TypeNode): Kind {
  if (t.kind === 'NonNullType') throw ErrNonNullNotSupported();
  if (t.kind === 'NamedType') {
    const name = t.name.value;
    if (name in scalarKindByName && !name.startsWith('[')) return scalarKindByName[name];
    return { Name: name, Array: false };
  }
  const inner = t.type;
  if (inner.kind === 'ListType') throw ErrNestedListNotSupported();
  if (inner.kind === 'NonNullType') {
    if (inner.type.kind !== 'NamedType') throw ErrNestedListNotSupported();
    const k = scalarKindByName[`[${inner.type.name.value}!]`];
    if (k === undefined) throw ErrNonNullForTypeNotSupported({ Type: inner.type.name.value });
    return k;
  }
  const k = scalarKindByName[`[${inner.name.value}]`];
  return k ?? { Name: inner.name.value, Array: true };
}

const directive = (f: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  f.directives?.find((d) => d.name.value === name);
const directives = (f: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  f.directives?.filter((d) => d.name.value === name) ?? [];

export function isValidIndexName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

function readIndex(d: ConstDirectiveNode, fieldName: string | null): SdlIndex {
  const idx: SdlIndex = { Name: '', Fields: [], Unique: false };
  let direction: boolean | null = null;
  for (const arg of d.arguments ?? []) {
    const v = arg.value;
    switch (arg.name.value) {
      case 'name':
        if (v.kind !== 'StringValue') throw ErrIndexWithInvalidArg();
        if (!isValidIndexName(v.value)) throw ErrIndexWithInvalidName({ Name: v.value });
        idx.Name = v.value;
        break;
      case 'unique':
        if (v.kind !== 'BooleanValue') throw ErrIndexWithInvalidArg();
        idx.Unique = v.value;
        break;
      case 'direction':
        if (v.kind !== 'EnumValue') throw ErrIndexWithInvalidArg();
        direction = v.value === 'DESC';
        break;
      case 'includes': {
        const items = v.kind === 'ListValue' ? v.values : [v];
        for (const item of items) {
          if (item.kind !== 'ObjectValue') throw ErrIndexWithInvalidArg();
          const f: SdlIndexField & { dir?: boolean } = { Name: '', Descending: false };
          for (const of of item.fields) {
            if (of.name.value === 'field' && of.value.kind === 'StringValue') f.Name = of.value.value;
            else if (of.name.value === 'direction' && of.value.kind === 'EnumValue') f.dir = of.value.value === 'DESC';
            else throw ErrIndexWithInvalidArg();
          }
          if (f.Name === '') throw ErrIndexWithInvalidArg();
          idx.Fields.push(f);
        }
        break;
      }
      default:
        throw ErrIndexWithUnknownArg();
    }
  }
  // a field-level index starts with its field unless `includes` places it explicitly
  if (fieldName !== null && !idx.Fields.some((f) => f.Name === fieldName)) idx.Fields.unshift({ Name: fieldName, Descending: false });
  if (idx.Fields.length === 0) throw ErrIndexMissingFields();
  idx.Fields = idx.Fields.map((f) => {
    const own = (f as { dir?: boolean }).dir;
    return { Name: f.Name, Descending: own ?? direction ?? false };
  });
  return idx;
}

function readPolicy(d: ConstDirectiveNode): PolicyDescription {
  const p: PolicyDescription = { ID: '', ResourceName: '' };
  for (const arg of d.arguments ?? []) {
    if (arg.name.value === 'id') {
      if (arg.value.kind !== 'StringValue') throw ErrPolicyInvalidIDProp();
      p.ID = arg.value.value;
    } else if (arg.name.value === 'resource') {
      if (arg.value.kind !== 'StringValue') throw ErrPolicyInvalidResourceProp();
      p.ResourceName = arg.value.value;
    } else throw ErrPolicyWithUnknownArg();
  }
  return p;
}

/** `@x(if: Boolean)` directives: present means true unless `if: false`; repeats are OR-ed. */
function readIf(ds: ConstDirectiveNode[], absent: boolean): boolean {
  if (ds.length === 0) return absent;
  return ds.some((d) => {
    const a = d.arguments?.find((x) => x.name.value === 'if');
    return !a || (a.value.kind === 'BooleanValue' && a.value.value);
  });
}

function readCType(field: FieldDefinitionNode, kind: Kind): CType {
  const d = directive(field, 'crdt');
  const arg = d?.arguments?.find((a) => a.name.value === 'type');
  if (arg) {
    const name = arg.value.kind === 'EnumValue' || arg.value.kind === 'StringValue' ? arg.value.value : print(arg.value);
    const t = ctypeByName[name];
    if (t === undefined) throw ErrInvalidCRDTType({ Name: field.name.value, CRDTType: name });
    if (!isCTypeCompatible(t, kind)) throw errCRDTKindMismatch(name, kindString(kind));
    return t;
  }
  if (isRelationKind(kind)) return kind.Array ? CType.None : CType.LWW;
  return CType.LWW;
}

/** The `@default` argument name that matches each scalar kind. */
const defaultArgByKind: Partial<Record<number, string>> = {
  [FieldKind.String]: 'string', [FieldKind.Bool]: 'bool', [FieldKind.Int]: 'int', [FieldKind.Float64]: 'float',
  [FieldKind.Float32]: 'float32', [FieldKind.DateTime]: 'dateTime', [FieldKind.JSON]: 'json', [FieldKind.Blob]: 'blob',
};

function readDefault(field: FieldDefinitionNode, kind: Kind): unknown {
  const d = directive(field, 'default');
  if (!d) return undefined;
  if (isRelationKind(kind) || typeof kind !== 'number' || defaultArgByKind[kind] === undefined) {
    const t = field.type.kind === 'ListType' ? 'List' : field.type.kind === 'NamedType' ? field.type.name.value : 'NonNull';
    throw ErrDefaultValueNotAllowed({ Name: field.name.value, Type: t });
  }
  const args = d.arguments ?? [];
  if (args.length !== 1) throw ErrDefaultValueOneArg({ Field: field.name.value });
  let expected = defaultArgByKind[kind] as string;
  const actual = args[0].name.value;
  if (kind === FieldKind.Float64 && actual === 'float64') expected = 'float64';
  if (actual !== expected) throw ErrDefaultValueTypeMismatch({ Name: field.name.value, Expected: expected, Actual: actual });
  return defaultLiteral(args[0].value, kind);
}

function defaultLiteral(v: ValueNode, kind: number): unknown {
  switch (v.kind) {
    case 'IntValue': return Number(v.value);
    case 'FloatValue': return Number(v.value);
    case 'BooleanValue': return v.value;
    case 'NullValue': return null;
    case 'StringValue': return kind === FieldKind.DateTime ? normaliseDateTime(v.value) : v.value;
    default: return print(v);
  }
}

/** Go re-renders a parsed time: zero offsets become `Z`, trailing fraction zeros go. */
export function normaliseDateTime(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(s);
  if (!m) return s;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const zone = /^[+-]00:00$|^z$/i.test(m[3]) ? 'Z' : m[3];
  return `${m[1]}${frac === '.' ? '' : frac}${zone}`;
}

function readSize(field: FieldDefinitionNode, kind: Kind): number {
  const d = directive(field, 'constraints');
  const arg = d?.arguments?.find((a) => a.name.value === 'size');
  if (!arg) return 0;
  if (isRelationKind(kind) || !isScalarArray(kind)) throw ErrInvalidTypeForConstraint({ Actual: kindString(kind) });
  return arg.value.kind === 'IntValue' ? Number(arg.value.value) : 0;
}

const isScalarArray = (k: number) => [3, 5, 7, 9, 12, 18, 19, 20, 21, 22].includes(k);

function readField(field: FieldDefinitionNode): SdlField {
  const kind = typeNodeToKind(field.type);
  const typ = readCType(field, kind);
  const rel = directive(field, 'relation')?.arguments?.find((a) => a.name.value === 'name');
  return {
    name: field.name.value,
    kind,
    typ,
    primary: directive(field, 'primary') !== undefined,
    relationName: rel && rel.value.kind === 'StringValue' ? rel.value.value : null,
    defaultValue: readDefault(field, kind),
    size: readSize(field, kind),
    indexes: directives(field, 'index').map((d) => readIndex(d, field.name.value)),
  };
}

/** Reads every `type` and `interface` definition in SDL order; other definitions are ignored. */
export function readSdlTypes(doc: DocumentNode): SdlType[] {
  const out: SdlType[] = [];
  for (const def of doc.definitions) {
    if (def.kind !== 'ObjectTypeDefinition' && def.kind !== 'InterfaceTypeDefinition') continue;
    const policy = directive(def, 'policy');
    out.push({
      kind: def.kind === 'ObjectTypeDefinition' ? 'type' : 'interface',
      name: def.name.value,
      fields: (def.fields ?? []).map(readField),
      indexes: directives(def, 'index').map((d) => readIndex(d, null)),
      isBranchable: readIf(directives(def, 'branchable'), false),
      isMaterialized: readIf(directives(def, 'materialized'), true),
      policy: policy ? readPolicy(policy) : null,
    });
  }
  return out;
}

export const isNamedKind = (k: Kind): k is NamedKind => isRelationKind(k) && 'Name' in k;
