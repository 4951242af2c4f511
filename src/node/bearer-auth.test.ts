import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyToken } from './bearer-auth.ts';

// security.md §(b) vectors: iat = nbf = 1735689600, exp = iat + 900, aud 127.0.0.1:9181.
const ES = 'eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOlsiMTI3LjAuMC4xOjkxODEiXSwiZXhwIjoxNzM1NjkwNTAwLCJpYXQiOjE3MzU2ODk2MDAsImlzcyI6ImRpZDprZXk6ejdyOG9vWXNpQjZNYUpwcGE1TEc5Y0I1VEhXeXQ0b1NlYkdHdk5lVlRBa0pTU1lNUmJqVVpiZUtXTWNmVGVyYzVYTll6eUFrYlNpaGIyc0NrMVVTdEdRRnFtazNTIiwia2V5X3R5cGUiOiJzZWNwMjU2azEiLCJuYmYiOjE3MzU2ODk2MDAsInN1YiI6IjAzMDM5NjlhZGUzMzIwZWNmZTQ2ZmJlZTNlZDJkODQ1ZDhhMmViYmEwNzBjNTA1MTM3MTM1YjIyY2FkMDE0MWU0MCJ9.8Y5hDDUtTF76zJO-TCAi41579OyYtb_H9IapI4hgocsV2aKIDUFAVwVRR7sqUuDVI4PDhU1NnBm0Yb_6hFYRkg';
const ED = 'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJhdWQiOlsiMTI3LjAuMC4xOjkxODEiXSwiZXhwIjoxNzM1NjkwNTAwLCJpYXQiOjE3MzU2ODk2MDAsImlzcyI6ImRpZDprZXk6ejZNa3R3dXBkbUxYVlZxVHpDdzRpNDZyNHVHeW9zR1hSblIzWGpONFpxN29NTXN3Iiwia2V5X3R5cGUiOiJlZDI1NTE5IiwibmJmIjoxNzM1Njg5NjAwLCJzdWIiOiJkNzVhOTgwMTgyYjEwYWI3ZDU0YmZlZDNjOTY0MDczYTBlZTE3MmYzZGFhNjIzMjVhZjAyMWE2OGY3MDc1MTFhIn0.AnPHtr6vYS321JHXYN-CueBYW2yiGf8qjM9UHHspdqA-5JCO1OPv-4rY80MKHk2IMh_WT-AMonjCJ3p6ingRDw';
const NOW = 1735689700;

test('accepts the secp256k1 and ed25519 vectors within their lifetime', () => {
  const a = verifyToken(ES, '127.0.0.1:9181', NOW);
  assert.equal(a.KeyType, 'secp256k1');
  assert.equal(a.DID, 'did:key:z7r8ooYsiB6MaJppa5LG9cB5THWyt4oSebGGvNeVTAkJSSYMRbjUZbeKWMcfTerc5XNYzyAkbSihb2sCk1UStGQFqmk3S');
  const b = verifyToken(ED, '127.0.0.1:9181', NOW);
  assert.equal(b.DID, 'did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw');
});

test('rejects wrong audience, expiry, missing key_type and bad signatures', () => {
  assert.throws(() => verifyToken(ES, '127.0.0.1:9182', NOW), /invalid audience/);
  assert.throws(() => verifyToken(ES, '127.0.0.1:9181', 1735690500), /invalid exp/);
  assert.throws(() => verifyToken(ES, '127.0.0.1:9181', 1735689599), /invalid nbf|invalid iat/);
  const [h, p, s] = ES.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  delete claims.key_type;
  assert.throws(() => verifyToken(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`, '127.0.0.1:9181', NOW), /key_type/);
  const bad = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
  assert.throws(() => verifyToken(`${h}.${p}.${bad}`, '127.0.0.1:9181', NOW), /invalid signature/);
  assert.throws(() => verifyToken('garbage', '127.0.0.1:9181', NOW), /malformed/);
});
