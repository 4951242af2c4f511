// Fixture vectors of p2p.md §11 plus round trips of every message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CID } from 'multiformats/cid';
import { toHex, fromHex } from '../../util/index.ts';
const hex = { encode: toHex, decode: fromHex };
import {
  encodePushLog, decodePushLog, requestMessageID, encodeReply, decodeReply, encodeDocSyncRequest,
  decodeDocSyncRequest, encodeDocSyncReply, decodeDocSyncReply, encodeGrpcFrame, decodeGrpcFrames,
  PUSH_LOG_REPLY, responseTopic, encodeBitswapMessage, decodeBitswapMessage, emptyMessage, WANT_HAVE,
  PRESENCE_DONT_HAVE, cidPrefix, encodeHeadsBatch, decodeHeadsBatch, encodeHeadsRequest, decodeHeadsRequest,
  encodeVarint, decodeVarint,
} from './index.ts';
import { blockCid } from '../../core/index.ts';

const PUSH_LOG_HEX = 'a565446f63494478286261652d63396662306661342d313139352d353839632d616135342d653638333333666239306233634349445824017112206bffede792ffa59d19cd9d0ca18aad1d85e0e86370d375783a3dac6058eece216c436f6c6c656374696f6e4944783b6261666b726569686864366271726a686c357a6964777a7467787a6573657665706c7633636a336677746e33756e6a6b6478376a327672327672716743726561746f726b313244334b6f6f5778787865426c6f636b44a1616101';
const DOC_ID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
const HEAD = CID.parse('bafyreidl77w6pex7uworttm5bsqyvli5qxqoqy3q2n2xqor5vrqfr3woee');
const pushLog = {
  docID: DOC_ID, cid: HEAD, collectionID: 'bafkreihhd6bqrjhl5zidwztgxzeseveplv3cj3fwtn3unjkdx7j2vr2vrq',
  creator: '12D3KooWxxx', block: Uint8Array.from([0xa1, 0x61, 0x61, 0x01]),
};

test('pushLog CBOR matches the Go struct-order vector', () => {
  const bytes = encodePushLog(pushLog);
  assert.equal(hex.encode(bytes), PUSH_LOG_HEX);
  const back = decodePushLog(bytes);
  assert.equal(back.docID, DOC_ID);
  assert.ok(back.cid.equals(HEAD));
  assert.deepEqual(back.block, pushLog.block);
  assert.equal(back.creator, '12D3KooWxxx');
});

test('pushLog decode accepts null Block and differently-cased keys', async () => {
  const { encode } = await import('cborg');
  const m = decodePushLog(encode({ docid: 'bae-1', cid: HEAD.bytes, Block: null, Extra: 1 }));
  assert.equal(m.block.length, 0);
  assert.equal(m.collectionID, '');
});

test('psrpc message ID and reply envelope', () => {
  const id = requestMessageID(hex.decode(PUSH_LOG_HEX));
  assert.equal(id, 'bafkreig4ql2iixyelpdsjvclb2h7ddqmitpoqvemevj3celazyzh6ijzjm');
  const reply = encodeReply({ id });
  assert.equal(hex.encode(reply), 'a4624944783b6261666b7265696734716c3269697879656c7064736a76636c623268376464716d6974706f7176656d65766a3363656c617a797a6836696a7a6a6d63457272606444617461406446726f6d40');
  assert.deepEqual(decodeReply(reply), { id, err: '', data: new Uint8Array(), from: new Uint8Array() });
  assert.equal(responseTopic('doc-sync', '12D3KooWabc'), 'doc-sync/12D3KooWabc/_response');
});

test('doc-sync request vector and reply round trip', () => {
  const req = encodeDocSyncRequest([DOC_ID]);
  assert.equal(hex.encode(req), 'a166646f634944738178286261652d63396662306661342d313139352d353839632d616135342d653638333333666239306233');
  assert.deepEqual(decodeDocSyncRequest(req), [DOC_ID]);
  const reply = decodeDocSyncReply(encodeDocSyncReply({ results: [{ docID: DOC_ID, heads: [HEAD] }], sender: 'p' }));
  assert.equal(reply.sender, 'p');
  assert.ok(reply.results[0].heads[0].equals(HEAD));
  assert.deepEqual(decodeDocSyncReply(encodeDocSyncReply({ results: [], sender: 'p' })).results, []);
});

test('gRPC frame of pushLogReply{}', () => {
  const frame = encodeGrpcFrame(PUSH_LOG_REPLY);
  assert.equal(hex.encode(frame), '0000000001a0');
  const two = new Uint8Array([...frame, ...frame, 0, 0]);
  const { frames, rest } = decodeGrpcFrames(two);
  assert.equal(frames.length, 2);
  assert.deepEqual(rest, new Uint8Array([0, 0]));
});

test('bitswap message round trip and field layout', () => {
  const data = Uint8Array.from([0xa1, 0x61, 0x61, 0x01]);
  const cid = blockCid(data);
  const m = emptyMessage();
  m.wantlist.entries.push({ cid, priority: 1, cancel: false, wantType: WANT_HAVE, sendDontHave: true });
  m.blocks.push({ cid, data });
  m.presences.push({ cid, type: PRESENCE_DONT_HAVE });
  const bytes = encodeBitswapMessage(m);
  const back = decodeBitswapMessage(bytes);
  assert.ok(back.wantlist.entries[0].cid.equals(cid));
  assert.equal(back.wantlist.entries[0].wantType, WANT_HAVE);
  assert.equal(back.wantlist.entries[0].sendDontHave, true);
  assert.ok(back.blocks[0].cid.equals(cid));
  assert.deepEqual(back.blocks[0].data, data);
  assert.equal(back.presences[0].type, PRESENCE_DONT_HAVE);
  // CIDv1 dag-cbor sha2-256 prefix: 01 71 12 20.
  assert.equal(hex.encode(cidPrefix(cid)), '01711220');
  // Hand-checked protobuf bytes of a lone want-block entry: 0a (wantlist) len 0a (entry) len 0a 24 <cid>.
  const one = encodeBitswapMessage({ ...emptyMessage(), wantlist: { entries: [{ cid, priority: 0, cancel: false, wantType: 0, sendDontHave: false }], full: false } });
  assert.equal(hex.encode(one), `0a280a26` + '0a24' + hex.encode(cid.bytes));
});

test('head exchange messages round trip', () => {
  assert.deepEqual(decodeHeadsRequest(encodeHeadsRequest({ collectionIDs: ['c'], docIDs: ['d'] })), { collectionIDs: ['c'], docIDs: ['d'] });
  const docs = decodeHeadsBatch(encodeHeadsBatch([{ docID: 'd', collectionID: 'c', heads: [HEAD] }]));
  assert.equal(docs[0].docID, 'd');
  assert.ok(docs[0].heads[0].equals(HEAD));
});

test('varints', () => {
  for (const n of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 40]) {
    assert.deepEqual(decodeVarint(encodeVarint(n)), { value: n, next: encodeVarint(n).length });
  }
  assert.equal(decodeVarint(Uint8Array.from([0x80])), undefined);
});
