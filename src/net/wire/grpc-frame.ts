// gRPC length-prefixed message framing (p2p.md §6.1): 1-byte compressed flag, 4-byte
// big-endian length, body. DefraDB never compresses.

export const GRPC_SERVICE = 'defradb.net.Service';
export const PUSH_LOG_PATH = `/${GRPC_SERVICE}/PushLog`;
export const GET_IDENTITY_PATH = `/${GRPC_SERVICE}/GetIdentity`;
export const GRPC_CONTENT_TYPE = 'application/grpc+cbor';
/** grpc-go's default maximum receive size. */
export const GRPC_MAX_MESSAGE = 4 * 1024 * 1024;

export function encodeGrpcFrame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  new DataView(out.buffer).setUint32(1, body.length);
  out.set(body, 5);
  return out;
}

/** Splits a buffer into complete frames; returns the bodies and the unconsumed rest. */
export function decodeGrpcFrames(buf: Uint8Array): { frames: Uint8Array[]; rest: Uint8Array } {
  const frames: Uint8Array[] = [];
  let off = 0;
  while (buf.length - off >= 5) {
    if (buf[off] !== 0) throw new Error('grpc: compressed messages are not supported');
    const len = new DataView(buf.buffer, buf.byteOffset + off + 1, 4).getUint32(0);
    if (len > GRPC_MAX_MESSAGE) throw new Error('grpc: message larger than max');
    if (buf.length - off - 5 < len) break;
    frames.push(buf.slice(off + 5, off + 5 + len));
    off += 5 + len;
  }
  return { frames, rest: buf.slice(off) };
}
