// Schema routes: add SDL, patch, describe, set the active version; collection describe and patch.

import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

export const schemaRoutes: Route[] = [
  {
    method: 'POST', path: '/schema', tag: 'schema', summary: 'Add a schema (SDL text body)',
    async handler(ctx) {
      ctx.json(await ctx.db.addSchema(await ctx.bodyText()));
    },
  },
  {
    method: 'PATCH', path: '/schema', tag: 'schema', summary: 'Patch a schema',
    async handler(ctx) {
      const body = await ctx.bodyObject();
      if (typeof body.Patch !== 'string') throw new HttpError(400, 'invalid request body');
      await ctx.db.patchSchema(body.Patch, body.Migration ?? null, body.SetAsDefaultVersion === true);
      ctx.empty();
    },
  },
  {
    method: 'GET', path: '/schema', tag: 'schema', summary: 'Describe schemas',
    async handler(ctx) {
      ctx.json(await ctx.db.getSchemas({
        name: ctx.queryString('name'),
        root: ctx.queryString('root'),
        versionID: ctx.queryString('version_id'),
      }));
    },
  },
  {
    method: 'POST', path: '/schema/default', tag: 'schema', summary: 'Set the active schema version (text body)',
    async handler(ctx) {
      await ctx.db.setActiveSchemaVersion((await ctx.bodyText()).trim());
      ctx.empty();
    },
  },
  {
    method: 'GET', path: '/collections', tag: 'collection', summary: 'Describe collections',
    async handler(ctx) {
      const cols = await ctx.db.getCollections({
        name: ctx.queryString('name'),
        versionID: ctx.queryString('version_id'),
        collectionID: ctx.queryString('collection_id'),
        includeInactive: ctx.queryBool('get_inactive'),
      });
      ctx.json(cols.map((c) => c.definition()));
    },
  },
  {
    method: 'PATCH', path: '/collections', tag: 'collection', summary: 'Patch collection versions (body: the patch as a JSON string)',
    async handler(ctx) {
      const patch = await ctx.bodyJSON();
      if (typeof patch !== 'string') throw new HttpError(400, 'invalid request body');
      await ctx.db.patchCollection(patch);
      ctx.empty();
    },
  },
];
