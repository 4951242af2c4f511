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
import { hash } from 'node:crypto';
import { cidFromBytes, cidOf } from '../../core/index.ts';
import { readProto } from './protobuf.ts';
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

/** Encodes in one exactly-sized buffer (a catch-up message carries thousands of entries or
 *  blocks: a writer per field and a copy per nesting level cost more than the payload). Same
 *  bytes as writing each field in order with a protobuf writer; default values are omitted. */
export function encodeBitswapMessage(m: BitswapMessage): Uint8Array {
  const entries = m.wantlist.entries;
  const entrySizes = entries.map(entrySize);
  let wantlistSize = 0;
  for (const n of entrySizes) wantlistSize += 1 + varintSize(n) + n;
  if (m.wantlist.full) wantlistSize += 2;
  const prefixes = m.blocks.map((b) => cidPrefix(b.cid));
  const blockSizes = m.blocks.map((b, i) => 1 + varintSize(prefixes[i]!.length) + prefixes[i]!.length + 1 + varintSize(b.data.length) + b.data.length);
  const presenceSizes = m.presences.map((p) => 1 + varintSize(p.cid.bytes.length) + p.cid.bytes.length + (p.type ? 1 + varintSize(p.type) : 0));
  let total = wantlistSize > 0 || m.wantlist.full ? 1 + varintSize(wantlistSize) + wantlistSize : 0;
  for (const n of blockSizes) total += 1 + varintSize(n) + n;
  for (const n of presenceSizes) total += 1 + varintSize(n) + n;
  if (m.pendingBytes) total += 1 + varintSize(m.pendingBytes);

  const w = new FixedWriter(total);
  if (wantlistSize > 0 || m.wantlist.full) {
    w.tag(1, LEN).varint(wantlistSize);
    entries.forEach((e, i) => {
      w.tag(1, LEN).varint(entrySizes[i]!).tag(1, LEN).varint(e.cid.bytes.length).raw(e.cid.bytes);
      if (e.priority) w.tag(2, VARINT).varint(e.priority);
      if (e.cancel) w.tag(3, VARINT).varint(1);
      if (e.wantType) w.tag(4, VARINT).varint(e.wantType);
      if (e.sendDontHave) w.tag(5, VARINT).varint(1);
    });
    if (m.wantlist.full) w.tag(2, VARINT).varint(1);
  }
  m.blocks.forEach((b, i) => {
    const prefix = prefixes[i]!;
    w.tag(3, LEN).varint(blockSizes[i]!).tag(1, LEN).varint(prefix.length).raw(prefix).tag(2, LEN).varint(b.data.length).raw(b.data);
  });
  m.presences.forEach((p, i) => {
    w.tag(4, LEN).varint(presenceSizes[i]!).tag(1, LEN).varint(p.cid.bytes.length).raw(p.cid.bytes);
    if (p.type) w.tag(2, VARINT).varint(p.type);
  });
  if (m.pendingBytes) w.tag(5, VARINT).varint(m.pendingBytes);
  return w.done();
}

const VARINT = 0;
const LEN = 2;

function entrySize(e: WantEntry): number {
  let n = 1 + varintSize(e.cid.bytes.length) + e.cid.bytes.length;
  if (e.priority) n += 1 + varintSize(e.priority);
  if (e.cancel) n += 2;
  if (e.wantType) n += 1 + varintSize(e.wantType);
  if (e.sendDontHave) n += 2;
  return n;
}

function varintSize(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint: bad value ${n}`);
  let size = 1;
  while (n >= 0x80) { n = Math.floor(n / 0x80); size++; }
  return size;
}

/** Writes into a buffer of the exact final size (field numbers here all fit one tag byte). */
class FixedWriter {
  readonly #buf: Uint8Array;
  #off = 0;
  constructor(size: number) { this.#buf = new Uint8Array(size); }
  tag(field: number, wireType: number): this { this.#buf[this.#off++] = field * 8 + wireType; return this; }
  varint(n: number): this {
    while (n >= 0x80) { this.#buf[this.#off++] = (n % 0x80) | 0x80; n = Math.floor(n / 0x80); }
    this.#buf[this.#off++] = n;
    return this;
  }
  raw(b: Uint8Array): this { this.#buf.set(b, this.#off); this.#off += b.length; return this; }
  done(): Uint8Array {
    if (this.#off !== this.#buf.length) throw new Error('bitswap: encoded size mismatch');
    return this.#buf;
  }
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
        if (pf.field === 1) cid = cidFromBytes(pf.bytes);
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
    if (f.field === 1) e.cid = cidFromBytes(f.bytes);
    else if (f.field === 2) e.priority = f.int;
    else if (f.field === 3) e.cancel = f.int !== 0;
    else if (f.field === 4) e.wantType = f.int === WANT_HAVE ? WANT_HAVE : WANT_BLOCK;
    else if (f.field === 5) e.sendDontHave = f.int !== 0;
  }
  if (!e.cid) throw new Error('bitswap: want entry without cid');
  return e;
}

/** sha2-256 by node's native one-shot hash (every received block is hashed). */
const sha256 = (data: Uint8Array): Uint8Array => {
  const d = hash('sha256', data, 'buffer');
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
};

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
  if (version === 0) return CID.createV0(createDigest(0x12, sha256(data)) as never);
  return codec <= 0x7f ? cidOf(codec, data) : CID.createV1(codec, createDigest(0x12, sha256(data)));
}
