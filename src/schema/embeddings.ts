// Validation of `VectorEmbeddings` on collection versions (defradb:internal/db/embedding.go and
// definition_validation.go): every problem of every embedding, joined like Go's errors.Join.

import { FieldKind } from '../client/index.ts';
import type { CollectionVersion, DefraError, Kind, SchemaDescription } from '../client/index.ts';
import { defraError } from '../client/index.ts';
import { kindString } from './kind-names.ts';

export const ErrEmptyFieldNameForEmbedding = defraError('embedding-field-name', 'embedding FieldName cannot be empty');
export const ErrEmptyFieldsForEmbedding = defraError('embedding-fields', 'embedding Fields cannot be empty');
export const ErrEmptyProviderForEmbedding = defraError('embedding-provider', 'embedding Provider cannot be empty');
export const ErrEmptyModelForEmbedding = defraError('embedding-model', 'embedding Model cannot be empty');
export const ErrUnknownEmbeddingProvider = defraError('embedding-unknown-provider', 'unknown embedding provider');
export const ErrFieldNotExist = defraError('embedding-field-missing', 'the given field does not exist');
export const ErrEmbeddingFieldEmbedding = defraError('embedding-self', 'embedding fields cannot refer to self or another embedding field');
export const ErrInvalidTypeForEmbeddingGeneration = defraError('embedding-field-kind', 'invalid field type for vector embedding generation');

export interface VectorEmbeddingDescription {
  FieldName: string; Fields: string[]; Model: string; Provider: string; Template: string; URL: string;
}

export const EMBEDDING_PROVIDERS = new Set(['ollama', 'openai']);

/** Kinds whose values can be rendered into an embedding prompt. */
const promptKinds = new Set<Kind>([FieldKind.String, FieldKind.Int, FieldKind.Float64, FieldKind.Float32, FieldKind.Bool, FieldKind.DateTime, FieldKind.DocID]);

/** Go's struct shape and order, zero values filled in. */
export function normaliseEmbedding(raw: unknown): VectorEmbeddingDescription {
  const o = (raw ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    FieldName: str(o.FieldName), Fields: Array.isArray(o.Fields) ? o.Fields.map(String) : [], Model: str(o.Model),
    Provider: str(o.Provider), Template: str(o.Template), URL: str(o.URL),
  };
}

export function validateEmbeddings(col: CollectionVersion, schema: SchemaDescription | undefined): DefraError[] {
  const errs: DefraError[] = [];
  const embeddings = (col.VectorEmbeddings ?? []).map(normaliseEmbedding);
  const kindOf = (name: string): Kind | undefined => schema?.Fields.find((f) => f.Name === name)?.Kind;
  const vectorFields = new Set(embeddings.map((e) => e.FieldName));
  for (const e of embeddings) {
    if (e.FieldName === '') { errs.push(ErrEmptyFieldNameForEmbedding()); continue; }
    if (kindOf(e.FieldName) === undefined) { errs.push(ErrFieldNotExist({ 'Vector field': e.FieldName })); continue; }
    if (e.Fields.length === 0) { errs.push(ErrEmptyFieldsForEmbedding()); continue; }
    for (const f of e.Fields) {
      const kind = kindOf(f);
      if (kind === undefined) { errs.push(ErrFieldNotExist({ 'Embedding generation field': f })); continue; }
      if (f === e.FieldName) { errs.push(ErrEmbeddingFieldEmbedding({ Field: f })); continue; }
      if (vectorFields.has(f)) errs.push(ErrEmbeddingFieldEmbedding({ Field: f }));
      if (!promptKinds.has(kind)) errs.push(ErrInvalidTypeForEmbeddingGeneration({ Actual: kindString(kind) }));
    }
  }
  // Provider and model are checked in later passes over all embeddings, as upstream does.
  for (const e of embeddings) {
    if (e.Provider === '') errs.push(ErrEmptyProviderForEmbedding());
    if (!EMBEDDING_PROVIDERS.has(e.Provider)) errs.push(ErrUnknownEmbeddingProvider({ Provider: e.Provider }));
  }
  for (const e of embeddings) if (e.Model === '') errs.push(ErrEmptyModelForEmbedding());
  return errs;
}
