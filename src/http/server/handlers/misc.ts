// Paths outside `/api/v0`: `/health-check`, `/openapi.json`, and the static playground hook.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJSON, sendText } from '../respond.ts';

/** Serves the GraphQL playground (or any UI) for non-API paths; the node passes one in. */
export interface StaticAssets {
  /** The file for a URL path such as `/` or `/assets/app.js`; undefined → 404. */
  get(path: string): Promise<StaticAsset | undefined> | StaticAsset | undefined;
}

export interface StaticAsset {
  body: Uint8Array | string;
  contentType: string;
}

export const notFound = (res: ServerResponse) => sendText(res, 404, '404 page not found\n');

export function healthCheck(res: ServerResponse): void {
  sendJSON(res, 200, 'Healthy');
}

export async function serveAsset(req: IncomingMessage, res: ServerResponse, path: string, assets?: StaticAssets): Promise<void> {
  if (!assets || (req.method !== 'GET' && req.method !== 'HEAD')) { notFound(res); return; }
  const asset = await assets.get(path);
  if (!asset) { notFound(res); return; }
  const body = typeof asset.body === 'string' ? Buffer.from(asset.body, 'utf8') : Buffer.from(asset.body);
  res.writeHead(200, { 'Content-Type': asset.contentType, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
