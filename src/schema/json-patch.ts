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

/** Applies a patch to a deep copy of `doc`. */
export function applyJsonPatch<T>(doc: T, patch: string | readonly unknown[]): T {
  const ops = parsePatch(patch);
  const copy = structuredClone(doc);
  try {
    return fjp.applyPatch(copy, ops, true, true).newDocument as T;
  } catch (e) {
    const err = e as { name?: string; operation?: Operation; message?: string };
    const op = err.operation;
    if (op?.op === 'test') throw ErrInvalidPatch(`testing value ${op.path} failed: test failed`);
    if (op) throw ErrInvalidPatch(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
    throw ErrInvalidPatch(err.message ?? String(e));
  }
}
