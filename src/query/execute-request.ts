// The whole DQL pipeline in one straight function, as graphql-js's `graphql()`: schema (cached)
// → parse → validate → request tree → plan → execute → `{data, errors?}`.

import {
  execute as gqlExecute, getOperationAST, getVariableValues, GraphQLError, Kind, parse,
} from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GQLResult, RequestOptions } from '../client/index.ts';
import { ExecContext } from './exec/exec-context.ts';
import { runRoot } from './exec/run-root.ts';
import { explainOperation } from './explain/explain.ts';
import { buildOperation } from './request/build-request.ts';
import { rewriteLegacySpellings } from './request/legacy-spellings.ts';
import { goSyntaxMessage } from './validate/go-syntax.ts';
import { schemaFor } from './schema-gen/generate.ts';
import type { QuerySource } from './source.ts';
import { validateRequest } from './validate/go-rules.ts';
import { Subscription } from './subscription.ts';

/** A query/mutation result, or a prepared subscription the caller feeds with committed changes. */
export type RequestOutcome = { kind: 'result'; result: GQLResult } | { kind: 'subscription'; subscription: Subscription };

const fail = (message: string): GQLResult => ({ data: null, errors: [{ message }] });

export async function executeRequest(source: QuerySource, text: string, opts: RequestOptions = {}): Promise<GQLResult> {
  const out = await executeOrSubscribe(source, text, opts);
  return out.kind === 'result' ? out.result : fail('subscriptions need a subscription-capable caller');
}

/** As `executeRequest`, but a `subscription` operation comes back prepared instead of run. */
export async function executeOrSubscribe(source: QuerySource, text: string, opts: RequestOptions = {}): Promise<RequestOutcome> {
  const r = await run(source, text, opts);
  return r instanceof Subscription ? { kind: 'subscription', subscription: r } : { kind: 'result', result: r };
}

/** A request text checked against one schema: its document, or the error messages. */
type Checked = { doc: DocumentNode; errors?: undefined } | { doc?: undefined; errors: string[] };
const CHECKED_MAX = 512;
const checkedBySchema = new WeakMap<GraphQLSchema, Map<string, Checked>>();

/** parse → legacy rewrite → validate, memoised per schema by request text (pure in both). */
function checkRequest(schema: GraphQLSchema, text: string): Checked {
  let cache = checkedBySchema.get(schema);
  if (!cache) checkedBySchema.set(schema, (cache = new Map()));
  let c = cache.get(text);
  if (c) return c;
  try {
    const doc = rewriteLegacySpellings(schema, parse(text), text);
    const errors = validateRequest(schema, doc);
    c = errors.length ? { errors } : { doc };
  } catch (e) {
    c = { errors: [goSyntaxMessage(e, text) ?? (e as Error).message] };
  }
  if (cache.size >= CHECKED_MAX) cache.delete(cache.keys().next().value!);
  cache.set(text, c);
  return c;
}

async function run(source: QuerySource, text: string, opts: RequestOptions): Promise<GQLResult | Subscription> {
  const { schema, model } = schemaFor(source.definitionsKey(), () => source.definitions());
  const checked = checkRequest(schema, text);
  if (checked.errors) return { data: null, errors: checked.errors.map((message) => ({ message })) };
  const doc = checked.doc;
  const op = getOperationAST(doc, opts.operationName);
  if (!op) {
    return fail(opts.operationName ? `Unknown operation named "${opts.operationName}".` : 'Must provide operation name if query contains multiple operations.');
  }
  if (isIntrospection(op)) {
    const r = await gqlExecute({ schema, document: doc, operationName: opts.operationName, variableValues: opts.variables });
    return { data: r.data ? JSON.parse(JSON.stringify(r.data)) : null, ...(r.errors ? { errors: r.errors.map((e) => ({ message: e.message })) } : {}) };
  }
  const vars = getVariableValues(schema, op.variableDefinitions ?? [], opts.variables ?? {});
  if (vars.errors) return { data: null, errors: vars.errors.map((e) => ({ message: e.message })) };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  try {
    const tree = buildOperation({ schema, model, fragments, variables: vars.coerced }, op);
    const ctx = new ExecContext(source, model);
    if (tree.explain) return { data: await explainOperation(ctx, tree) };
    if (tree.operation === 'subscription') {
      const first = tree.selections[0];
      if (first?.kind !== 'Select') return fail('subscription root must select a collection');
      return new Subscription(first, model);
    }
    const data: Record<string, unknown> = {};
    for (const sel of tree.selections) data[sel.key] = await runRoot(ctx, sel);
    return { data };
  } catch (e) {
    const msg = e instanceof GraphQLError || e instanceof Error ? e.message : String(e);
    return fail(msg);
  }
}

function isIntrospection(op: OperationDefinitionNode): boolean {
  return op.operation === 'query' && op.selectionSet.selections.some(
    (s) => s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type'),
  );
}
