export { createHttpServer, parseAddress } from './server.ts';
export type { HttpAuth, HttpServer, HttpServerOptions } from './server.ts';
export type { StaticAsset, StaticAssets } from './handlers/misc.ts';
export type { Route } from './router.ts';
export { API_BASE, apiRoutes } from './routes.ts';
export { TX_HEADER } from './txn-table.ts';
export { DEFAULT_MAX_BODY_BYTES } from './body.ts';
