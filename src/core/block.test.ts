import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex, fromHex } from '../util/index.ts';
import { newBlock, encodeBlock, encodeBlockReference, decodeBlock, encodeBlockWithCid, blockFieldName } from './block.ts';
import { parseCid } from './cid.ts';

const svid = 'bafkreicprhqxzlw3akyssz2v6pifwfueavp7jq2yj3dghapi3qcq6achs4';
const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';

test('the annotated age block of §2.1', () => {
  const b = newBlock({ kind: 'lww', docID, fieldName: 'age', priority: 1, schemaVersionID: svid, data: Uint8Array.of(0x15) });
  const { bytes, cid } = encodeBlockWithCid(b);
  assert.equal(bytes.length, 169);
  assert.equal(cid.toString(), 'bafyreif6dqbkr7t37jcjfxxrjnxt7cspxzvs7qwlbtjca57cc663he4s7e');
  assert.deepEqual(decodeBlock(bytes), b);
});

test('heads and links sort by CID string, round-trip with big nonce', () => {
  const a = parseCid('bafyreif6dqbkr7t37jcjfxxrjnxt7cspxzvs7qwlbtjca57cc663he4s7e');
  const c = parseCid('bafyreia2vlbfkcbyogdjzmbqcjneabwwwtw7ti2xbd7yor5mbu2sk4pcoy');
  const b = newBlock({ kind: 'counter', docID, fieldName: 'p', priority: 2, nonce: 2n ** 62n + 1n, schemaVersionID: svid, data: Uint8Array.of(1) }, [{ name: 'x', cid: a }, { name: 'y', cid: c }], [a, c]);
  assert.equal(b.heads[0].toString(), c.toString());
  assert.equal(b.links[0].name, 'y');
  const back = decodeBlock(encodeBlock(b));
  assert.equal((back.delta as { nonce: bigint }).nonce, 2n ** 62n + 1n);
  assert.equal(blockFieldName(back), 'p');
  assert.throws(() => decodeBlock(fromHex('a0')), /failed to decode block/);
  assert.equal(toHex(encodeBlock(newBlock({ kind: 'collection', priority: 1, schemaVersionID: 's' }))), 'a16564656c7461a16a636f6c6c656374696f6ea2687072696f72697479016f736368656d6156657273696f6e49446173');
});

test('hand-rolled encoder equals @ipld/dag-cbor for every block shape', () => {
  const a = parseCid('bafyreif6dqbkr7t37jcjfxxrjnxt7cspxzvs7qwlbtjca57cc663he4s7e');
  const c = parseCid('bafyreia2vlbfkcbyogdjzmbqcjneabwwwtw7ti2xbd7yor5mbu2sk4pcoy');
  const blocks = [
    newBlock({ kind: 'lww', docID, fieldName: 'name', priority: 300, schemaVersionID: svid, data: new Uint8Array(30) }, [], [a, c], { encryption: a }),
    newBlock({ kind: 'counter', docID, fieldName: 'p', priority: 2, nonce: 2n ** 62n + 1n, schemaVersionID: svid, data: Uint8Array.of(1) }, [], [a], { signature: c }),
    newBlock({ kind: 'counter', docID, fieldName: 'p', priority: 2, nonce: 0, schemaVersionID: svid, data: Uint8Array.of(1) }),
    newBlock({ kind: 'composite', docID, priority: 70000, schemaVersionID: svid, status: 2 }, [{ name: 'x', cid: a }, { name: '', cid: c }], [c], { encryption: a, signature: c }),
    newBlock({ kind: 'collection', priority: 1, schemaVersionID: svid }, [{ name: '', cid: c }]),
  ];
  for (const b of blocks) assert.equal(toHex(encodeBlock(b)), toHex(encodeBlockReference(b)));
});
