// Schema errors, keeping DefraDB's message texts (internal/request/graphql/schema/errors.go,
// internal/db/errors.go, client/errors.go) because clients and the corpus match on them.

import { DefraError, defraError } from '../client/index.ts';

// --- SDL parsing (request/graphql/schema) ---
export const ErrNonNullNotSupported = defraError('schema-non-null', 'NonNull fields are not currently supported');
export const ErrNonNullForTypeNotSupported = defraError('schema-non-null-type', 'NonNull variants for type are not supported');
export const ErrNestedListNotSupported = defraError('schema-nested-list', 'nested list types are not supported');
export const ErrTypeNotFound = defraError('schema-type-not-found', 'no type found for given name');
export const ErrDuplicateField = defraError('schema-duplicate-field', 'duplicate field');
export const ErrSchemaTypeAlreadyExist = defraError('schema-type-exists', 'schema type already exists');
export const ErrRelationMissingField = defraError('schema-relation-missing-field', 'relation missing field');
export const ErrMultipleRelationPrimaries = defraError('schema-multiple-primaries', 'relation can only have a single field set as primary');
export const ErrIndexMissingFields = defraError('schema-index-missing-fields', 'index missing fields');
export const ErrIndexWithUnknownArg = defraError('schema-index-unknown-arg', 'index with unknown argument');
export const ErrIndexWithInvalidArg = defraError('schema-index-invalid-arg', 'index with invalid argument');
export const ErrIndexWithInvalidName = defraError('schema-index-invalid-name', 'index with invalid name');
export const ErrPolicyWithUnknownArg = defraError('schema-policy-unknown-arg', 'policy with unknown argument');
export const ErrPolicyInvalidIDProp = defraError('schema-policy-invalid-id', 'policy directive with invalid id property');
export const ErrPolicyInvalidResourceProp = defraError('schema-policy-invalid-resource', 'policy directive with invalid resource property');
export const ErrMissingPolicyArgs = defraError('schema-policy-missing-args', 'missing policy arguments, must have both id and resource');
export const ErrDefaultValueNotAllowed = defraError('schema-default-not-allowed', 'default value is not allowed for this field type');
export const ErrDefaultValueOneArg = defraError('schema-default-one-arg', 'default value must specify one argument');
export const ErrDefaultValueTypeMismatch = defraError('schema-default-type', 'default value type must match field type');
export const ErrDefaultValueInvalid = defraError('schema-default-invalid', 'default value is invalid');
export const ErrInvalidTypeForConstraint = defraError('schema-size-constraint', 'size constraint can only be applied to array fields');
export const ErrReservedName = defraError('schema-reserved-name', 'the given name is reserved');
export const ErrSyntax = defraError('schema-syntax', 'parsing SDL');

/** `Argument "x" has invalid value y.`: graphql-go's directive argument check. */
export const errArgumentInvalidValue = (arg: string, printed: string): DefraError =>
  new DefraError('schema-invalid-argument', `Argument "${arg}" has invalid value ${printed}.`);

/** GraphQL name check applied to patched field names. */
export const errInvalidName = (name: string): DefraError =>
  new DefraError('schema-invalid-name', `Names must match /^[_a-zA-Z][_a-zA-Z0-9]*$/ but "${name}" does not.`);

// --- client ---
export const ErrInvalidCRDTType = defraError('crdt-invalid-type', 'CRDT type not supported');
export const errCRDTKindMismatch = (ctype: string, kind: string): DefraError =>
  new DefraError('crdt-kind-mismatch', `CRDT type ${ctype} can't be assigned to field kind ${kind}`);

// --- db: definitions and schema patches ---
export const ErrFieldKindNotFound = defraError('schema-field-kind-not-found', 'no type found for given name');
export const ErrRelationalFieldIDInvalidType = defraError('schema-relation-id-kind', 'relational id field of invalid kind');
export const ErrSchemaNameEmpty = defraError('schema-name-empty', "schema name can't be empty");
export const ErrAddSchemaWithPatch = defraError('schema-add-via-patch', 'adding schema via patch is not supported');
export const ErrSchemaRootDoesntMatch = defraError('schema-root-mismatch', 'SchemaRoot does not match existing');
export const ErrCannotModifySchemaName = defraError('schema-name-mutated', 'modifying the schema name is not supported');
export const ErrCannotSetVersionID = defraError('schema-version-set', 'setting the VersionID is not supported');
export const ErrSecondaryFieldOnSchema = defraError('schema-secondary-field', 'secondary relation fields cannot be defined on the schema');
export const ErrCannotMutateField = defraError('schema-field-mutated', 'mutating an existing field is not supported');
export const ErrCannotMoveField = defraError('schema-field-moved', 'moving fields is not currently supported');
export const ErrCannotDeleteField = defraError('schema-field-deleted', 'deleting an existing field is not supported');
export const ErrPatchDuplicateField = defraError('schema-duplicate-field', 'duplicate field');
export const ErrSchemaVersionIDEmpty = defraError('schema-version-empty', "schema version ID can't be empty");
export const ErrKeyNotFound = defraError('key-not-found', 'key not found');
export const ErrIndexDoesNotMatchName = defraError('schema-patch-index-name', 'the index used does not match the given name');
export const ErrCollectionAlreadyExists = defraError('collection-exists', 'collection already exists');

// --- db: collection patches ---
export const ErrCollectionNameEmpty = defraError('collection-name-empty', "collection name can't be empty");
export const ErrCollectionNameMutated = defraError('collection-name-mutated', 'collection name cannot be mutated');
export const ErrCollectionIDMutated = defraError('collection-id-mutated', 'collection ID cannot be mutated');
export const ErrCollectionFieldsMutated = defraError('collection-fields-mutated', 'collection fields cannot be mutated');
export const ErrCollectionIndexesMutated = defraError('collection-indexes-mutated', 'collection indexes cannot be mutated');
export const ErrCollectionPolicyMutated = defraError('collection-policy-mutated', 'collection policy cannot be mutated');
export const ErrCollectionSourcesAddedRemoved = defraError('collection-sources', 'collection sources cannot be added or removed');
export const ErrCollectionSourceIDMutated = defraError('collection-source-id', 'collection source ID cannot be mutated');
export const ErrCollectionsCannotBeDeleted = defraError('collection-deleted', 'collections cannot be deleted');
export const ErrAddCollectionWithPatch = defraError('collection-add-via-patch', 'adding collections via patch is not supported');
export const ErrMaterializedViewsNoACP = defraError('collection-view-acp', 'materialized views do not support ACP');
export const ErrNonMaterializedCollection = defraError('collection-not-materialized', 'non-materialized collections are not supported');
export const ErrMultipleActiveVersions = defraError('collection-multiple-active', 'multiple versions of same collection cannot be active');

/** Several validation failures at once, rendered like Go's errors.Join (one per line). */
export function joinErrors(errs: DefraError[]): DefraError | undefined {
  if (errs.length === 0) return undefined;
  if (errs.length === 1) return errs[0];
  const e = new DefraError(errs[0].code, errs.map((x) => x.message).join('\n'));
  return e;
}
