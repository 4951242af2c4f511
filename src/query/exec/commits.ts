// `commits` / `latestCommits` / `_version`: commit records from the source, ordered, grouped,
// paged and rendered.

import type { CommitRecord, SourceDoc } from '../source.ts';
import { orderCompare } from '../filter/compare.ts';
import type { CommitsNode, Selection } from '../request/request-tree.ts';
import type { ExecContext } from './exec-context.ts';
import { page } from './select.ts';
import { latin1String } from '../../util/index.ts';

const base64 = (b: Uint8Array): string => btoa(latin1String(b));

export function runCommits(ctx: ExecContext, node: CommitsNode): Record<string, unknown>[] {
  // A `cid` names one commit: without an explicit depth only that block is returned.
  const depth = node.depth ?? (node.cid !== undefined ? 1 : undefined);
  let list = [...ctx.source.commits({
    ...(node.docID !== undefined ? { docID: node.docID } : {}),
    ...(node.cid !== undefined ? { cid: node.cid } : {}),
    ...(node.latest ? { depth: 1, fieldName: node.fieldName ?? 'C' } : {
      ...(typeof node.fieldName === 'string' && node.docID !== undefined ? { fieldName: node.fieldName } : {}),
      ...(depth !== undefined ? { depth } : {}),
    }),
  })];
  // Without a docID, `fieldName` selects commits by their reported field name (`_C` for
  // composites, null for collection commits).
  if (!node.latest && node.fieldName !== undefined && node.docID === undefined) {
    const want = node.fieldName === 'C' ? '_C' : node.fieldName;
    list = list.filter((c) => c.fieldName === want);
  }
  if (node.order.length) {
    const decorated = list.map((c, i) => ({ c, i }));
    decorated.sort((a, b) => {
      for (const t of node.order) {
        const k = t.path[0] as keyof CommitRecord;
        const x = orderCompare(a.c[k], b.c[k]);
        if (x !== 0) return t.desc ? -x : x;
      }
      return a.i - b.i;
    });
    list = decorated.map((d) => d.c);
  }
  if (node.groupBy) {
    const groups: { key: unknown[]; items: CommitRecord[] }[] = [];
    for (const c of list) {
      const key = node.groupBy.map((f) => c[f as keyof CommitRecord]);
      const g = groups.find((x) => x.key.every((v, i) => v === key[i]));
      if (g) g.items.push(c);
      else groups.push({ key, items: [c] });
    }
    return page(groups, node).map((g) => {
      const row = renderCommit(g.items[0]!, node.fields.filter((s) => s.kind !== 'CommitSelect' || s.name !== '_group'));
      for (const s of node.fields) if (s.kind === 'CommitSelect' && s.name === '_group') row[s.key] = renderCommits(ctx, g.items, s.fields);
      return row;
    });
  }
  return renderCommits(ctx, page(list, node), node.fields);
}

const versionAt = new WeakMap<SourceDoc, string>();

/** Marks a document read at a commit (`cid:`), so its `_version` history starts there. */
export function markVersionAt(doc: SourceDoc, cid: string): void {
  versionAt.set(doc, cid);
}

/** `_version`: the document's composite commits, newest first (DFS from its composite heads or its `cid:`). */
export function versionCommits(ctx: ExecContext, doc: SourceDoc): CommitRecord[] {
  const cid = versionAt.get(doc);
  const all = ctx.source.commits(cid !== undefined ? { cid } : { docID: doc.docID, fieldName: 'C' });
  return [...all].filter((c) => c.docID === doc.docID && (c.fieldName === '_C' || c.fieldName === 'C' || c.fieldName === null));
}

export function renderCommits(_ctx: ExecContext, list: readonly CommitRecord[], fields: readonly Selection[]): Record<string, unknown>[] {
  return list.map((c) => renderCommit(c, fields));
}

function renderCommit(c: CommitRecord, fields: readonly Selection[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of fields) {
    if (s.kind === 'Typename') out[s.key] = s.typename;
    else if (s.kind === 'Aggregate') out[s.key] = c.links.length;
    else if (s.kind === 'CommitSelect') {
      if (s.name === 'links') out[s.key] = c.links.map((l) => pick(l, s.fields));
      else if (s.name === 'signature') out[s.key] = c.signature ? pick(c.signature, s.fields) : null;
      else out[s.key] = [];
    } else if (s.kind === 'Field') {
      const v = s.name === 'delta' ? (c.delta ? base64(c.delta) : null) : (c as unknown as Record<string, unknown>)[s.name];
      // Collection (branchable) commits have no document: docID renders as null.
      out[s.key] = v === undefined || (s.name === 'docID' && v === '') ? null : v;
    }
  }
  return out;
}

function pick(o: object, fields: readonly Selection[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of fields) {
    if (s.kind === 'Typename') out[s.key] = s.typename;
    else if (s.kind === 'Field') out[s.key] = (o as Record<string, unknown>)[s.name] ?? null;
  }
  return out;
}
