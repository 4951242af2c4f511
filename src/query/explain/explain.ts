// `@explain` output: the plan tree rendered as DefraDB prints it. `simple` shows the attributes
// of explainable nodes, `debug` every node's name only, `execute` runs the request and reports
// counters (exec-counters.ts).

import { buildPlan } from '../plan/build-plan.ts';
import { debugOnlyKinds, listKinds } from '../plan/plan-tree.ts';
import type { PlanNode } from '../plan/plan-tree.ts';
import type { ExecContext } from '../exec/exec-context.ts';
import { ExecTrace } from '../exec/exec-trace.ts';
import { runRoot } from '../exec/run-root.ts';
import type { OperationNode } from '../request/request-tree.ts';
import { nodeCounters, subTypeScanCounters } from './exec-counters.ts';

type Mode = 'simple' | 'debug' | 'execute';
type Graph = Record<string, unknown>;

export async function explainOperation(ctx: ExecContext, op: OperationNode): Promise<unknown> {
  const defs = ctx.source.definitions();
  const plan = buildPlan({
    model: ctx.model, defs,
    shortID: (name) => ctx.source.collectionShortID?.(name) ?? defs.findIndex((d) => d.version.Name === name) + 1,
  }, op);
  const mode: Mode = op.explain ?? 'simple';
  if (mode === 'execute') {
    const trace = new ExecTrace();
    ctx.trace = trace;
    for (const s of op.selections) {
      const r = await runRoot(ctx, s);
      if (Array.isArray(r)) trace.sizes.set(s, r.length);
    }
    ctx.trace = undefined;
    // DefraDB's operation node yields one document holding every root field: one result row, two pulls
    return { explain: { executionSuccess: true, sizeOfResult: 1, planExecutions: 2, ...render(plan, mode, ctx, trace) } };
  }
  return { explain: render(plan, mode, ctx, undefined) };
}

function render(node: PlanNode, mode: Mode, ctx: ExecContext, trace: ExecTrace | undefined): Graph {
  if (listKinds.has(node.kind)) return { [node.kind]: node.children.map((c) => render(c.node, mode, ctx, trace)) };
  if (mode === 'debug') return { [node.kind]: debugBody(node) };
  // not explainable outside debug: show what is under it
  if (debugOnlyKinds.has(node.kind)) return node.children[0] ? render(node.children[0].node, mode, ctx, trace) : {};
  if (node.kind === 'typeIndexJoin') return { typeIndexJoin: joinBody(node, mode, ctx, trace) };
  const out: Graph = mode === 'simple' ? { ...node.attrs } : nodeCounters(node, trace!);
  for (const c of node.children) Object.assign(out, render(c.node, mode, ctx, trace));
  return { [node.kind]: out };
}

function debugBody(node: PlanNode): unknown {
  if (listKinds.has(node.kind)) return node.children.map((c) => ({ [c.node.kind]: debugBody(c.node) }));
  const out: Graph = {};
  for (const c of node.children) out[c.name ?? c.node.kind] = c.name ? { [c.node.kind]: debugBody(c.node) } : debugBody(c.node);
  return out;
}

/** typeIndexJoin: its attributes with `root` and `subType` side by side (simple), or its counters. */
function joinBody(node: PlanNode, mode: Mode, ctx: ExecContext, trace: ExecTrace | undefined): Graph {
  const inner = node.children[0]!.node;
  const root = inner.children.find((c) => c.name === 'root')!.node;
  const subType = inner.children.find((c) => c.name === 'subType')!.node;
  if (mode === 'simple') {
    return { ...node.attrs, root: render(root, mode, ctx, trace), subType: render(subType, mode, ctx, trace) };
  }
  return {
    ...nodeCounters(node, trace!, root),
    ...render(root, mode, ctx, trace),
    subTypeScanNode: subTypeScanCounters(ctx, trace!, node, root),
  };
}
