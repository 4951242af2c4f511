// Request tree → plan tree (the shape DefraDB's planner builds): selectTopNode → aggregates →
// limit → order → group → selectNode → scan, with one typeIndexJoin per joined child selection.

import type { CollectionDefinition } from '../../client/index.ts';
import type { CollectionModel, Model, RelationField } from '../model/collection-model.ts';
import type {
  AggregateNode, CommitsNode, Filter, MutationNode, OperationNode, OrderTerm, RootSelection, SelectNode,
} from '../request/request-tree.ts';
import { planAggregates } from './plan-aggregates.ts';
import type { HiddenChild } from './plan-aggregates.ts';
import { namedNode, planNode } from './plan-tree.ts';
import type { PlanNode } from './plan-tree.ts';

export interface PlanEnv {
  readonly model: Model;
  readonly defs: readonly CollectionDefinition[];
  shortID(collection: string): number;
}

export function buildPlan(env: PlanEnv, op: OperationNode): PlanNode {
  return planNode('operationNode', {}, op.selections.map((s) => rootPlan(env, s)));
}

const emptySelect = (name: string, collection: string, filter?: Filter): SelectNode => ({
  kind: 'Select', key: name, name, collection, cid: undefined, showDeleted: false, docIDs: undefined,
  filter, order: [], limit: undefined, offset: undefined, groupBy: undefined, fields: [],
});

function rootPlan(env: PlanEnv, s: RootSelection): PlanNode {
  switch (s.kind) {
    case 'Select': return selectTop(env, s);
    case 'Mutation': return mutationPlan(env, s);
    case 'Aggregate': return topLevelPlan(env, s);
    case 'Commits': return commitsPlan(s);
    case 'Typename': return planNode('selectTopNode');
  }
}

/** `_count(Author: {...})` at the root: one select per source, then the aggregate nodes. */
function topLevelPlan(env: PlanEnv, a: AggregateNode): PlanNode {
  const selects = a.sources.map((src) => selectTop(env, {
    ...emptySelect(src.name, src.name, src.filter), limit: src.limit, offset: src.offset, order: src.order,
  }, src));
  const { nodes } = planAggregates(env.model, [a], env.model.byName.get(a.sources[0]?.name ?? ''), true);
  return planNode('topLevelNode', {}, [...selects, ...nodes.reverse().map((n) => planNode(n.kind, n.attrs, [], n.ref))], a);
}

function commitsPlan(s: CommitsNode): PlanNode {
  const composite = s.latest && s.fieldName === undefined;
  const fieldName = composite ? '_C' : s.fieldName ?? null;
  const prefixes = s.docID === undefined ? [] : [composite || s.fieldName === '_C' ? `/d/${s.docID}/C` : `/d/${s.docID}`];
  return planNode('selectTopNode', {}, [planNode('selectNode', { docID: null, filter: null }, [
    planNode('dagScanNode', { cid: s.cid ?? null, fieldName, prefixes }, [], s),
  ], s)], s);
}

function mutationPlan(env: PlanEnv, m: MutationNode): PlanNode {
  const kind = `${m.op}Node` as const;
  const filter = m.filter && Object.keys(m.filter).length ? m.filter : undefined;
  const attrs: Record<string, unknown> = m.op === 'create' ? { input: m.inputs }
    : m.op === 'upsert' ? { create: m.inputs[0] ?? null, update: m.inputs[1] ?? null, filter: filter ?? null }
    : m.op === 'update' ? { docID: m.docIDs ?? null, filter: filter ?? null, input: m.inputs[0] ?? null }
    : { docID: m.docIDs ?? null, filter: filter ?? null };
  const select = m.op === 'create' ? m.select : { ...m.select, filter: filter ?? m.select.filter, docIDs: m.docIDs ?? m.select.docIDs };
  return planNode(kind, attrs, [selectTop(env, select, m.select)], m);
}

