// Validation of new schema definitions, as small rule functions (graphql-js style). Document
// rules see the parsed SDL (what graphql-go checks before DefraDB reads it); definition rules
// see the built drafts plus the already stored definitions (internal/db/definition_validation.go).
// Each rule returns the first problem it finds, or undefined.

import { print } from 'graphql';
import type { ConstArgumentNode, DocumentNode, ValueNode } from 'graphql';
import { FieldKind, isRelationKind } from '../client/index.ts';
import type { DefraError, Kind } from '../client/index.ts';
import type { DraftDefinition } from './definitions.ts';
import { fieldByRelation } from './definitions.ts';
import {
  ErrDuplicateField, ErrFieldKindNotFound, ErrMissingPolicyArgs, ErrMultipleRelationPrimaries,
  ErrNonMaterializedCollection, ErrRelationMissingField, ErrRelationalFieldIDInvalidType, ErrReservedName,
  ErrSchemaTypeAlreadyExist, errArgumentInvalidValue,
} from './errors.ts';
import { kindString } from './kind-names.ts';

export type DocumentRule = (doc: DocumentNode, existing: ReadonlySet<string>) => DefraError | undefined;
export type DefinitionRule = (def: DraftDefinition, byName: ReadonlyMap<string, DraftDefinition>) => DefraError | undefined;

type ArgCheck = (v: ValueNode) => boolean;
const isString: ArgCheck = (v) => v.kind === 'StringValue';
const isBool: ArgCheck = (v) => v.kind === 'BooleanValue';
const isInt: ArgCheck = (v) => v.kind === 'IntValue';
const isNumber: ArgCheck = (v) => v.kind === 'IntValue' || v.kind === 'FloatValue';
const isEnumOf = (...names: string[]): ArgCheck => (v) => v.kind === 'EnumValue' && names.includes(v.value);
const isListOf = (item: ArgCheck): ArgCheck => (v) => (v.kind === 'ListValue' ? v.values.every(item) : item(v));
const isObject: ArgCheck = (v) => v.kind === 'ObjectValue';

/** Argument types of DefraDB's schema directives (request/graphql/schema/types/types.go). */
const directiveArgs: Record<string, Record<string, ArgCheck>> = {
  default: {
    string: isString, bool: isBool, int: isInt, float: isNumber, float64: isNumber, float32: isNumber,
    dateTime: isString, json: isString, blob: isString,
  },
  crdt: { type: isEnumOf('none', 'lww', 'pncounter', 'pcounter') },
  policy: { id: isString, resource: isString },
  relation: { name: isString },
  index: { name: isString, unique: isBool, direction: isEnumOf('ASC', 'DESC'), includes: isListOf(isObject) },
  constraints: { size: isInt },
  branchable: { if: isBool },
  materialized: { if: isBool },
};

const RESERVED_FIELDS = new Set(['__typename', '_version', '_group', '_count', '_sum', '_avg', '_min', '_max', '_docID', '_deleted', '_similarity']);

function checkArgs(name: string, args: readonly ConstArgumentNode[] | undefined): DefraError | undefined {
  const spec = directiveArgs[name];
  if (!spec) return undefined;
  for (const a of args ?? []) {
    const check = spec[a.name.value];
    if (check && a.value.kind !== 'NullValue' && !check(a.value)) return errArgumentInvalidValue(a.name.value, print(a.value));
  }
  return undefined;
}

/** Directive arguments must have the declared GraphQL type. */
export const directiveArgumentTypes: DocumentRule = (doc) => {
  for (const def of doc.definitions) {
    if (def.kind !== 'ObjectTypeDefinition' && def.kind !== 'InterfaceTypeDefinition') continue;
    for (const d of def.directives ?? []) { const e = checkArgs(d.name.value, d.arguments); if (e) return e; }
    for (const f of def.fields ?? []) {
      for (const d of f.directives ?? []) { const e = checkArgs(d.name.value, d.arguments); if (e) return e; }
    }
  }
  return undefined;
};

/** A type name may be declared once, and not again once stored. */
export const uniqueTypeNames: DocumentRule = (doc, existing) => {
  const seen = new Set(existing);
  for (const def of doc.definitions) {
    if (def.kind !== 'ObjectTypeDefinition' && def.kind !== 'InterfaceTypeDefinition') continue;
    if (seen.has(def.name.value)) return ErrSchemaTypeAlreadyExist({ Name: def.name.value });
    seen.add(def.name.value);
  }
  return undefined;
};

/** Field names are unique per type and not one of the generated names. */
export const fieldNames: DocumentRule = (doc) => {
  for (const def of doc.definitions) {
    if (def.kind !== 'ObjectTypeDefinition' && def.kind !== 'InterfaceTypeDefinition') continue;
    if (def.name.value === 'Self') return ErrReservedName({ Name: 'Self' });
    const seen = new Set<string>();
    for (const f of def.fields ?? []) {
      if (RESERVED_FIELDS.has(f.name.value)) return ErrReservedName({ Name: f.name.value });
      if (seen.has(f.name.value)) return ErrDuplicateField({ Object: def.name.value, Field: f.name.value });
      seen.add(f.name.value);
    }
  }
  return undefined;
};

