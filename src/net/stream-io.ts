// Helpers over libp2p 3 streams: sending with back-pressure, length-prefixed messages.

import type { Stream } from '@libp2p/interface';
import { concatBytes, decodeVarint, lengthPrefixed } from './wire/index.ts';

type Chunk = Uint8Array | { subarray(): Uint8Array };
export const chunkBytes = (c: Chunk): Uint8Array => (c instanceof Uint8Array ? c : c.subarray());

export async function send(stream: Stream, bytes: Uint8Array): Promise<void> {
  if (!stream.send(bytes)) await stream.onDrain();
}

export const sendLp = (stream: Stream, body: Uint8Array): Promise<void> => send(stream, lengthPrefixed(body));

/** Yields length-prefixed messages until the remote closes its write side. Chunks of a message
 *  that spans many of them are joined once it is complete (not once per chunk). */
export async function* readLp(stream: AsyncIterable<Chunk>, maxLength = 4 * 1024 * 1024): AsyncGenerator<Uint8Array> {
  let buf: Uint8Array = new Uint8Array(0);
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let need = 0; // bytes `buf` must reach before the next message can be complete
  for await (const chunk of stream) {
    const c = chunkBytes(chunk);
    if (buf.length + pendingBytes + c.length < need) { pending.push(c); pendingBytes += c.length; continue; }
    // a plain view: a Buffer's slice() would not copy, and the messages must not pin the chunk
    buf = buf.length === 0 && pending.length === 0 ? new Uint8Array(c.buffer, c.byteOffset, c.length) : concatBytes([buf, ...pending, c]);
    pending.length = 0;
    pendingBytes = 0;
    need = 0;
    for (;;) {
      const len = decodeVarint(buf);
      if (!len) break;
      if (len.value > maxLength) throw new Error(`message of ${len.value} bytes exceeds ${maxLength}`);
      if (buf.length < len.next + len.value) { need = len.next + len.value; break; }
      yield buf.slice(len.next, len.next + len.value);
      buf = buf.subarray(len.next + len.value);
    }
  }
  if (buf.length + pendingBytes > 0) throw new Error('stream ended mid-message');
}
