// DefraDB's HTTP API v0: the server over a `client.Store` (plus optional P2P / ACP / node
// facades), and a `client.Store` that talks to it.

export * from './server/index.ts';
export * from './client/index.ts';
export type * from './api.ts';
export { parseJSON, stringifyJSON } from './json.ts';
