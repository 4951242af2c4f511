// `_similarity(<field>: {vector: [...]})`: DefraDB's similarity of a numeric array field to a
// query vector, computed as their dot product (what DefraDB v0.19 returns: [2,4,1]·[1,2,0] = 10).

import { FieldKind } from '../../client/index.ts';
import type { CollectionModel } from '../model/collection-model.ts';
import type { SourceDoc } from '../source.ts';

export class SimilarityError extends Error {
  readonly code = 'similarity-length-mismatch';
}

export function similarity(doc: SourceDoc, coll: CollectionModel, field: string, vector: readonly number[]): number | null {
  const source = doc.fields[field];
  if (!Array.isArray(source)) return null;
  if (source.length !== vector.length) {
    throw new SimilarityError(`source and vector must be of the same length. Source: ${source.length}, Vector: ${vector.length}`);
  }
  const f = coll.byName.get(field);
  const f32 = f?.kind === 'scalar' && f.scalar === FieldKind.Float32Array;
  let sum = 0;
  for (let i = 0; i < source.length; i++) {
    sum += Number(source[i]) * vector[i]!;
    if (f32) sum = Math.fround(sum);
  }
  return sum;
}
