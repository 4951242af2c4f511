// HTTP/2 framing (RFC 9113 §4, §6): the 9-byte frame header, frame types, flags, settings and
// error codes, for the gRPC of `/defra/0.0.1` (p2p.md §6.1).

export const H2_PREFACE = Uint8Array.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', (c) => c.charCodeAt(0));

export const FrameType = {
  DATA: 0, HEADERS: 1, PRIORITY: 2, RST_STREAM: 3, SETTINGS: 4, PUSH_PROMISE: 5, PING: 6, GOAWAY: 7,
  WINDOW_UPDATE: 8, CONTINUATION: 9,
} as const;

export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

export const Setting = {
  HEADER_TABLE_SIZE: 1, ENABLE_PUSH: 2, MAX_CONCURRENT_STREAMS: 3, INITIAL_WINDOW_SIZE: 4,
  MAX_FRAME_SIZE: 5, MAX_HEADER_LIST_SIZE: 6,
} as const;

export const H2Error = {
  NO_ERROR: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2, FLOW_CONTROL_ERROR: 3, STREAM_CLOSED: 5,
  FRAME_SIZE_ERROR: 6, REFUSED_STREAM: 7, CANCEL: 8, COMPRESSION_ERROR: 9,
} as const;

export const FRAME_HEADER = 9;
export const DEFAULT_WINDOW = 65_535;
export const DEFAULT_MAX_FRAME = 16_384;
export const MAX_WINDOW = 2 ** 31 - 1;

export interface FrameHeader { length: number; type: number; flags: number; stream: number }

/** The header of the frame at `at`, or undefined when fewer than 9 bytes are there. */
export function readFrameHeader(buf: Uint8Array, at: number): FrameHeader | undefined {
  if (buf.length - at < FRAME_HEADER) return undefined;
  return {
    length: (buf[at]! << 16) | (buf[at + 1]! << 8) | buf[at + 2]!,
    type: buf[at + 3]!,
    flags: buf[at + 4]!,
    stream: readUint31(buf, at + 5),
  };
}

export const readUint31 = (b: Uint8Array, at: number): number =>
  ((b[at]! & 0x7f) * 0x1000000) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);

const writeUint32 = (out: Uint8Array, at: number, v: number): void => {
  out[at] = v >>> 24; out[at + 1] = v >>> 16; out[at + 2] = v >>> 8; out[at + 3] = v;
};

/** A whole frame: header and payload in one buffer. */
export function encodeFrame(type: number, flags: number, stream: number, payload?: Uint8Array, from = 0, to = payload?.length ?? 0): Uint8Array {
  const length = to - from;
  const out = new Uint8Array(FRAME_HEADER + length);
  out[0] = length >>> 16; out[1] = length >>> 8; out[2] = length;
  out[3] = type; out[4] = flags;
  writeUint32(out, 5, stream);
  if (payload && length > 0) out.set(payload.subarray(from, to), FRAME_HEADER);
  return out;
}

export function encodeSettings(settings: ReadonlyArray<readonly [id: number, value: number]>): Uint8Array {
  const payload = new Uint8Array(settings.length * 6);
  settings.forEach(([id, value], i) => {
    payload[i * 6] = id >>> 8; payload[i * 6 + 1] = id;
    writeUint32(payload, i * 6 + 2, value);
  });
  return encodeFrame(FrameType.SETTINGS, 0, 0, payload);
}

export function decodeSettings(payload: Uint8Array): Array<[id: number, value: number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 6 <= payload.length; i += 6) {
    out.push([(payload[i]! << 8) | payload[i + 1]!, (readUint31(payload, i + 2) + (payload[i + 2]! & 0x80 ? 0x80000000 : 0))]);
  }
  return out;
}

export function encodeWindowUpdate(stream: number, increment: number): Uint8Array {
  const p = new Uint8Array(4);
  writeUint32(p, 0, increment);
  return encodeFrame(FrameType.WINDOW_UPDATE, 0, stream, p);
}

export function encodeRstStream(stream: number, code: number): Uint8Array {
  const p = new Uint8Array(4);
  writeUint32(p, 0, code);
  return encodeFrame(FrameType.RST_STREAM, 0, stream, p);
}

export function encodeGoaway(lastStream: number, code: number): Uint8Array {
  const p = new Uint8Array(8);
  writeUint32(p, 0, lastStream);
  writeUint32(p, 4, code);
  return encodeFrame(FrameType.GOAWAY, 0, 0, p);
}
