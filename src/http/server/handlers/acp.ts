// Access-control routes over the optional `ACPApi`. Without it, node ACP reports `not configured`
// and every other route answers DefraDB's "ACP not available" error.

import type { ACPApi, DocActorRelationship, NodeActorRelationship } from '../../api.ts';
import type { RequestContext } from '../context.ts';
import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

const acp = (ctx: RequestContext): ACPApi => {
  if (!ctx.deps.acp) throw new HttpError(400, 'operation requires ACP, but ACP not available');
  return ctx.deps.acp;
};

async function docRelationship(ctx: RequestContext): Promise<DocActorRelationship> {
  const b = await ctx.bodyObject();
  return {
    CollectionName: String(b.CollectionName ?? ''),
    DocID: String(b.DocID ?? ''),
    Relation: String(b.Relation ?? ''),
    TargetActor: String(b.TargetActor ?? ''),
  };
}

async function nodeRelationship(ctx: RequestContext): Promise<NodeActorRelationship> {
  const b = await ctx.bodyObject();
  return { Relation: String(b.Relation ?? ''), TargetActor: String(b.TargetActor ?? '') };
}

const route = (method: Route['method'], path: string, summary: string, handler: Route['handler']): Route =>
  ({ method, path, summary, tag: 'acp', handler });

export const acpRoutes: Route[] = [
  route('POST', '/acp/document/policy', 'Add a document policy (YAML/JSON text body)', async (ctx) => {
    ctx.json(await acp(ctx).addDocPolicy(await ctx.bodyText(), ctx.identity));
  }),
  route('POST', '/acp/document/relationship', 'Add a document actor relationship', async (ctx) => {
    ctx.json(await acp(ctx).addDocActorRelationship(await docRelationship(ctx), ctx.identity));
  }),
  route('DELETE', '/acp/document/relationship', 'Delete a document actor relationship', async (ctx) => {
    ctx.json(await acp(ctx).deleteDocActorRelationship(await docRelationship(ctx), ctx.identity));
  }),
  route('POST', '/acp/node/relationship', 'Add a node actor relationship', async (ctx) => {
    ctx.json(await acp(ctx).addNodeActorRelationship(await nodeRelationship(ctx), ctx.identity));
  }),
  route('DELETE', '/acp/node/relationship', 'Delete a node actor relationship', async (ctx) => {
    ctx.json(await acp(ctx).deleteNodeActorRelationship(await nodeRelationship(ctx), ctx.identity));
  }),
  route('POST', '/acp/node/disable', 'Temporarily disable node ACP', async (ctx) => {
    await acp(ctx).disableNodeACP(ctx.identity);
    ctx.empty();
  }),
  route('POST', '/acp/node/re-enable', 'Re-enable node ACP', async (ctx) => {
    await acp(ctx).reEnableNodeACP(ctx.identity);
    ctx.empty();
  }),
  route('GET', '/acp/node/status', 'Node ACP status', async (ctx) => {
    ctx.json(ctx.deps.acp ? await ctx.deps.acp.getNodeACPStatus(ctx.identity) : { Status: 'not configured' });
  }),
];
