// Request tree → plan tree (the shape DefraDB's planner builds): selectTopNode → aggregates →
// limit → order → group → selectNode → scan, with one typeIndexJoin per joined relation.

import type { CollectionDefinition } from '../../client/index.ts';
import type { CollectionModel, Model, RelationField } from '../model/collection-model.ts';
import type {
  AggregateNode, Filter, MutationNode, OperationNode, OrderTerm, RootSelection, SelectNode,
} from '../request/request-tree.ts';
import { namedNode, planNode } from './plan-tree.ts';
import type { PlanNode } from './plan-tree.ts';

export interface PlanEnv {
  readonly model: Model;
  readonly defs: readonly CollectionDefinition[];
  shortID(collection: string): number;
}

const aggKind = { _count: 'countNode', _sum: 'sumNode', _avg: 'averageNode', _min: 'minNode', _max: 'maxNode' } as const;

export function buildPlan(env: PlanEnv, op: OperationNode): PlanNode {
  return planNode('operationNode', {}, op.selections.map((s) => rootPlan(env, s)));
}

function rootPlan(env: PlanEnv, s: RootSelection): PlanNode {
  switch (s.kind) {
    case 'Select': return selectTop(env, s);
    case 'Mutation': return mutationPlan(env, s);
    case 'Aggregate': return planNode('topLevelNode', {}, [
      ...s.sources.map((src) => selectTop(env, {
        kind: 'Select', key: src.name, name: src.name, collection: src.name, cid: undefined, showDeleted: false,
        docIDs: undefined, filter: src.filter, order: src.order, limit: src.limit, offset: src.offset, groupBy: undefined, fields: [],
      })),
      planNode(aggKind[s.op]),
    ]);
    case 'Commits': return planNode('selectTopNode', {}, [planNode('selectNode', { docID: null, filter: null }, [
      planNode('dagScanNode', { cid: s.cid ?? null, fieldName: s.fieldName ?? (s.latest ? 'C' : null), depth: s.depth ?? (s.latest ? 1 : null) }),
    ])]);
    case 'Typename': return planNode('selectTopNode');
  }
}

function mutationPlan(env: PlanEnv, m: MutationNode): PlanNode {
  const kind = `${m.op}Node` as const;
  const attrs: Record<string, unknown> = m.op === 'create' ? { input: m.inputs }
    : m.op === 'upsert' ? { create: m.inputs[0] ?? null, update: m.inputs[1] ?? null, filter: m.filter ?? null }
    : m.op === 'update' ? { docID: m.docIDs ?? null, filter: m.filter ?? null, input: m.inputs[0] ?? null }
    : { docID: m.docIDs ?? null, filter: m.filter ?? null };
  return planNode(kind, attrs, [selectTop(env, m.select)]);
}

export function selectTop(env: PlanEnv, sel: SelectNode): PlanNode {
  const coll = env.model.byName.get(sel.collection);
  let node = selectNodePlan(env, sel, coll);
  if (sel.groupBy) {
    const childSelects = sel.fields.filter((f): f is SelectNode => f.kind === 'Select' && f.name === '_group').map((g) => ({
      collectionName: sel.collection, docID: g.docIDs ?? null, filter: g.filter ?? null, groupBy: g.groupBy ?? null,
      limit: g.limit !== undefined || g.offset !== undefined ? { limit: g.limit ?? null, offset: g.offset ?? 0 } : null,
      orderBy: g.order.length ? orderings(g.order) : null,
    }));
    node = planNode('groupNode', { groupByFields: sel.groupBy, childSelects }, [node]);
  }
  if (sel.order.length) node = planNode('orderNode', { orderings: orderings(sel.order) }, [node]);
  if (sel.limit !== undefined || sel.offset !== undefined) {
    node = planNode('limitNode', { limit: sel.limit ?? null, offset: sel.offset ?? 0 }, [node]);
  }
  for (const a of [...sel.fields].reverse()) if (a.kind === 'Aggregate') node = planNode(aggKind[a.op], aggAttrs(a, coll), [node]);
  return planNode('selectTopNode', {}, [node]);
}

function orderings(terms: readonly OrderTerm[]): unknown[] {
  return terms.map((t) => ({ direction: t.desc ? 'DESC' : 'ASC', fields: t.path }));
}

function aggAttrs(a: AggregateNode, coll: CollectionModel | undefined): Record<string, unknown> {
  return {
    sources: a.sources.map((s) => {
      const rel = coll?.byName.get(s.name);
      const src: Record<string, unknown> = { fieldName: s.name, filter: s.filter ?? null };
      if (a.op !== '_count') src['childFieldName'] = rel?.kind === 'relation' || s.name === '_group' ? s.field ?? null : null;
      return src;
    }),
  };
}

function selectNodePlan(env: PlanEnv, sel: SelectNode, coll: CollectionModel | undefined): PlanNode {
  const { own, related } = splitFilter(sel.filter, coll);
  const scan = scanPlan(env, sel.collection, own, sel.docIDs);
  const joins: PlanNode[] = [];
  const seen = new Set<string>();
  const joinFor = (f: RelationField, sub: SelectNode | undefined): void => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    const child: SelectNode = sub ?? {
      kind: 'Select', key: f.name, name: f.name, collection: f.target, cid: undefined, showDeleted: false, docIDs: undefined,
      filter: undefined, order: [], limit: undefined, offset: undefined, groupBy: undefined, fields: [],
    };
    joins.push(namedNode('typeIndexJoin', {
      joinType: f.isArray ? 'typeJoinMany' : 'typeJoinOne', rootName: f.counterpart ?? coll!.name.toLowerCase(),
      subTypeName: f.name, direction: f.isPrimary ? 'primary' : 'secondary',
    }, { root: scan, subType: selectTop(env, child) }));
  };
  for (const s of sel.fields) {
    if (!coll) break;
    if (s.kind === 'Select' && s.name !== '_group') {
      const f = coll.byName.get(s.name);
      if (f?.kind === 'relation') joinFor(f, s);
    } else if (s.kind === 'Aggregate') {
      for (const src of s.sources) {
        const f = coll.byName.get(src.name);
        if (f?.kind === 'relation') joinFor(f, undefined);
      }
    }
  }
  const body = joins.length === 0 ? scan : joins.length === 1 ? joins[0]! : planNode('parallelNode', {}, joins);
  return planNode('selectNode', { docID: sel.docIDs ?? null, filter: related ?? null }, [body]);
}

function scanPlan(env: PlanEnv, collection: string, filter: Filter | undefined, docIDs: readonly string[] | undefined): PlanNode {
  const def = env.defs.find((d) => d.version.Name === collection);
  const id = env.shortID(collection);
  return planNode('scanNode', {
    filter: filter ?? null,
    collectionID: def?.version.CollectionID ?? null,
    collectionName: collection,
    prefixes: docIDs && docIDs.length ? docIDs.map((d) => `/${id}/${d}`) : [`/${id}`],
  });
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
