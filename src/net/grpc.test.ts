import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Host } from './host.ts';
import { peerKeyFromKeyring } from './peer-key.ts';
import { GrpcClient, GrpcServer, GrpcError } from './grpc.ts';
import { blockCid } from '../core/index.ts';
import type { PushLog } from './wire/index.ts';

test('PushLog and GetIdentity over /defra/0.0.1 (HTTP/2 on a libp2p stream)', async () => {
  const mk = async () => Host.create({ privateKey: await peerKeyFromKeyring(undefined), listen: ['/ip4/127.0.0.1/tcp/0'] });
  const a = await mk();
  const b = await mk();
  await a.start();
  await b.start();
  const got: Array<{ msg: PushLog; from: string }> = [];
  const server = new GrpcServer(a.libp2p, {
    async pushLog(msg, from) {
      if (msg.docID === 'bad') throw new Error('boom');
      got.push({ msg, from });
    },
    async getIdentity(caller) { return new TextEncoder().encode(`jwt-for-${caller}`); },
  });
  await server.start();
  const client = new GrpcClient(b.libp2p);
  try {
    await b.connect(a.info());
    const block = Uint8Array.from([0xa1, 0x61, 0x61, 0x01]);
    const msg = { docID: 'bae-1', cid: blockCid(block), collectionID: 'col', creator: b.peerId.toString(), block };
    await client.pushLog(a.peerId.toString(), msg);
    await client.pushLog(a.peerId.toString(), { ...msg, docID: 'bae-2' });
    assert.deepEqual(got.map((g) => g.msg.docID), ['bae-1', 'bae-2']);
    assert.equal(got[0].from, b.peerId.toString());
    assert.ok(got[0].msg.cid.equals(msg.cid));
    await assert.rejects(client.pushLog(a.peerId.toString(), { ...msg, docID: 'bad' }),
      (e: unknown) => e instanceof GrpcError && e.message === 'boom');
    const token = await client.getIdentity(a.peerId.toString(), b.peerId.toString());
    assert.equal(new TextDecoder().decode(token), `jwt-for-${b.peerId}`);
  } finally {
    client.close();
    await server.stop();
    await a.stop();
    await b.stop();
  }
});
