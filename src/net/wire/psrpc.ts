// The pubsub request/response convention of go-libp2p-pubsub-rpc v0.0.14 (p2p.md §3.3): the
// request is the raw payload; replies are dag-cbor `{ID, Err, Data, From}` (all four keys, or
// Go's schema-bound decode fails) published on `T/<requester>/_response`.

import * as dagCbor from '@ipld/dag-cbor';
import { rawCidString } from '../../core/index.ts';

/** Correlation ID of a request: CIDv1(raw, sha2-256(payload)) as text. */
export const requestMessageID = (payload: Uint8Array): string => rawCidString(payload);

export interface RpcReply {
  id: string;
  err: string;
  data: Uint8Array;
  from: Uint8Array;
}

export function encodeReply(r: { id: string; err?: string; data?: Uint8Array; from?: Uint8Array }): Uint8Array {
  return dagCbor.encode({
    ID: r.id,
    Err: r.err ?? '',
    Data: r.data ?? new Uint8Array(),
    From: r.from ?? new Uint8Array(),
  });
}

export function decodeReply(bytes: Uint8Array): RpcReply {
  const m = dagCbor.decode(bytes) as Record<string, unknown>;
  if (m === null || typeof m !== 'object') throw new Error('psrpc: reply is not a map');
  const bytesOf = (v: unknown) => (v instanceof Uint8Array ? v : new Uint8Array());
  return {
    id: typeof m.ID === 'string' ? m.ID : '',
    err: typeof m.Err === 'string' ? m.Err : '',
    data: bytesOf(m.Data),
    from: bytesOf(m.From),
  };
}
