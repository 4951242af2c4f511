import { kvContract } from './kv-contract.ts';
import { MemoryStore } from './memory-store.ts';

kvContract('memory', { open: () => new MemoryStore() });

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './open-store.ts';

test('openStore picks the backend from its config', async () => {
  const s = openStore({ kind: 'memory' });
  assert.ok(s instanceof MemoryStore);
  await s.close();
  assert.throws(() => s.newTxn(), (e: unknown) => (e as { code?: string }).code === 'store-closed');
});