export const documentRules: readonly DocumentRule[] = [directiveArgumentTypes, uniqueTypeNames, fieldNames];

const underlying = (k: Kind): string | undefined => (isRelationKind(k) && 'Name' in k ? k.Name : undefined);
const inSchema = (def: DraftDefinition, name: string) => def.schema.Fields.some((f) => f.Name === name);

/** A secondary relation field must pair up with a primary field on the other side. */
export const secondaryFieldsPairUp: DefinitionRule = (def, byName) => {
  for (const field of def.version.Fields ?? []) {
    const target = field.Kind === null ? undefined : underlying(field.Kind);
    if (target === undefined || field.RelationName === null || inSchema(def, field.Name)) continue;
    const other = byName.get(target);
    if (!other || other.embedded) continue;
    const otherField = fieldByRelation(other, field.RelationName, def.schema.Name, field.Name);
    if (!otherField || !inSchema(other, otherField.Name)) {
      return ErrRelationMissingField({ Object: target, Field: field.RelationName });
    }
  }
  return undefined;
};

/** Every relation must point at a known type. */
export const relationPointsToValidKind: DefinitionRule = (def, byName) => {
  const fields = [...(def.version.Fields ?? []), ...def.schema.Fields];
  for (const field of fields) {
    const target = field.Kind === null ? undefined : underlying(field.Kind);
    if (target !== undefined && !byName.has(target)) return ErrFieldKindNotFound({ Field: field.Name, Kind: target });
  }
  return undefined;
};

/** Only one side of a relation may be primary. */
export const singleSidePrimary: DefinitionRule = (def, byName) => {
  for (const field of def.version.Fields ?? []) {
    const target = field.Kind === null ? undefined : underlying(field.Kind);
    if (target === undefined || field.RelationName === null || !inSchema(def, field.Name)) continue;
    const other = byName.get(target);
    if (!other) continue;
    const otherField = fieldByRelation(other, field.RelationName, def.schema.Name, field.Name);
    if (otherField && inSchema(other, otherField.Name)) return ErrMultipleRelationPrimaries();
  }
  return undefined;
};

/** A declared `<relation>_id` field must be of kind ID. */
export const relationIdFieldKind: DefinitionRule = (def) => {
  for (const f of def.schema.Fields) {
    if (!underlying(f.Kind)) continue;
    const id = def.schema.Fields.find((x) => x.Name === `${f.Name}_id`);
    if (id && id.Kind !== FieldKind.DocID) {
      return ErrRelationalFieldIDInvalidType({ Field: id.Name, Expected: 'ID', Actual: kindString(id.Kind) });
    }
  }
  for (const f of def.version.Fields ?? []) {
    if (f.Kind === null || !underlying(f.Kind) || isRelationKind(f.Kind) && f.Kind.Array) continue;
    const id = def.schema.Fields.find((x) => x.Name === `${f.Name}_id`);
    if (id && id.Kind !== FieldKind.DocID) {
      return ErrRelationalFieldIDInvalidType({ Field: id.Name, Expected: 'ID', Actual: kindString(id.Kind) });
    }
  }
  return undefined;
};

/** `@policy` needs both id and resource. */
export const policyArguments: DefinitionRule = (def) => {
  const p = def.version.Policy;
  if (p && (p.ID === '' || p.ResourceName === '')) return ErrMissingPolicyArgs();
  return undefined;
};

/** Collections (unlike views) are always materialized. */
export const collectionsMaterialized: DefinitionRule = (def) =>
  !def.embedded && !def.version.IsMaterialized ? ErrNonMaterializedCollection({ Collection: def.version.Name }) : undefined;

export const definitionRules: readonly DefinitionRule[] = [
  relationIdFieldKind, secondaryFieldsPairUp, relationPointsToValidKind, singleSidePrimary, policyArguments,
  collectionsMaterialized,
];

export function validateDocument(doc: DocumentNode, existing: ReadonlySet<string>, rules = documentRules): void {
  for (const rule of rules) {
    const e = rule(doc, existing);
    if (e) throw e;
  }
}

/** Runs the definition rules per new definition, in SDL order, throwing the first error. */
export function validateDefinitions(drafts: DraftDefinition[], known: DraftDefinition[], rules = definitionRules): void {
  const byName = new Map(known.map((d) => [d.schema.Name, d]));
  for (const d of drafts) byName.set(d.schema.Name, d);
  for (const d of drafts) {
    for (const rule of rules) {
      const e = rule(d, byName);
      if (e) throw e;
    }
  }
}
