// graphql-js AST (already validated) → the request tree. Fragments are flattened, variables and
// list coercion are resolved by graphql-js's own argument coercion.

import {
  getArgumentValues, getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, isObjectType, Kind,
} from 'graphql';
import type {
  FieldNode as AstField, FragmentDefinitionNode, GraphQLField, GraphQLObjectType, GraphQLSchema, OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { ExplainDirective } from '../schema-gen/builtins.ts';
import type { Model } from '../model/collection-model.ts';
import type {
  AggregateNode, AggregateOp, AggregateSource, CommitsNode, ExplainType, Filter, MutationNode, MutationOp, OperationNode,
  OrderTerm, RootSelection, SelectNode, Selection,
} from './request-tree.ts';
import { checkSelect } from './select-checks.ts';

export interface BuildContext {
  readonly schema: GraphQLSchema;
  readonly model: Model;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Record<string, unknown>;
}

type Args = Record<string, unknown>;

/** Coerced arguments as ordinary objects (graphql-js builds null-prototype ones). */
function argValues(def: GraphQLField<unknown, unknown>, f: AstField, ctx: BuildContext): Args {
  return plain(getArgumentValues(def, f, ctx.variables)) as Args;
}

function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

export function buildOperation(ctx: BuildContext, op: OperationDefinitionNode): OperationNode {
  const root = op.operation === 'query' ? ctx.schema.getQueryType()
    : op.operation === 'mutation' ? ctx.schema.getMutationType() : ctx.schema.getSubscriptionType();
  const explainArgs = getDirectiveValues(ExplainDirective, op, ctx.variables);
  const explain = explainArgs ? ((explainArgs['type'] as ExplainType | undefined) ?? 'simple') : undefined;
  const selections: RootSelection[] = [];
  for (const f of collectFields(ctx, op.selectionSet)) {
    const name = f.name.value;
    const key = f.alias?.value ?? name;
    if (name === '__typename') { selections.push({ kind: 'Typename', key, typename: root!.name }); continue; }
    const def = root!.getFields()[name]!;
    const args = argValues(def, f, ctx);
    if (op.operation === 'mutation') selections.push(buildMutation(ctx, f, key, name, args));
    else if (name === 'commits' || name === 'latestCommits' || name === '_commits' || name === '_latestCommits') {
      selections.push(buildCommits(ctx, f, key, name.includes('atest'), args));
    } else if (isAggregate(name)) selections.push(buildAggregate(key, name, args, f));
    else selections.push(buildSelect(ctx, f, key, name, name, args, true));
  }
  return { kind: 'Operation', operation: op.operation, name: op.name?.value, explain, selections };
}

/** Fields of a selection set with fragments flattened and @skip/@include applied. */
export function collectFields(ctx: BuildContext, set: SelectionSetNode | undefined, out: AstField[] = []): AstField[] {
  for (const s of set?.selections ?? []) {
    if (getDirectiveValues(GraphQLSkipDirective, s, ctx.variables)?.['if'] === true) continue;
    if (getDirectiveValues(GraphQLIncludeDirective, s, ctx.variables)?.['if'] === false) continue;
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) collectFields(ctx, s.selectionSet, out);
    else {
      const frag = ctx.fragments[s.name.value];
      if (frag) collectFields(ctx, frag.selectionSet, out);
    }
  }
  return out;
}

const isAggregate = (n: string): n is AggregateOp => n === '_count' || n === '_sum' || n === '_avg' || n === '_min' || n === '_max';

const num = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : Number(v));

function buildSelect(
  ctx: BuildContext, f: AstField, key: string, name: string, collection: string, args: Args, root: boolean,
): SelectNode {
  const type = ctx.schema.getType(collection) as GraphQLObjectType;
  const docIDs = args['docID'] as string[] | string | null | undefined;
  const node: SelectNode = {
    kind: 'Select', key, name, collection,
    docIDs: docIDs === null || docIDs === undefined ? undefined : Array.isArray(docIDs) ? docIDs : [docIDs],
    cid: root ? (args['cid'] as string | undefined) ?? undefined : undefined,
    showDeleted: args['showDeleted'] === true,
    filter: (args['filter'] as Filter | null | undefined) ?? undefined,
    order: orderTerms(args['order']),
    // `limit: 0` means no limit (as DefraDB)
    limit: num(args['limit']) || undefined,
    offset: num(args['offset']),
    groupBy: (args['groupBy'] as string[] | null | undefined) ?? undefined,
    fields: buildObjectFields(ctx, type, f.selectionSet),
  };
  checkSelect(node, args['order'], ctx.model.byName.get(collection));
  return node;
}

