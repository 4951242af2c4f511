// gRPC `GetIdentity` bodies (p2p.md §6.1): request `{PeerID}`, reply `{IdentityToken}` (a JWT,
// or null when the node has no document ACP).

import { encode, decode } from 'cborg';
import { keepOrder, lowerKeys } from './push-log.ts';

export const encodeGetIdentityRequest = (peerID: string): Uint8Array => encode({ PeerID: peerID }, { mapSorter: keepOrder });

export function decodeGetIdentityRequest(bytes: Uint8Array): string {
  const v = lowerKeys(decode(bytes) as Record<string, unknown>).peerid;
  return typeof v === 'string' ? v : '';
}

export const encodeGetIdentityReply = (token: Uint8Array | undefined): Uint8Array =>
  encode({ IdentityToken: token && token.length > 0 ? token : null }, { mapSorter: keepOrder });

export function decodeGetIdentityReply(bytes: Uint8Array): Uint8Array | undefined {
  const v = lowerKeys(decode(bytes) as Record<string, unknown>).identitytoken;
  return v instanceof Uint8Array && v.length > 0 ? v : undefined;
}
