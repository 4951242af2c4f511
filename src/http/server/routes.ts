// The route table below `/api/v0`, one handler file per resource. Order matters only for the
// OpenAPI listing; the router prefers static segments on its own.

import { acpRoutes } from './handlers/acp.ts';
import { backupRoutes } from './handlers/backup.ts';
import { documentRoutes } from './handlers/documents.ts';
import { graphqlRoutes } from './handlers/graphql.ts';
import { indexRoutes } from './handlers/indexes.ts';
import { nodeRoutes } from './handlers/node.ts';
import { p2pRoutes } from './handlers/p2p.ts';
import { schemaRoutes } from './handlers/schema.ts';
import { txRoutes } from './handlers/tx.ts';
import type { Route } from './router.ts';

export const API_BASE = '/api/v0';
export const API_VERSION = 'v0';

export const apiRoutes: Route[] = [
  ...schemaRoutes,
  ...indexRoutes,
  ...documentRoutes,
  ...graphqlRoutes,
  ...txRoutes,
  ...backupRoutes,
  ...p2pRoutes,
  ...acpRoutes,
  ...nodeRoutes,
];
