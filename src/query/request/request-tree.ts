// The one typed request tree built from the validated graphql-js AST. Plain immutable data with a
// `kind` discriminant; the planner and executor dispatch on `kind`.

/** A coerced filter argument (`{age: {_gt: 3}, _or: [...]}`), kept as the user wrote it. */
export type Filter = Readonly<Record<string, unknown>>;

export interface OrderTerm {
  /** Path of field names (`['author', 'name']`), or `['_alias', key]` for an aliased selection. */
  readonly path: readonly string[];
  readonly desc: boolean;
}

export interface FieldNode {
  readonly kind: 'Field';
  readonly key: string;
  /** Scalar field, `_docID`, `_deleted`, `<rel>_id` or `_similarity`. */
  readonly name: string;
  /** For `_similarity(<field>: {vector})`: the vector field and the query vector. */
  readonly similarity?: { readonly field: string; readonly vector: readonly number[] };
}

export interface TypenameNode {
  readonly kind: 'Typename';
  readonly key: string;
  readonly typename: string;
}

/** Arguments shared by root selects, list relations and `_group`. */
export interface ListArgs {
  readonly docIDs: readonly string[] | undefined;
  readonly filter: Filter | undefined;
  readonly order: readonly OrderTerm[];
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly groupBy: readonly string[] | undefined;
}

export interface SelectNode extends ListArgs {
  readonly kind: 'Select';
  readonly key: string;
  /** Root: the collection name; nested: the relation field name or `_group`. */
  readonly name: string;
  readonly collection: string;
  readonly cid: string | undefined;
  readonly showDeleted: boolean;
  readonly fields: readonly Selection[];
}

export interface CommitSelectNode {
  readonly kind: 'CommitSelect';
  readonly key: string;
  readonly name: string;
  readonly fields: readonly Selection[];
}

export type AggregateOp = '_count' | '_sum' | '_avg' | '_min' | '_max';

export interface AggregateSource {
  /** The list child aggregated: relation field, inline array field, `_group`, `_version` or (root) a collection. */
  readonly name: string;
  readonly field: string | undefined;
  readonly filter: Filter | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  /** For relation/group sources: order terms; for inline arrays: one term with an empty path. */
  readonly order: readonly OrderTerm[];
}

export interface AggregateNode {
  readonly kind: 'Aggregate';
  readonly key: string;
  readonly op: AggregateOp;
  readonly sources: readonly AggregateSource[];
}

export type Selection = FieldNode | TypenameNode | SelectNode | AggregateNode | CommitSelectNode | CommitsNode;

export interface CommitsNode {
  readonly kind: 'Commits';
  readonly key: string;
  readonly latest: boolean;
  readonly docID: string | undefined;
  /** null: explicitly `fieldName: null` (selects collection commits). */
  readonly fieldName: string | null | undefined;
  readonly cid: string | undefined;
  readonly depth: number | undefined;
  readonly order: readonly OrderTerm[];
  readonly groupBy: readonly string[] | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly fields: readonly Selection[];
}

export type MutationOp = 'create' | 'update' | 'delete' | 'upsert';

export interface MutationNode {
  readonly kind: 'Mutation';
  readonly key: string;
  readonly op: MutationOp;
  readonly collection: string;
  /** create: the docs to create; update: one patch; upsert: [create, update]. */
  readonly inputs: readonly Readonly<Record<string, unknown>>[];
  readonly docIDs: readonly string[] | undefined;
  readonly filter: Filter | undefined;
  readonly encrypt: boolean;
  readonly encryptFields: readonly string[];
  /** The returned documents' selection. */
  readonly select: SelectNode;
}

export type RootSelection = SelectNode | CommitsNode | AggregateNode | MutationNode | TypenameNode;

export type ExplainType = 'simple' | 'debug' | 'execute';

export interface OperationNode {
  readonly kind: 'Operation';
  readonly operation: 'query' | 'mutation' | 'subscription';
  readonly name: string | undefined;
  readonly explain: ExplainType | undefined;
  readonly selections: readonly RootSelection[];
}
