// create / update / delete / upsert through the transaction's client.Collection, then the
// affected documents are read back and rendered with the mutation's selection.

import { DefraError } from '../../client/index.ts';
import type { DocFields } from '../../client/index.ts';
import type { CollectionModel } from '../model/collection-model.ts';
import type { MutationNode } from '../request/request-tree.ts';
import type { SourceDoc } from '../source.ts';
import type { ExecContext } from './exec-context.ts';
import { filterDocs, runSelect } from './select.ts';

export const ErrUpsertMultiple = (): DefraError =>
  new DefraError('upsert-multiple', 'cannot upsert multiple matching documents');

export async function runMutation(ctx: ExecContext, node: MutationNode): Promise<Record<string, unknown>[]> {
  const coll = ctx.collection(node.collection);
  const col = await ctx.source.collection(node.collection);
  const opts = node.encrypt || node.encryptFields.length
    ? { encrypt: node.encrypt, encryptFields: [...node.encryptFields] } : undefined;
  let ids: string[] = [];
  let showDeleted = false;
  switch (node.op) {
    case 'create': {
      for (const input of node.inputs) ids.push(await col.create(toDocFields(input, coll), opts));
      break;
    }
    case 'update': {
      ids = targets(ctx, node, coll).map((d) => d.docID);
      const patch = toDocFields(node.inputs[0] ?? {}, coll);
      for (const id of ids) await col.update(id, patch);
      break;
    }
    case 'delete': {
      ids = targets(ctx, node, coll).map((d) => d.docID);
      for (const id of ids) await col.delete(id);
      showDeleted = true;
      break;
    }
    case 'upsert': {
      const matches = targets(ctx, node, coll);
      if (matches.length > 1) throw ErrUpsertMultiple();
      if (matches.length === 1) {
        ids = [matches[0]!.docID];
        await col.update(ids[0]!, toDocFields(node.inputs[1] ?? {}, coll));
      } else ids = [await col.create(toDocFields(node.inputs[0] ?? {}, coll), opts)];
      break;
    }
  }
  ctx.invalidate();
  let docs: SourceDoc[] = [];
  // DefraDB's upsert reads its result by running the same filtered select again (that second
  // scan is what its execute explain counts; the rendering below adds nothing to it)
  const rescan = node.op === 'upsert';
  if (rescan) docs = targets(ctx, node, coll);
  else for (const id of ids) {
    const d = ctx.source.get(node.collection, id, { showDeleted });
    if (d) docs.push(d);
  }
  // DefraDB reads updated documents back through the update's filter: those it no longer matches drop out.
  if (node.op === 'update' && node.filter) docs = [...filterDocs(ctx, docs, { filter: node.filter }, coll, node.select)];
  return runSelect(ctx, docs, node.select, rescan ? undefined : node.select);
}

/** Documents addressed by `docID` and/or `filter` (no arguments = every document). */
function targets(ctx: ExecContext, node: MutationNode, coll: CollectionModel): SourceDoc[] {
  let docs: Iterable<SourceDoc>;
  if (node.docIDs) {
    const found: SourceDoc[] = [];
    for (const id of [...new Set(node.docIDs)].sort()) {
      const d = ctx.source.get(node.collection, id);
      if (d) found.push(d);
    }
    docs = found;
  } else docs = ctx.source.scan(node.collection);
  return [...filterDocs(ctx, docs, { filter: node.filter }, coll, node.select)];
}

/** GraphQL input → document fields: a relation object field sets its `<rel>_id`. */
function toDocFields(input: Readonly<Record<string, unknown>>, coll: CollectionModel): DocFields {
  const out: DocFields = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    const f = coll.byName.get(k);
    if (f?.kind === 'relation') out[`${k}_id`] = v;
    else out[k] = v;
  }
  return out;
}
