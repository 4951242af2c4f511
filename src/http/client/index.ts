export { createHttpClient, HttpStoreClient } from './store.ts';
export { HttpTxn } from './txn.ts';
export { HttpCollection } from './collection.ts';
export { HttpACP, HttpNode, HttpP2P } from './facades.ts';
export { HttpResponseError, reviveError } from './errors.ts';
export { normaliseBaseUrl } from './transport.ts';
export type { CallOptions, HttpClientOptions } from './transport.ts';
