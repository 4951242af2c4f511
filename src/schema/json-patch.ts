// RFC 6902 JSON Patch via fast-json-patch, with errors worded like evanphx/json-patch (Go),
// which DefraDB uses and whose texts clients see.

import fjp from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { DefraError } from '../client/index.ts';

const ErrInvalidPatch = (reason: string) => new DefraError('invalid-patch', reason);

export function parsePatch(patch: string | readonly unknown[]): Operation[] {
  if (typeof patch !== 'string') return patch as Operation[];
  try {
    const ops: unknown = JSON.parse(patch);
    if (!Array.isArray(ops)) throw new Error('patch must be an array');
    return ops as Operation[];
  } catch (e) {
    throw ErrInvalidPatch(e instanceof Error ? e.message : String(e));
  }
}

/** Rewrites one operation against the document as patched so far (e.g. names → indexes). */
export type OpRewrite = (op: Operation, current: unknown) => Operation;

/** Applies a patch, operation by operation, to a deep copy of `doc`. */
export function applyJsonPatch<T>(doc: T, patch: string | readonly unknown[], rewrite?: OpRewrite): T {
  const ops = parsePatch(patch);
  let copy = structuredClone(doc);
  try {
    for (const raw of ops) {
      const op = rewrite ? rewrite(raw, copy) : raw;
      copy = fjp.applyOperation(copy, op, true, true).newDocument as T;
    }
    return copy;
  } catch (e) {
    const err = e as { name?: string; operation?: Operation; message?: string };
    const op = err.operation;
    if (op?.op === 'test') throw ErrInvalidPatch(`testing value ${op.path} failed: test failed`);
    if (op) throw ErrInvalidPatch(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
    throw ErrInvalidPatch(err.message ?? String(e));
  }
}
