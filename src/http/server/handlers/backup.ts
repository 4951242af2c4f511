// Backup routes: export to / import from a file on the server's disk.

import type { BackupConfig } from '../../../client/index.ts';
import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

export const backupRoutes: Route[] = [
  {
    method: 'POST', path: '/backup/export', tag: 'backup', summary: 'Export documents to a server-side file',
    async handler(ctx) {
      const b = await ctx.bodyObject();
      if (typeof b.filepath !== 'string') throw new HttpError(400, 'invalid request body');
      const format = b.format === undefined || b.format === null || b.format === '' ? undefined : b.format;
      if (format !== undefined && format !== 'json' && format !== 'car') throw new HttpError(400, 'invalid file format');
      const config: BackupConfig = {
        filepath: b.filepath,
        format,
        pretty: b.pretty === true,
        collections: Array.isArray(b.collections) ? b.collections.map(String) : [],
      };
      await ctx.db.basicExport(config);
      ctx.empty();
    },
  },
  {
    method: 'POST', path: '/backup/import', tag: 'backup', summary: 'Import documents from a server-side file',
    async handler(ctx) {
      const b = await ctx.bodyObject();
      if (typeof b.filepath !== 'string') throw new HttpError(400, 'invalid request body');
      await ctx.db.basicImport(b.filepath);
      ctx.empty();
    },
  },
];
