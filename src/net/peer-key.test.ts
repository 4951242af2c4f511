import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../util/index.ts';
import { peerKeyFromKeyring, peerIdOf, newKeyringPeerKey } from './peer-key.ts';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { privateKeyFromRaw } from '@libp2p/crypto/keys';

test('PeerID vector of p2p.md §11 (RFC 8032 test 1 key)', async () => {
  const raw = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const key = await peerKeyFromKeyring(raw);
  assert.equal(peerIdOf(key), '12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV');
  assert.equal(toHex(peerIdFromPrivateKey(key).toMultihash().bytes), '002408011220d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  // The seed alone gives the same identity.
  assert.equal(peerIdOf(await peerKeyFromKeyring(raw.subarray(0, 32))), peerIdOf(key));
});

test('keyring-format keys round trip; no key is ephemeral', async () => {
  const raw = await newKeyringPeerKey();
  assert.equal(raw.length, 64);
  assert.equal(peerIdOf(await peerKeyFromKeyring(raw)), peerIdOf(await peerKeyFromKeyring(raw)));
  assert.notEqual(peerIdOf(await peerKeyFromKeyring(undefined)), peerIdOf(await peerKeyFromKeyring(undefined)));
  await assert.rejects(peerKeyFromKeyring(new Uint8Array(5)));
});

test('signatures: RFC 8032 test 1 vector, and the same bytes as @libp2p/crypto', async () => {
  const raw = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const key = await peerKeyFromKeyring(raw);
  assert.equal(toHex(await key.sign(new Uint8Array())), 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
  const msg = new TextEncoder().encode('a pubsub message');
  assert.equal(toHex(await key.sign(msg)), toHex(await privateKeyFromRaw(raw).sign(msg)));
  assert.ok(await key.publicKey.verify(msg, await key.sign(msg)));
});
