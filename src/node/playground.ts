// The GraphQL playground served at `/`: GraphiQL 3's self-contained browser build plus React 18's
// UMD files, all read from node_modules (no CDN, works offline), pointed at this node's own
// `/api/v0/graphql`. Handed to the HTTP server as its static-asset provider.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One served file. */
export interface PlaygroundAsset {
  body: Uint8Array;
  contentType: string;
}

/** Matches the HTTP server's `StaticAssets` hook (`get(path) → asset | undefined`). */
export interface PlaygroundAssets {
  get(path: string): Promise<PlaygroundAsset | undefined>;
}

export interface PlaygroundOptions {
  /** The GraphQL endpoint the page posts to, same origin. Default `/api/v0/graphql`. */
  graphqlPath?: string;
  /** Where the vendored files are mounted. Default `/playground`. */
  prefix?: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/** Vendored files: URL name → [package, file inside the package, content type]. */
const VENDORED: Record<string, [string, string, string]> = {
  'react.production.min.js': ['react', 'umd/react.production.min.js', JS],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js', JS],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js', JS],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css', CSS],
};

const DEFAULT_QUERY = `# Welcome to the DefraDB playground.
# Add a schema (POST /api/v0/schema or \`defradb client schema add\`), then query it, e.g.:
#
# query {
#   User {
#     _docID
#     name
#   }
# }
`;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function indexHtml(prefix: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DefraDB Playground</title>
<link rel="stylesheet" href="${escapeHtml(prefix)}/graphiql.min.css">
<style>html, body, #playground { height: 100%; margin: 0; overflow: hidden; }</style>
</head>
<body>
<div id="playground">Loading the playground…</div>
<script src="${escapeHtml(prefix)}/react.production.min.js"></script>
<script src="${escapeHtml(prefix)}/react-dom.production.min.js"></script>
<script src="${escapeHtml(prefix)}/graphiql.min.js"></script>
<script src="${escapeHtml(prefix)}/app.js"></script>
</body>
</html>
`;
}

/** The page's boot script: a same-origin fetcher and the GraphiQL root. Kept out of the HTML. */
function appJs(graphqlPath: string): string {
  return `(function () {
  'use strict';
  var url = new URL(${JSON.stringify(graphqlPath)}, window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: url });
  var root = ReactDOM.createRoot(document.getElementById('playground'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    shouldPersistHeaders: false,
  }));
})();
`;
}

/** Directory of an installed package, found through its (always exported) package.json. */
function packageDir(pkg: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * The playground's files for the HTTP server. `/` (and `/index.html`) is the page; vendored files
 * live under `prefix`. Files are read on first request and cached; unknown paths → undefined (404).
 */
export function playgroundAssets(opts: PlaygroundOptions = {}): PlaygroundAssets {
  const prefix = (opts.prefix ?? '/playground').replace(/\/+$/, '');
  const graphqlPath = opts.graphqlPath ?? '/api/v0/graphql';
  const html: PlaygroundAsset = { body: utf8(indexHtml(prefix)), contentType: HTML };
  const app: PlaygroundAsset = { body: utf8(appJs(graphqlPath)), contentType: JS };
  const cache = new Map<string, Promise<PlaygroundAsset>>();

  const vendored = (name: string): Promise<PlaygroundAsset> | undefined => {
    const entry = Object.hasOwn(VENDORED, name) ? VENDORED[name] : undefined;
    if (!entry) return undefined;
    let p = cache.get(name);
    if (!p) {
      const [pkg, file, contentType] = entry;
      p = readFile(join(packageDir(pkg), file)).then((b) => ({ body: new Uint8Array(b), contentType }));
      // A failed read (package missing) is retried next time rather than cached.
      p.catch(() => cache.delete(name));
      cache.set(name, p);
    }
    return p;
  };

  return {
    async get(path: string): Promise<PlaygroundAsset | undefined> {
      if (path === '/' || path === '/index.html') return html;
      if (!path.startsWith(prefix + '/')) return undefined;
      const name = path.slice(prefix.length + 1);
      if (name === 'app.js') return app;
      return vendored(name);
    },
  };
}
