// Document routes, scoped to `{name}` (resolved before the handler; unknown → 404 empty body).

import type { DocFields } from '../../../client/index.ts';
import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

const isObject = (v: unknown): v is DocFields => v !== null && typeof v === 'object' && !Array.isArray(v);

export const documentRoutes: Route[] = [
  {
    method: 'POST', path: '/collections/{name}', tag: 'document', collection: true,
    summary: 'Create a document (object) or documents (array); answers the created DocIDs',
    async handler(ctx) {
      const body = await ctx.bodyJSON();
      const fields = ctx.queryString('encryptFields');
      const opts = {
        encrypt: ctx.queryBool('encrypt') ?? false,
        encryptFields: fields ? fields.split(',').map((f) => f.trim()).filter(Boolean) : [],
      };
      // Extension: Go answers an empty body; the created DocIDs let HTTP clients return them.
      if (Array.isArray(body)) {
        if (!body.every(isObject)) throw new HttpError(400, 'invalid request body');
        ctx.json(await ctx.collection.createMany(body, opts));
      } else if (isObject(body)) {
        ctx.json([await ctx.collection.create(body, opts)]);
      } else {
        throw new HttpError(400, 'invalid request body');
      }
    },
  },
  {
    method: 'GET', path: '/collections/{name}', tag: 'document', collection: true,
    summary: 'Stream all DocIDs (SSE: {"docID","error"} per event)',
    async handler(ctx) {
      const ids = ctx.collection.getAllDocIDs();
      const stream = ctx.eventStream();
      try {
        for await (const { docID, error } of ids) {
          if (stream.closed) break;
          stream.send({ docID, error: error ?? '' });
        }
      } finally {
        stream.end();
      }
    },
  },
  {
    method: 'PATCH', path: '/collections/{name}', tag: 'document', collection: true,
    summary: 'Update documents matching a filter',
    async handler(ctx) {
      const body = await ctx.bodyObject();
      if (typeof body.updater !== 'string') throw new HttpError(400, 'invalid request body');
      ctx.json(await ctx.collection.updateWithFilter(body.filter ?? null, body.updater));
    },
  },
  {
    method: 'DELETE', path: '/collections/{name}', tag: 'document', collection: true,
    summary: 'Delete documents matching a filter',
    async handler(ctx) {
      const body = await ctx.bodyObject();
      ctx.json(await ctx.collection.deleteWithFilter(body.filter ?? null));
    },
  },
  {
    method: 'GET', path: '/collections/{name}/{docID}', tag: 'document', collection: true,
    summary: 'Get a document',
    async handler(ctx) {
      ctx.json(await ctx.collection.get(ctx.params.docID, ctx.queryBool('show_deleted') ?? false));
    },
  },
  {
    method: 'PATCH', path: '/collections/{name}/{docID}', tag: 'document', collection: true,
    summary: 'Update a document (body: fields to set)',
    async handler(ctx) {
      const body = await ctx.bodyJSON();
      if (!isObject(body)) throw new HttpError(400, 'invalid request body');
      await ctx.collection.update(ctx.params.docID, body);
      ctx.empty();
    },
  },
  {
    method: 'DELETE', path: '/collections/{name}/{docID}', tag: 'document', collection: true,
    summary: 'Delete a document',
    async handler(ctx) {
      const deleted = await ctx.collection.delete(ctx.params.docID);
      if (!deleted) throw new HttpError(400, 'document not found or not authorized to access');
      ctx.empty();
    },
  },
];
