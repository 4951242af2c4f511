import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../util/index.ts';
import { peerKeyFromKeyring, peerIdOf, newKeyringPeerKey } from './peer-key.ts';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';

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