export function selectTop(env: PlanEnv, sel: SelectNode, ref: object = sel): PlanNode {
  const coll = env.model.byName.get(sel.collection);
  const aggs = sel.fields.filter((f): f is AggregateNode => f.kind === 'Aggregate');
  const { nodes: aggNodes, hidden } = planAggregates(env.model, aggs, coll, false, sel.fields);
  let node = selectNodePlan(env, sel, coll, hidden, ref);
  // each `_similarity` selection is computed by a node of its own over the select's rows
  for (const f of sel.fields) if (f.kind === 'Field' && f.similarity) node = planNode('similarityNode', {}, [node], ref);
  if (sel.groupBy) {
    const groups = [
      ...sel.fields.filter((f): f is SelectNode => f.kind === 'Select' && f.name === '_group'),
      ...hidden.filter((h) => h.name === '_group').map((h) => ({ ...emptySelect('_group', sel.collection, h.filter), limit: h.limit, offset: h.offset, order: h.order })),
    ];
    const childSelects = groups.map((g) => ({
      collectionName: sel.collection, docID: g.docIDs ?? null, filter: g.filter ?? null,
      groupBy: g.groupBy ? [...g.groupBy, ...sel.groupBy!] : null,
      limit: g.limit !== undefined || g.offset !== undefined ? { limit: g.limit ?? null, offset: g.offset ?? 0 } : null,
      orderBy: g.order.length ? orderings(g.order) : null,
    }));
    node = planNode('groupNode', { groupByFields: sel.groupBy, childSelects }, [node], ref);
  }
  if (sel.order.length) node = planNode('orderNode', { orderings: orderings(sel.order) }, [node], ref);
  if (sel.limit !== undefined || sel.offset !== undefined) {
    node = planNode('limitNode', { limit: sel.limit ?? null, offset: sel.offset ?? 0 }, [node], ref);
  }
  for (const a of [...aggNodes].reverse()) node = planNode(a.kind, a.attrs, [node], a.ref);
  return planNode('selectTopNode', {}, [node], ref);
}

function orderings(terms: readonly OrderTerm[]): unknown[] {
  return terms.map((t) => ({ direction: t.desc ? 'DESC' : 'ASC', fields: t.path }));
}

function selectNodePlan(
  env: PlanEnv, sel: SelectNode, coll: CollectionModel | undefined, hidden: readonly HiddenChild[], ref: object,
): PlanNode {
  const { own, related } = splitFilter(sel.filter, coll);
  const scan = scanPlan(env, sel.collection, own, sel.docIDs, ref);
  const children: { field: RelationField; sub: SelectNode }[] = [];
  if (coll) {
    for (const s of sel.fields) {
      if (s.kind !== 'Select' || s.name === '_group') continue;
      const f = coll.byName.get(s.name);
      if (f?.kind === 'relation') children.push({ field: f, sub: s });
    }
    for (const h of hidden) {
      const f = coll.byName.get(h.name);
      if (f?.kind !== 'relation') continue;
      children.push({ field: f, sub: { ...emptySelect(h.name, f.target, h.filter), limit: h.limit, offset: h.offset, order: h.order } });
    }
    // relations only named in the filter are joined too
    for (const k of Object.keys(related ?? {})) {
      const f = coll.byName.get(k);
      if (f?.kind === 'relation' && !children.some((c) => c.field.name === k)) children.push({ field: f, sub: emptySelect(k, f.target) });
    }
  }
  const root = children.length > 1 ? planNode('multiScanNode', {}, [scan], ref) : scan;
  const joins = children.map(({ field: f, sub }) => {
    const one = !f.isArray;
    const attrs: Record<string, unknown> = {
      joinType: one ? 'typeJoinOne' : 'typeJoinMany', rootName: f.counterpart ?? coll!.name.toLowerCase(), subTypeName: f.name,
    };
    if (one) attrs['direction'] = f.isPrimary ? 'primary' : 'secondary';
    const join = namedNode(one ? 'typeJoinOne' : 'typeJoinMany', {}, { root, subType: selectTop(env, sub) }, sub);
    return planNode('typeIndexJoin', attrs, [join], sub);
  });
  let body = joins.length === 0 ? scan : joins.length === 1 ? joins[0]! : planNode('parallelNode', {}, joins, ref);
  if (sel.groupBy) body = planNode('pipeNode', {}, [body], ref);
  return planNode('selectNode', { docID: sel.docIDs ?? null, filter: related ?? null }, [body], ref);
}

function scanPlan(env: PlanEnv, collection: string, filter: Filter | undefined, docIDs: readonly string[] | undefined, ref: object): PlanNode {
  const def = env.defs.find((d) => d.version.Name === collection);
  const id = env.shortID(collection);
  return planNode('scanNode', {
    filter: filter ?? null,
    collectionID: def?.version.CollectionID ?? null,
    collectionName: collection,
    prefixes: docIDs && docIDs.length ? docIDs.map((d) => `/${id}/${d}`) : [`/${id}`],
  }, [], ref);
}

/** Conditions on the collection's own fields go to the scan; relation conditions stay on the select. */
function splitFilter(f: Filter | undefined, coll: CollectionModel | undefined): { own?: Filter; related?: Filter } {
  if (!f || !coll) return f ? { own: f } : {};
  const own: Record<string, unknown> = {};
  const related: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (coll.byName.get(k)?.kind === 'relation' || k === '_alias') related[k] = v;
    else own[k] = v;
  }
  return {
    ...(Object.keys(own).length ? { own } : {}),
    ...(Object.keys(related).length ? { related } : {}),
  };
}
