// Gossipsub topic names (p2p.md §3.2, §3.3).

/** Every node joins this rpc topic at start; it carries doc-sync requests. */
export const DOC_SYNC_TOPIC = 'doc-sync';
/** Key-exchange rpc topic (KMS); named here so nothing else reuses it. */
export const ENCRYPTION_TOPIC = 'encryption';

/** Document topic: the docID itself. */
export const documentTopic = (docID: string): string => docID;
/** Collection topic: the schema root CID string. */
export const collectionTopic = (collectionID: string): string => collectionID;

/** psrpc reply topic `T/<peerID>/_response` (Go `path.Join`, so no double slashes). */
export function responseTopic(topic: string, peerID: string): string {
  return [topic, peerID, '_response'].filter((s) => s !== '').join('/').replace(/\/+/g, '/');
}

export const isResponseTopic = (topic: string): boolean => topic.includes('/_response');
