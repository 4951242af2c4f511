// placeholder replaced below
import type { ExecContext } from '../exec/exec-context.ts';
import type { OperationNode } from '../request/request-tree.ts';
export async function explainOperation(_ctx: ExecContext, _op: OperationNode): Promise<unknown> {
  return { explain: { operationNode: [] } };
}
