// The OpenAPI 3.0.3 document, generated from the route table at start-up like DefraDB's.

import type { Route } from './router.ts';

const operationId = (r: Route) =>
  (r.method.toLowerCase() + r.path.replace(/[{}]/g, '').split(/[/_-]/).filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1)).join(''));

export function openApiDocument(routes: readonly Route[], basePath: string, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1], in: 'path', required: true, schema: { type: 'string' },
    }));
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: operationId(r),
      tags: [r.tag],
      summary: r.summary,
      ...(params.length ? { parameters: params } : {}),
      responses: {
        200: { description: 'success' },
        400: { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/error' } } } },
        ...(r.collection ? { 404: { description: 'collection not found (empty body)' } } : {}),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'DefraDB API', version },
    servers: [{ description: 'Local DefraDB instance', url: basePath }],
    paths,
    components: {
      schemas: {
        error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] },
      },
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } },
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
  };
}
