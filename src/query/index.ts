export type {
  CommitQuery, CommitRecord, IndexFieldCond, IndexProbe, IndexScan, IndexScanStats, QuerySource, ScanOptions, ScanPrefilter, SourceDoc,
} from './source.ts';
export { executeOrSubscribe, executeRequest } from './execute-request.ts';
export type { RequestOutcome } from './execute-request.ts';
export { Subscription } from './subscription.ts';
export { generateSchema, schemaFor } from './schema-gen/generate.ts';
export type { GeneratedSchema } from './schema-gen/generate.ts';
export { buildModel } from './model/collection-model.ts';
export type { CollectionModel, FieldModel, Model, RelationField, ScalarField } from './model/collection-model.ts';
export { compileFilter, compileValueFilter } from './filter/compile-filter.ts';
export type { DocPredicate, FilterEnv } from './filter/compile-filter.ts';
export type * from './request/request-tree.ts';
