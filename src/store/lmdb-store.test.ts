import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvContract } from './kv-contract.ts';
import { LmdbStore, lmdbRawGet, lmdbRawPutBatch } from './lmdb-store.ts';
import { fromUtf8, utf8 } from '../util/index.ts';

let dir = '';
kvContract('lmdb', {
  open: () => {
    dir = mkdtempSync(join(tmpdir(), 'defra-kv-'));
    return new LmdbStore({ path: dir });
  },
  cleanup: () => rmSync(dir, { recursive: true, force: true }),
});

// the default writes into the memory map; the contract holds with page copies at commit too
kvContract('lmdb without writemap', {
  open: () => {
    dir = mkdtempSync(join(tmpdir(), 'defra-kv-'));
    return new LmdbStore({ path: dir, writeMap: false });
  },
  cleanup: () => rmSync(dir, { recursive: true, force: true }),
});

function tempDir(): string { return mkdtempSync(join(tmpdir(), 'defra-kv-')); }

test('lmdb: data survives close and reopen', async () => {
  const d = tempDir();
  try {
    const s = new LmdbStore({ path: d });
    const t = s.newTxn();
    t.put(utf8('a'), utf8('1'));
    t.put(utf8('b'), new Uint8Array([0, 255, 7]));
    await t.commit();
    await s.close();
    const s2 = new LmdbStore({ path: d, flush: 'none' });
    const r = s2.newTxn(true);
    assert.equal(fromUtf8(r.get(utf8('a'))!), '1');
    assert.deepEqual([...r.get(utf8('b'))!], [0, 255, 7]);
    r.discard();
    await s2.close();
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('lmdb: a commit the backend rejects applies nothing', async () => {
  const d = tempDir();
  try {
    const s = new LmdbStore({ path: d });
    const t = s.newTxn();
    t.put(utf8('a-first'), utf8('1'));
    t.put(utf8('z-too-long'.padEnd(5000, 'x')), utf8('2')); // beyond LMDB's key size limit
    await assert.rejects(t.commit());
    const r = s.newTxn(true);
    assert.equal(r.has(utf8('a-first')), false);
    r.discard();
    const t2 = s.newTxn();
    t2.put(utf8('a-first'), utf8('ok'));
    await t2.commit();
    await s.close();
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('lmdb: raw batch helper writes in one transaction', async () => {
  const d = tempDir();
  try {
    const s = new LmdbStore({ path: d });
    const n = lmdbRawPutBatch(s, Array.from({ length: 100 }, (_, i) => ({ key: utf8(`r/${i}`), value: utf8(String(i)) })));
    assert.equal(n, 100);
    assert.equal(fromUtf8(lmdbRawGet(s, utf8('r/42'))!), '42');
    const r = s.newTxn(true);
    assert.equal([...r.iterate({ prefix: utf8('r/') })].length, 100);
    r.discard();
    await s.close();
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('lmdb: txns still open when the store closes fail cleanly', async () => {
  const d = tempDir();
  try {
    const s = new LmdbStore({ path: d });
    const w = s.newTxn();
    w.put(utf8('a'), utf8('1'));
    await w.commit();
    const r = s.newTxn(true);
    const pending = s.newTxn();
    pending.put(utf8('b'), utf8('2'));
    await s.close();
    const closed = (e: unknown) => (e as { code?: string }).code === 'store-closed';
    assert.throws(() => r.get(utf8('a')), closed);
    assert.throws(() => [...r.iterate()], closed);
    assert.throws(() => s.newTxn(), closed);
    await assert.rejects(pending.commit(), closed);
    r.discard();
  } finally { rmSync(d, { recursive: true, force: true }); }
});