function buildObjectFields(ctx: BuildContext, type: GraphQLObjectType, set: SelectionSetNode | undefined): Selection[] {
  const out: Selection[] = [];
  const coll = ctx.model.byName.get(type.name);
  for (const f of collectFields(ctx, set)) {
    const name = f.name.value;
    const key = f.alias?.value ?? name;
    if (name === '__typename') { out.push({ kind: 'Typename', key, typename: type.name }); continue; }
    const def: GraphQLField<unknown, unknown> | undefined = type.getFields()[name];
    if (!def) continue;
    const args = argValues(def, f, ctx);
    if (type.name === 'Commit' || type.name === 'CommitLink' || type.name === 'Signature') {
      out.push(buildCommitChild(ctx, f, key, name, def, args));
      continue;
    }
    if (isAggregate(name)) { out.push(buildAggregate(key, name, args, f)); continue; }
    if (name === '_version') { out.push({ kind: 'CommitSelect', key, name, fields: commitFields(ctx, f) }); continue; }
    if (name === '_group') { out.push(buildSelect(ctx, f, key, name, type.name, args, false)); continue; }
    if (name === '_similarity') {
      const [field, sel] = Object.entries(args).find(([, v]) => v !== undefined && v !== null) ?? [];
      const vector = ((sel as Args | undefined)?.['vector'] ?? []) as number[];
      out.push({ kind: 'Field', key, name, ...(field ? { similarity: { field, vector: vector.map(Number) } } : {}) });
      continue;
    }
    const field = coll?.byName.get(name);
    if (field?.kind === 'relation') out.push(buildSelect(ctx, f, key, name, field.target, args, false));
    else out.push({ kind: 'Field', key, name });
  }
  return out;
}

function commitFields(ctx: BuildContext, f: AstField): Selection[] {
  return buildObjectFields(ctx, ctx.schema.getType('Commit') as GraphQLObjectType, f.selectionSet);
}

function buildCommitChild(
  ctx: BuildContext, f: AstField, key: string, name: string, def: GraphQLField<unknown, unknown>, args: Args,
): Selection {
  if (name === '_count') {
    return { kind: 'Aggregate', key, op: '_count', sources: [{ name: String(args['field']), field: undefined, filter: undefined, limit: undefined, offset: undefined, order: [] }] };
  }
  let t = def.type as { ofType?: unknown };
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  if (isObjectType(t)) {
    return { kind: 'CommitSelect', key, name, fields: buildObjectFields(ctx, t, f.selectionSet) };
  }
  return { kind: 'Field', key, name };
}

function buildAggregate(key: string, op: AggregateOp, args: Args, f: AstField): AggregateNode {
  const sources: AggregateSource[] = [];
  // sources in the order the request wrote them (explain lists them so)
  const written = (f.arguments ?? []).map((a) => a.name.value);
  const names = Object.keys(args).sort((a, b) => written.indexOf(a) - written.indexOf(b));
  for (const name of names) {
    const raw = args[name];
    if (raw === undefined) continue;
    const sel = (raw ?? {}) as Args;
    const order = sel['order'];
    sources.push({
      name,
      field: sel['field'] as string | undefined,
      filter: (sel['filter'] as Filter | null | undefined) ?? undefined,
      limit: num(sel['limit']),
      offset: num(sel['offset']),
      order: typeof order === 'string' ? [{ path: [], desc: order === 'DESC' }] : orderTerms(order),
    });
  }
  return { kind: 'Aggregate', key, op, sources };
}

export function orderTerms(raw: unknown): OrderTerm[] {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: OrderTerm[] = [];
  const walk = (o: unknown, path: string[]): void => {
    if (o === null || o === undefined) return;
    if (typeof o === 'string') { out.push({ path, desc: o === 'DESC' }); return; }
    for (const [k, v] of Object.entries(o as Args)) walk(v, [...path, k]);
  };
  for (const o of list) walk(o, []);
  return out;
}

function buildCommits(ctx: BuildContext, f: AstField, key: string, latest: boolean, args: Args): CommitsNode {
  const docID = (args['docID'] as string | null | undefined) ?? undefined;
  // when the request is built, so that an @explain of it fails as running it does
  if (latest && !docID) throw new Error('Field "latestCommits" argument "docID" of type "ID!" is required but not provided.');
  return {
    kind: 'Commits', key, latest, docID,
    fieldName: args['fieldName'] as string | null | undefined,
    cid: (args['cid'] as string | null | undefined) ?? undefined,
    depth: num(args['depth']),
    order: orderTerms(args['order']),
    groupBy: (args['groupBy'] as string[] | null | undefined) ?? undefined,
    limit: num(args['limit']),
    offset: num(args['offset']),
    fields: commitFields(ctx, f),
  };
}

function buildMutation(ctx: BuildContext, f: AstField, key: string, name: string, args: Args): MutationNode {
  const i = name.indexOf('_');
  const op = name.slice(0, i) as MutationOp;
  const collection = name.slice(i + 1);
  const list = (v: unknown): Readonly<Record<string, unknown>>[] =>
    v === undefined || v === null ? [] : Array.isArray(v) ? v : [v as Record<string, unknown>];
  const inputs = op === 'upsert' ? [...list(args['create']), ...list(args['update'])] : list(args['input']);
  const docIDs = args['docID'] as (string | null)[] | string | null | undefined;
  const select = buildSelect(ctx, f, key, collection, collection, {}, true);
  return {
    kind: 'Mutation', key, op, collection, inputs,
    docIDs: docIDs === undefined || docIDs === null ? undefined
      : (Array.isArray(docIDs) ? docIDs : [docIDs]).filter((d): d is string => typeof d === 'string'),
    filter: (args['filter'] as Filter | null | undefined) ?? undefined,
    encrypt: args['encrypt'] === true,
    encryptFields: (args['encryptFields'] as string[] | undefined) ?? [],
    select,
  };
}
