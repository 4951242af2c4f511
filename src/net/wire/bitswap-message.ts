// Bitswap 1.2.0 messages (boxo `message.proto`), encoded by hand:
//   Message { Wantlist wantlist = 1; repeated bytes blocks = 2 (1.0.0);
//             repeated Block payload = 3; repeated BlockPresence blockPresences = 4;
//             int32 pendingBytes = 5 }
//   Wantlist { repeated Entry entries = 1; bool full = 2 }
//   Entry { bytes block = 1 (CID bytes); int32 priority = 2; bool cancel = 3;
//           WantType wantType = 4 (Block 0, Have 1); bool sendDontHave = 5 }
//   Block { bytes prefix = 1 (CID prefix); bytes data = 2 }
//   BlockPresence { bytes cid = 1; BlockPresenceType type = 2 (Have 0, DontHave 1) }

import { CID } from 'multiformats/cid';
import { create as createDigest } from 'multiformats/hashes/digest';
import { sha256 } from '@noble/hashes/sha2.js';
import { ProtoWriter, readProto } from './protobuf.ts';
import { concatBytes, decodeVarint, encodeVarint } from './varint.ts';

export const BITSWAP_PROTOCOLS = ['/ipfs/bitswap/1.2.0', '/ipfs/bitswap/1.1.0', '/ipfs/bitswap/1.0.0', '/ipfs/bitswap'];

export const WANT_BLOCK = 0;
export const WANT_HAVE = 1;
export const PRESENCE_HAVE = 0;
export const PRESENCE_DONT_HAVE = 1;

export interface WantEntry {
  cid: CID;
  priority: number;
  cancel: boolean;
  wantType: typeof WANT_BLOCK | typeof WANT_HAVE;
  sendDontHave: boolean;
}

export interface BitswapMessage {
  wantlist: { entries: WantEntry[]; full: boolean };
  blocks: Array<{ cid: CID; data: Uint8Array }>;
  presences: Array<{ cid: CID; type: typeof PRESENCE_HAVE | typeof PRESENCE_DONT_HAVE }>;
  pendingBytes: number;
}

export const emptyMessage = (): BitswapMessage =>
  ({ wantlist: { entries: [], full: false }, blocks: [], presences: [], pendingBytes: 0 });

export function encodeBitswapMessage(m: BitswapMessage): Uint8Array {
  const w = new ProtoWriter();
  if (m.wantlist.entries.length > 0 || m.wantlist.full) {
    const wl = new ProtoWriter();
    for (const e of m.wantlist.entries) {
      const ew = new ProtoWriter().bytes(1, e.cid.bytes);
      if (e.priority) ew.uint(2, e.priority);
      if (e.cancel) ew.bool(3, true);
      if (e.wantType) ew.uint(4, e.wantType);
      if (e.sendDontHave) ew.bool(5, true);
      wl.bytes(1, ew.finish());
    }
    if (m.wantlist.full) wl.bool(2, true);
    w.bytes(1, wl.finish());
  }
  for (const b of m.blocks) {
    w.bytes(3, new ProtoWriter().bytes(1, cidPrefix(b.cid)).bytes(2, b.data).finish());
  }
  for (const p of m.presences) {
    const pw = new ProtoWriter().bytes(1, p.cid.bytes);
    if (p.type) pw.uint(2, p.type);
    w.bytes(4, pw.finish());
  }
  if (m.pendingBytes) w.uint(5, m.pendingBytes);
  return w.finish();
}

export function decodeBitswapMessage(buf: Uint8Array): BitswapMessage {
  const m = emptyMessage();
  for (const f of readProto(buf)) {
    if (f.field === 1 && f.wireType === 2) {
      for (const wf of readProto(f.bytes)) {
        if (wf.field === 1 && wf.wireType === 2) m.wantlist.entries.push(decodeEntry(wf.bytes));
        else if (wf.field === 2) m.wantlist.full = wf.int !== 0;
      }
    } else if (f.field === 2 && f.wireType === 2) {
      // Bitswap 1.0.0 raw blocks: CIDv0 (dag-pb, sha2-256) by definition.
      const data = f.bytes.slice();
      m.blocks.push({ data, cid: CID.createV0(createDigest(0x12, sha256(data)) as never) });
    } else if (f.field === 3 && f.wireType === 2) {
      let prefix: Uint8Array | undefined;
      let data = new Uint8Array();
      for (const bf of readProto(f.bytes)) {
        if (bf.field === 1) prefix = bf.bytes;
        else if (bf.field === 2) data = bf.bytes.slice();
      }
      if (!prefix) throw new Error('bitswap: block without prefix');
      m.blocks.push({ cid: cidFromPrefix(prefix, data), data });
    } else if (f.field === 4 && f.wireType === 2) {
      let cid: CID | undefined;
      let type = PRESENCE_HAVE;
      for (const pf of readProto(f.bytes)) {
        if (pf.field === 1) cid = CID.decode(pf.bytes.slice());
        else if (pf.field === 2) type = pf.int;
      }
      if (!cid) throw new Error('bitswap: presence without cid');
      m.presences.push({ cid, type: type === PRESENCE_DONT_HAVE ? PRESENCE_DONT_HAVE : PRESENCE_HAVE });
    } else if (f.field === 5) {
      m.pendingBytes = f.int;
    }
  }
  return m;
}

function decodeEntry(buf: Uint8Array): WantEntry {
  const e: WantEntry = { cid: undefined as unknown as CID, priority: 0, cancel: false, wantType: WANT_BLOCK, sendDontHave: false };
  for (const f of readProto(buf)) {
    if (f.field === 1) e.cid = CID.decode(f.bytes.slice());
    else if (f.field === 2) e.priority = f.int;
    else if (f.field === 3) e.cancel = f.int !== 0;
    else if (f.field === 4) e.wantType = f.int === WANT_HAVE ? WANT_HAVE : WANT_BLOCK;
    else if (f.field === 5) e.sendDontHave = f.int !== 0;
  }
  if (!e.cid) throw new Error('bitswap: want entry without cid');
  return e;
}

/** CID prefix as go-cid writes it: version, codec, multihash code, digest length (varints). */
export function cidPrefix(cid: CID): Uint8Array {
  return concatBytes([
    encodeVarint(cid.version), encodeVarint(cid.code),
    encodeVarint(cid.multihash.code), encodeVarint(cid.multihash.size),
  ]);
}

/** Rebuilds the CID of received data from its prefix; only sha2-256 is supported. */
export function cidFromPrefix(prefix: Uint8Array, data: Uint8Array): CID {
  const fields: number[] = [];
  let off = 0;
  while (off < prefix.length && fields.length < 4) {
    const v = decodeVarint(prefix, off);
    if (!v) throw new Error('bitswap: bad prefix');
    fields.push(v.value);
    off = v.next;
  }
  const [version, codec, mhCode, mhLen] = fields;
  if (mhCode !== 0x12 || (mhLen !== undefined && mhLen !== 32)) throw new Error('bitswap: unsupported hash');
  const digest = createDigest(0x12, sha256(data));
  return version === 0 ? CID.createV0(digest as never) : CID.createV1(codec, digest);
}
