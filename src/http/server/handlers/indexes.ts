// Index routes: all indexes, and create / list / drop on one collection.

import type { IndexCreateRequest, IndexFieldDescription } from '../../../client/index.ts';
import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

function toIndexRequest(body: Record<string, unknown>): IndexCreateRequest {
  const fields = body.Fields;
  if (!Array.isArray(fields)) throw new HttpError(400, 'invalid request body');
  return {
    Name: typeof body.Name === 'string' ? body.Name : undefined,
    Fields: fields.map((f: unknown): IndexFieldDescription => {
      const o = (f ?? {}) as Record<string, unknown>;
      return { Name: String(o.Name ?? ''), Descending: o.Descending === true };
    }),
    Unique: body.Unique === true,
  };
}

export const indexRoutes: Route[] = [
  {
    method: 'GET', path: '/collections/indexes', tag: 'index', summary: 'All indexes by collection name',
    async handler(ctx) {
      ctx.json(await ctx.db.getAllIndexes());
    },
  },
  {
    method: 'POST', path: '/collections/{name}/indexes', tag: 'index', collection: true, summary: 'Create an index',
    async handler(ctx) {
      ctx.json(await ctx.collection.createIndex(toIndexRequest(await ctx.bodyObject())));
    },
  },
  {
    method: 'GET', path: '/collections/{name}/indexes', tag: 'index', collection: true, summary: 'List indexes',
    async handler(ctx) {
      try {
        ctx.json(await ctx.collection.getIndexes());
      } catch (e) {
        throw new HttpError(500, (e as Error).message);
      }
    },
  },
  {
    method: 'DELETE', path: '/collections/{name}/indexes/{index}', tag: 'index', collection: true, summary: 'Drop an index',
    async handler(ctx) {
      await ctx.collection.dropIndex(ctx.params.index);
      ctx.empty();
    },
  },
];
