// Offline replay of the corpus schema cases that need no documents: addSchema, schema and
// collection patches, active versions, getSchema/getCollections and expected errors, run
// directly against SchemaCatalog over an in-memory store. Comparison uses the conformance
// runner's own typed equality. GraphQL `request`s are skipped (they belong to the query layer).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MemoryStore } from '../src/store/index.ts';
import { SchemaCatalog } from '../src/schema/index.ts';
// @ts-expect-error plain JS module of the shared harness
import { assertCollectionVersions, goTypedEqual } from '../../shared/conformance/run.mjs';

const CORPUS = new URL('../../shared/conformance/corpus/', import.meta.url).pathname;
const FOLDERS = ['schema', 'collection_version', 'collection'];
const RUN = new Set(['addSchema', 'schemaPatch', 'patchCollection', 'setActiveSchemaVersion', 'getSchema', 'getCollections', 'setupComplete']);
const SKIP = new Set(['request', 'introspectionRequest', 'clientIntrospectionRequest']);

interface Action { type: string; [k: string]: unknown }
interface Case { name: string; unsupported?: string; actions: Action[]; file: string }

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.json') ? [p] : [];
  });
}

function selectCases(): Case[] {
  const out: Case[] = [];
  for (const f of FOLDERS.flatMap((d) => files(join(CORPUS, d)))) {
    for (const c of JSON.parse(readFileSync(f, 'utf8')) as Case[]) {
      if (c.unsupported) continue;
      if (!c.actions.every((a) => RUN.has(a.type) || SKIP.has(a.type))) continue;
      if (c.actions.some((a) => a.type === 'schemaPatch' && a.lens)) continue;
      if (c.actions.some((a) => typeof a.schema === 'string' && a.schema.includes('@policy'))) continue;
      if (!c.actions.some((a) => RUN.has(a.type) && a.type !== 'setupComplete')) continue;
      out.push({ ...c, file: relative(CORPUS, f) });
    }
  }
  return out;
}

/** Runs one operation in its own transaction, committed only when it succeeds (like DefraDB). */
async function inTxn<T>(store: MemoryStore, fn: (cat: SchemaCatalog) => T): Promise<T> {
  const txn = store.newTxn();
  try {
    const r = fn(new SchemaCatalog(txn));
    await txn.commit();
    return r;
  } catch (e) {
    txn.discard();
    throw e;
  }
}

function checkError(a: Action, err: unknown): boolean {
  if (err === undefined) {
    if (a.expectedError) throw new Error(`expected error ${JSON.stringify(a.expectedError)}, none raised`);
    return false;
  }
  const msg = err instanceof Error ? err.message : String(err);
  if (!a.expectedError) throw new Error(`unexpected error: ${msg}`);
  if (!msg.includes(String(a.expectedError))) throw new Error(`expected error containing ${JSON.stringify(a.expectedError)}, got ${JSON.stringify(msg)}`);
  return true;
}

async function replay(c: Case): Promise<void> {
  const store = new MemoryStore();
  for (const [i, a] of c.actions.entries()) {
    if (!RUN.has(a.type) || a.type === 'setupComplete') continue;
    let value: unknown;
    let err: unknown;
    try {
      value = await inTxn(store, (cat) => {
        switch (a.type) {
          case 'addSchema': return cat.addSchema(String(a.schema));
          case 'schemaPatch': return cat.patchSchema(String(a.patch), (a.setAsDefaultVersion as boolean | undefined) ?? true);
          case 'patchCollection': return cat.patchCollection(String(a.patch));
          case 'setActiveSchemaVersion': return cat.setActiveSchemaVersion(String(a.schemaVersionID));
          case 'getSchema': {
            const q = a.versionID !== undefined ? { versionID: String(a.versionID) } : { root: a.root as string | undefined, name: a.name as string | undefined };
            return cat.getSchemas(q);
          }
          default: {
            const fo = (a.filterOptions ?? {}) as Record<string, unknown>;
            return cat.getCollections({ name: fo.name as string | undefined, versionID: fo.versionID as string | undefined, collectionID: fo.collectionID as string | undefined, includeInactive: fo.includeInactive as boolean | undefined });
          }
        }
      });
    } catch (e) {
      err = e;
    }
    try {
      if (checkError(a, err)) continue;
      const json = JSON.parse(JSON.stringify(value ?? null));
      if (a.type === 'addSchema' && a.expectedResults) assertCollectionVersions(a.expectedResults, json);
      if (a.type === 'getCollections') assertCollectionVersions(a.expectedResults ?? [], json);
      if (a.type === 'getSchema' && !goTypedEqual(a.expectedResults ?? null, json)) {
        throw new Error(`schemas: expected ${JSON.stringify(a.expectedResults)}, actual ${JSON.stringify(json)}`);
      }
    } catch (e) {
      throw new Error(`action ${i} (${a.type}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

const cases = selectCases();
const results = new Map<string, string | null>();

test('corpus schema replay', async (t) => {
  for (const c of cases) {
    const id = `${c.file}#${c.name}`;
    try { await replay(c); results.set(id, null); } catch (e) { results.set(id, e instanceof Error ? e.message : String(e)); }
  }
  const failed = [...results].filter(([, r]) => r !== null);
  for (const [id, r] of failed) t.diagnostic(`FAIL ${id}: ${r}`);
  t.diagnostic(`${results.size - failed.length} passed, ${failed.length} failed of ${cases.length} replayable cases`);
  const expectedFailures = new Set(readFileSync(new URL('./schema-corpus-known-failures.txt', import.meta.url), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  const regressions = failed.map(([id]) => id).filter((id) => !expectedFailures.has(id));
  assert.deepEqual(regressions, [], 'cases outside the known-failure list must pass');
});
