// A minimal protobuf writer/reader: only the wire types bitswap needs (varint, length-delimited).

import { concatBytes, decodeVarint, encodeVarint } from './varint.ts';

const VARINT = 0;
const LEN = 2;

export class ProtoWriter {
  #parts: Uint8Array[] = [];

  uint(field: number, v: number): this {
    this.#parts.push(encodeVarint(field * 8 + VARINT), encodeVarint(v));
    return this;
  }

  bool(field: number, v: boolean): this {
    return this.uint(field, v ? 1 : 0);
  }

  bytes(field: number, v: Uint8Array): this {
    this.#parts.push(encodeVarint(field * 8 + LEN), encodeVarint(v.length), v);
    return this;
  }

  finish(): Uint8Array {
    return concatBytes(this.#parts);
  }
}

export interface ProtoField { field: number; wireType: number; int: number; bytes: Uint8Array }

/** Iterates fields; unknown wire types 1 and 5 (fixed64/32) are skipped. */
export function* readProto(buf: Uint8Array): Generator<ProtoField> {
  let off = 0;
  const empty = new Uint8Array();
  while (off < buf.length) {
    const tag = need(decodeVarint(buf, off));
    off = tag.next;
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value & 7;
    if (wireType === VARINT) {
      const v = need(decodeVarint(buf, off));
      off = v.next;
      yield { field, wireType, int: v.value, bytes: empty };
    } else if (wireType === LEN) {
      const len = need(decodeVarint(buf, off));
      const end = len.next + len.value;
      if (end > buf.length) throw new Error('protobuf: truncated field');
      off = end;
      yield { field, wireType, int: 0, bytes: buf.subarray(len.next, end) };
    } else if (wireType === 1) {
      off += 8;
    } else if (wireType === 5) {
      off += 4;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wireType}`);
    }
    if (off > buf.length) throw new Error('protobuf: truncated field');
  }
}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('protobuf: truncated varint');
  return v;
}
