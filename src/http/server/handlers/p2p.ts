// P2P routes over the optional `P2PApi`; without it every route answers `p2p network is disabled`.

import { ErrP2PDisabled } from '../../../client/index.ts';
import type { P2PApi, PeerInfo } from '../../api.ts';
import type { RequestContext } from '../context.ts';
import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';
import { parseGoDuration } from './duration.ts';

const p2p = (ctx: RequestContext): P2PApi => {
  if (!ctx.deps.p2p) throw ErrP2PDisabled();
  return ctx.deps.p2p;
};

function toPeerInfo(v: unknown): PeerInfo {
  const o = v as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || typeof o.ID !== 'string') throw new HttpError(400, 'invalid peer info');
  return { ID: o.ID, Addrs: Array.isArray(o.Addrs) ? o.Addrs.map(String) : [] };
}

async function replicatorBody(ctx: RequestContext): Promise<[PeerInfo, string[]]> {
  const b = await ctx.bodyObject();
  const cols = Array.isArray(b.Collections) ? b.Collections.map(String) : [];
  return [toPeerInfo(b.Info), cols];
}

const route = (method: Route['method'], path: string, summary: string, handler: Route['handler']): Route =>
  ({ method, path, summary, tag: 'p2p', handler });

export const p2pRoutes: Route[] = [
  route('GET', '/p2p/info', 'Peer ID and listen addresses', async (ctx) => ctx.json(await p2p(ctx).peerInfo())),
  route('POST', '/p2p/connect', 'Dial a peer (harness extension; body: its /p2p/info)', async (ctx) => {
    const api = p2p(ctx);
    await api.connect(toPeerInfo(await ctx.bodyJSON()));
    ctx.empty();
  }),
  route('GET', '/p2p/active-peers', 'Connected peers as full multiaddrs (…/p2p/<peerID>)', async (ctx) => {
    const api = p2p(ctx);
    if (!api.activePeers) throw new HttpError(501, 'active peers are not available');
    const peers = await api.activePeers();
    ctx.json(peers.flatMap((p) => (p.Addrs.length ? p.Addrs : ['']).map((a) => `${a}/p2p/${p.ID}`)));
  }),
  route('GET', '/p2p/replicators', 'List replicators', async (ctx) => ctx.json(await p2p(ctx).getAllReplicators())),
  route('POST', '/p2p/replicators', 'Set a replicator', async (ctx) => {
    const api = p2p(ctx);
    await api.setReplicator(...(await replicatorBody(ctx)));
    ctx.empty();
  }),
  route('DELETE', '/p2p/replicators', 'Delete a replicator', async (ctx) => {
    const api = p2p(ctx);
    await api.deleteReplicator(...(await replicatorBody(ctx)));
    ctx.empty();
  }),
  route('GET', '/p2p/collections', 'Subscribed collections', async (ctx) => ctx.json(await p2p(ctx).getAllP2PCollections())),
  route('POST', '/p2p/collections', 'Subscribe to collections (names)', async (ctx) => {
    const api = p2p(ctx);
    await api.addP2PCollections(await ctx.bodyStrings());
    ctx.empty();
  }),
  route('DELETE', '/p2p/collections', 'Unsubscribe from collections (names)', async (ctx) => {
    const api = p2p(ctx);
    await api.removeP2PCollections(await ctx.bodyStrings());
    ctx.empty();
  }),
  route('GET', '/p2p/documents', 'Subscribed documents', async (ctx) => ctx.json(await p2p(ctx).getAllP2PDocuments())),
  route('POST', '/p2p/documents', 'Subscribe to documents', async (ctx) => {
    const api = p2p(ctx);
    await api.addP2PDocuments(await ctx.bodyStrings());
    ctx.empty();
  }),
  route('DELETE', '/p2p/documents', 'Unsubscribe from documents', async (ctx) => {
    const api = p2p(ctx);
    await api.removeP2PDocuments(await ctx.bodyStrings());
    ctx.empty();
  }),
  route('POST', '/p2p/documents/sync', 'Fetch documents from peers', async (ctx) => {
    const api = p2p(ctx);
    const b = await ctx.bodyObject();
    if (typeof b.collectionName !== 'string' || !Array.isArray(b.docIDs)) throw new HttpError(400, 'invalid request body');
    const timeout = typeof b.timeout === 'string' && b.timeout !== '' ? parseGoDuration(b.timeout)
      : typeof b.timeout === 'number' ? b.timeout / 1e6 : undefined; // a Go Duration number is nanoseconds
    try {
      await api.syncDocuments(b.collectionName, b.docIDs.map(String), timeout);
    } catch (e) {
      throw new HttpError(500, (e as Error).message);
    }
    ctx.empty();
  }),
];
