// `@explain` output: the plan tree rendered as DefraDB prints it. `simple` shows attributes,
// `debug` node names only, `execute` runs the request and reports counters.

import { buildPlan } from '../plan/build-plan.ts';
import { listKinds } from '../plan/plan-tree.ts';
import type { PlanNode } from '../plan/plan-tree.ts';
import type { ExecContext } from '../exec/exec-context.ts';
import { runRoot } from '../exec/run-root.ts';
import type { OperationNode } from '../request/request-tree.ts';

export async function explainOperation(ctx: ExecContext, op: OperationNode): Promise<unknown> {
  const defs = ctx.source.definitions();
  const plan = buildPlan({
    model: ctx.model, defs,
    shortID: (name) => ctx.source.collectionShortID?.(name) ?? defs.findIndex((d) => d.version.Name === name) + 1,
  }, op);
  if (op.explain === 'execute') {
    let size = 0;
    for (const s of op.selections) {
      const r = await runRoot(ctx, s);
      size += Array.isArray(r) ? r.length : 1;
    }
    return {
      explain: {
        executionSuccess: true, sizeOfResult: size, planExecutions: ctx.stats.iterations + 1,
        operationNode: renderChildren(plan, 'execute', ctx),
      },
    };
  }
  return { explain: { operationNode: renderChildren(plan, op.explain ?? 'simple', ctx) } };
}

type Mode = 'simple' | 'debug' | 'execute';

function render(node: PlanNode, mode: Mode, ctx: ExecContext): Record<string, unknown> {
  return { [node.kind]: body(node, mode, ctx) };
}

function renderChildren(node: PlanNode, mode: Mode, ctx: ExecContext): unknown[] {
  return node.children.map((c) => render(c.node, mode, ctx));
}

function body(node: PlanNode, mode: Mode, ctx: ExecContext): unknown {
  if (listKinds.has(node.kind)) return renderChildren(node, mode, ctx);
  const out: Record<string, unknown> = mode === 'simple' ? { ...node.attrs } : {};
  if (mode === 'execute' && node.kind === 'scanNode') {
    Object.assign(out, { iterations: ctx.stats.iterations, docFetches: ctx.stats.iterations, fieldFetches: 0, indexFetches: 0 });
  }
  if (mode === 'execute' && node.kind === 'selectNode') Object.assign(out, { filterMatches: ctx.stats.filterMatches });
  for (const c of node.children) {
    if (c.name) out[c.name] = render(c.node, mode, ctx);
    else out[c.node.kind] = body(c.node, mode, ctx);
  }
  return out;
}
