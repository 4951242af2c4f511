import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Host } from './host.ts';
import { peerKeyFromKeyring } from './peer-key.ts';
import { waitFor } from './testing/fixtures.ts';

const mk = async (bootstrap: string[] = [], listen = ['/ip4/127.0.0.1/tcp/0']) =>
  Host.create({ privateKey: await peerKeyFromKeyring(undefined), listen, bootstrap, redialMinMs: 50, redialMaxMs: 200 });

test('hosts connect, report info and active peers', async () => {
  const a = await mk();
  const b = await mk();
  await a.start();
  await b.start();
  try {
    const info = a.info();
    assert.match(info.ID, /^12D3KooW/);
    assert.ok(info.Addrs.every((x) => /^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/.test(x)), info.Addrs.join());
    assert.ok(a.fullAddrs()[0].endsWith(`/p2p/${info.ID}`));
    await b.connect(info);
    assert.deepEqual(b.activePeers().map((p) => p.ID), [info.ID]);
    await waitFor(() => a.isConnected(b.peerId.toString()));
    await assert.rejects(a.connect(a.info()), /self/);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('bootstrap peer is redialled after it comes back', async () => {
  const key = await peerKeyFromKeyring(undefined);
  const a1 = await Host.create({ privateKey: key, listen: ['/ip4/127.0.0.1/tcp/0'] });
  await a1.start();
  const addr = a1.fullAddrs()[0];
  const b = await mk([addr]);
  await b.start();
  assert.ok(b.isConnected(a1.peerId.toString()));
  await a1.stop();
  // Same identity and port: b keeps redialling until it is back.
  const a2 = await Host.create({ privateKey: key, listen: [addr.replace(/\/p2p\/.*/, '')] });
  await a2.start();
  try {
    await waitFor(() => b.isConnected(a2.peerId.toString()));
  } finally {
    await b.stop();
    await a2.stop();
  }
});
