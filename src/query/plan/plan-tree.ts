// The immutable plan tree, named after DefraDB's planner nodes so `@explain` can print it. Each
// node is plain data: its kind, its explain attributes and its children (named for joins).

export type PlanKind =
  | 'operationNode' | 'topLevelNode' | 'selectTopNode' | 'selectNode' | 'scanNode' | 'typeIndexJoin' | 'parallelNode'
  | 'countNode' | 'sumNode' | 'averageNode' | 'minNode' | 'maxNode' | 'orderNode' | 'limitNode' | 'groupNode'
  | 'createNode' | 'updateNode' | 'deleteNode' | 'upsertNode' | 'dagScanNode'
  | 'pipeNode' | 'multiScanNode' | 'typeJoinOne' | 'typeJoinMany' | 'similarityNode';

export interface PlanNode {
  readonly kind: PlanKind;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Unnamed children render as `{childKind: …}`; named ones (`root`, `subType`) under their name. */
  readonly children: readonly { readonly name?: string; readonly node: PlanNode }[];
  /** The request-tree node this plan node executes (execute-explain counters are keyed by it). */
  readonly ref?: object;
}

export const planNode = (
  kind: PlanKind, attrs: Record<string, unknown> = {}, children: PlanNode[] = [], ref?: object,
): PlanNode => Object.freeze({
  kind, attrs: Object.freeze(attrs), children: Object.freeze(children.map((node) => ({ node }))), ...(ref ? { ref } : {}),
});

export const namedNode = (kind: PlanKind, attrs: Record<string, unknown>, named: Record<string, PlanNode>, ref?: object): PlanNode =>
  Object.freeze({
    kind, attrs: Object.freeze(attrs), children: Object.freeze(Object.entries(named).map(([name, node]) => ({ name, node }))),
    ...(ref ? { ref } : {}),
  });

/** Nodes whose children are listed as an array instead of nested under the child's kind. */
export const listKinds: ReadonlySet<PlanKind> = new Set(['operationNode', 'topLevelNode', 'parallelNode']);

/** Structural nodes DefraDB only shows in `debug` explain (not "explainable" there). */
export const debugOnlyKinds: ReadonlySet<PlanKind> = new Set(['pipeNode', 'multiScanNode', 'typeJoinOne', 'typeJoinMany', 'similarityNode']);
