// Every addSchema SDL in the whole corpus (before any view, policy or schema patch of its case)
// must be accepted by SchemaCatalog.addSchema, and every expected addSchema error must be raised
// with DefraDB's text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStore } from '../src/store/index.ts';
import { SchemaCatalog } from '../src/schema/index.ts';

const CORPUS = new URL('../../shared/conformance/corpus/', import.meta.url).pathname;
const files = (d: string): string[] => readdirSync(d).flatMap((n) => {
  const p = join(d, n);
  return statSync(p).isDirectory() ? files(p) : n.endsWith('.json') ? [p] : [];
});

interface Action { type: string; schema?: string; expectedError?: string; nodeID?: number }

test('every corpus SDL defines, every expected addSchema error is raised', () => {
  let accepted = 0;
  let errorsMatched = 0;
  const problems: string[] = [];
  for (const f of files(CORPUS)) {
    const cases: unknown = JSON.parse(readFileSync(f, 'utf8'));
    if (!Array.isArray(cases)) continue;
    for (const c of cases as Array<{ name: string; unsupported?: string; actions: Action[] }>) {
      if (c.unsupported) continue;
      const cat = new SchemaCatalog(new MemoryStore().newTxn());
      for (const a of c.actions) {
        if (a.type === 'createView' || a.type === 'addDACPolicy' || a.type === 'schemaPatch') break;
        if (a.type !== 'addSchema' || String(a.schema).includes('{{') || (a.nodeID ?? 0) !== 0) continue;
        try {
          cat.addSchema(String(a.schema));
          if (a.expectedError) problems.push(`${c.name}: expected ${a.expectedError}`);
          else accepted++;
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          if (a.expectedError && msg.includes(a.expectedError)) errorsMatched++;
          else problems.push(`${c.name}: ${msg}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(accepted > 1000, `accepted ${accepted}`);
  assert.ok(errorsMatched >= 10, `matched ${errorsMatched}`);
});
