import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder, HpackError, encodeHeaders, huffmanCode, huffmanDecode } from './hpack.ts';

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));

test('the Huffman table built from code lengths gives RFC 7541 Appendix B codes', () => {
  const cases: Array<[number, number, number]> = [
    [0, 0x1ff8, 13], [10, 0x3ffffffc, 30], [32, 0x14, 6], [48, 0x0, 5], [58, 0x5c, 7],
    [97, 0x3, 5], [119, 0x78, 7], [255, 0x3ffffee, 26], [256, 0x3fffffff, 30],
  ];
  for (const [sym, code, bits] of cases) assert.deepEqual(huffmanCode(sym), { code, bits }, `symbol ${sym}`);
});

test('RFC 7541 C.4: requests with Huffman strings and the dynamic table', () => {
  const d = new HpackDecoder();
  assert.deepEqual(d.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff')),
    [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']]);
  assert.deepEqual(d.decode(hex('8286 84be 5886 a8eb 1064 9cbf')),
    [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']]);
});

test('every octet survives a Huffman round trip through a test encoder built from the same codes', () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const bits: number[] = [];
  for (const b of bytes) {
    const { code, bits: n } = huffmanCode(b);
    for (let i = n - 1; i >= 0; i--) bits.push(Math.floor(code / 2 ** i) % 2);
  }
  while (bits.length % 8 !== 0) bits.push(1);
  const enc = Uint8Array.from({ length: bits.length / 8 }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((a, b) => a * 2 + b, 0));
  const text = huffmanDecode(enc, 0, enc.length);
  assert.deepEqual(Uint8Array.from(text, (c) => c.charCodeAt(0)), bytes);
});

test('bad input is refused, not misread', () => {
  assert.throws(() => huffmanDecode(hex('ff ff ff ff'), 0, 4), HpackError); // EOS
  assert.throws(() => huffmanDecode(hex('00'), 0, 1), HpackError); // padding of 0s
  assert.throws(() => new HpackDecoder().decode(hex('80')), HpackError); // index 0
  assert.throws(() => new HpackDecoder().decode(hex('be')), HpackError); // empty dynamic table
  assert.throws(() => new HpackDecoder().decode(hex('3fe2 1f')), HpackError); // size update to 4097, above 4096
  assert.throws(() => new HpackDecoder().decode(hex('0085 6162')), HpackError); // truncated string
});

test('our encoder output decodes to the same headers', () => {
  const headers = [[':method', 'POST'], [':scheme', 'http'], [':path', '/defradb.net.Service/PushLog'],
    [':authority', '12D3KooWPeer'], ['content-type', 'application/grpc+cbor'], ['te', 'trailers'],
    ['grpc-message', 'x'.repeat(300)]] as const;
  assert.deepEqual(new HpackDecoder().decode(encodeHeaders(headers)), headers.map(([n, v]) => [n, v]));
  assert.deepEqual([...encodeHeaders([[':method', 'POST'], [':status', '200']])], [0x83, 0x88]);
});
