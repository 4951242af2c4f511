// Property: databases that apply random concurrent creates/updates/deletes and then receive each
// other's heads (blocks fetched from the author, heads delivered in random orders, with partial
// syncs between rounds) end with identical documents and identical head sets. Deterministic seeds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/store/index.ts';
import { getBlockBytes, commitStarts } from '../src/core/index.ts';
import type { CID } from '../src/core/index.ts';
import { openDatabase } from '../src/db/index.ts';
import type { Database, MergeEvent } from '../src/db/index.ts';

const SDL = 'type Users { name: String age: Int points: Int @crdt(type: pncounter) }';
const NAMES = ['Ann', 'Bob', 'Cid', 'Dee', 'Eve', 'Fay'];

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

interface Node { db: Database; log: MergeEvent[] }

async function makeNode(seed: number): Promise<Node> {
  const r = rng(seed);
  const db = openDatabase({ store: openStore({ kind: 'memory' }), random: (n) => Uint8Array.from({ length: n }, () => r.int(256)) });
  await db.addSchema(SDL);
  const node: Node = { db, log: [] };
  db.events.on('update', (e) => node.log.push({ docID: e.docID, cid: e.cid, collectionID: e.collectionID, by: 'peer' }));
  return node;
}

const sourceOf = (from: Node) => ({
  async get(cid: CID) {
    const txn = from.db.kv.newTxn(true);
    try { return getBlockBytes(txn, cid); } finally { txn.discard(); }
  },
});

async function randomOp(node: Node, r: ReturnType<typeof rng>, nulls: boolean): Promise<void> {
  const users = await node.db.getCollectionByName('Users');
  const ids: string[] = [];
  for await (const x of users.getAllDocIDs()) ids.push(x.docID);
  const roll = r.next();
  try {
    if (ids.length === 0 || roll < 0.3) {
      await users.create({ name: r.pick(NAMES), age: r.int(3) * 10, points: r.int(5) });
    } else if (roll < 0.85) {
      const fields: Record<string, unknown> = {};
      if (r.next() < 0.6) fields.age = r.int(100);
      if (r.next() < 0.4) fields.name = nulls && r.next() < 0.25 ? null : r.pick(NAMES);
      if (r.next() < 0.5) fields.points = r.int(11) - 5;
      await users.update(r.pick(ids), fields);
    } else {
      await users.delete(r.pick(ids));
    }
  } catch (e) {
    // concurrent creates of the same content collide locally: that is expected
    if (!/already exists|has been deleted/.test(String(e))) throw e;
  }
}

async function deliver(from: Node, to: Node, r: ReturnType<typeof rng>, fraction: number): Promise<void> {
  const batch = from.log.filter(() => r.next() < fraction);
  for (let i = batch.length - 1; i > 0; i--) { const j = r.int(i + 1); [batch[i], batch[j]] = [batch[j], batch[i]]; }
  for (const req of batch) await to.db.merge(req, sourceOf(from));
}

async function snapshot(node: Node) {
  const txn = node.db.kv.newTxn(true);
  // every head of every DAG, in key order
  const heads = commitStarts(txn).map(String);
  txn.discard();
  const r = await node.db.execRequest('query { Users(showDeleted: true) { _docID _deleted name age points } }');
  assert.equal(r.kind, 'result');
  return { heads, docs: r.kind === 'result' ? r.result : null };
}

async function run(nodes: number, seeds: number, nulls: boolean): Promise<void> {
  for (let seed = 1; seed <= seeds; seed++) {
    const r = rng(seed * 7919 + nodes);
    const all = await Promise.all(Array.from({ length: nodes }, (_, i) => makeNode(seed * 31 + i)));
    for (let round = 0; round < 4; round++) {
      for (const n of all) for (let k = 0; k < 1 + r.int(4); k++) await randomOp(n, r, nulls);
      for (const a of all) for (const b of all) if (a !== b) await deliver(a, b, r, 0.5);
    }
    for (const a of all) for (const b of all) if (a !== b) await deliver(a, b, r, 1);
    const first = await snapshot(all[0]);
    assert.ok(first.heads.length > 0);
    for (const n of all.slice(1)) assert.deepEqual(await snapshot(n), first, `seed ${seed}`);
    for (const n of all) await n.db.close();
  }
}

for (const nodes of [2, 3]) {
  test(`${nodes} databases converge under random concurrent edits and delivery orders`, () => run(nodes, 40, false));
}

// A priority tie between a null write and a value write must not depend on arrival order
// (core/crdt/lww.ts compares an absent value as CBOR null).
for (const nodes of [2, 3]) {
  test(`${nodes} databases converge with concurrent null writes`, () => run(nodes, 60, true));
}
