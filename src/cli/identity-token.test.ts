import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityToken, parsePrivateKeyHex, rawIdentity } from './identity-token.ts';

// security.md §(b) token vector (deterministic RFC 6979, low-S).
const KEY = 'e3b722906ee4e56368f581cd8b18ab0f48af1ea53e635e3f7b8acd076676f6ac';
const TOKEN = 'eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOlsiMTI3LjAuMC4xOjkxODEiXSwiZXhwIjoxNzM1NjkwNTAwLCJpYXQiOjE3MzU2ODk2MDAsImlzcyI6ImRpZDprZXk6ejdyOG9vWXNpQjZNYUpwcGE1TEc5Y0I1VEhXeXQ0b1NlYkdHdk5lVlRBa0pTU1lNUmJqVVpiZUtXTWNmVGVyYzVYTll6eUFrYlNpaGIyc0NrMVVTdEdRRnFtazNTIiwia2V5X3R5cGUiOiJzZWNwMjU2azEiLCJuYmYiOjE3MzU2ODk2MDAsInN1YiI6IjAzMDM5NjlhZGUzMzIwZWNmZTQ2ZmJlZTNlZDJkODQ1ZDhhMmViYmEwNzBjNTA1MTM3MTM1YjIyY2FkMDE0MWU0MCJ9.8Y5hDDUtTF76zJO-TCAi41579OyYtb_H9IapI4hgocsV2aKIDUFAVwVRR7sqUuDVI4PDhU1NnBm0Yb_6hFYRkg';

test('mints the security.md ES256K token vector', () => {
  assert.equal(identityToken(parsePrivateKeyHex(KEY), { audience: '127.0.0.1:9181', now: 1735689600 }), TOKEN);
});

test('raw identity and DID match the security.md DID vector', () => {
  const id = rawIdentity(parsePrivateKeyHex('4d092126012ebaf56161716018a71630d99443d9d5217e9d8502bb5c5456f2c5'));
  assert.equal(id.PublicKey, '03b1419dd82a5a977d85886d638d251badf3be4c9024c731db5ab11f5f08b20992');
  assert.equal(id.DID, 'did:key:z7r8os2G88XXBNBTLj3kFR5rzUJ4VAesbX7PgsA68ak9B5RYcXF5EZEmjRzzinZndPSSwujXb4XKHG6vmKEFG6ZfsfcQn');
  assert.throws(() => parsePrivateKeyHex('abcd'), /invalid identity/);
});
