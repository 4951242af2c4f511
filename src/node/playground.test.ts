import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playgroundAssets } from './playground.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('playgroundAssets', () => {
  it('serves the page at / and /index.html, loading only local scripts and styles', async () => {
    const assets = playgroundAssets();
    for (const p of ['/', '/index.html']) {
      const a = await assets.get(p);
      assert.ok(a, p);
      assert.equal(a.contentType, 'text/html; charset=utf-8');
      const html = text(a.body);
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(refs, [
        '/playground/graphiql.min.css',
        '/playground/react.production.min.js',
        '/playground/react-dom.production.min.js',
        '/playground/graphiql.min.js',
        '/playground/app.js',
      ]);
      assert.doesNotMatch(html, /https?:\/\//, 'no network references');
    }
  });

  it('every file the page references exists and has the right type', async () => {
    const assets = playgroundAssets();
    const html = text((await assets.get('/'))!.body);
    for (const [, ref] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const a = await assets.get(ref);
      assert.ok(a, ref);
      assert.ok(a.body.length > 0, ref);
      assert.equal(a.contentType, ref.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', ref);
    }
    // The UMD builds define the globals app.js uses.
    assert.match(text((await assets.get('/playground/graphiql.min.js'))!.body), /\.GraphiQL=/);
    assert.match(text((await assets.get('/playground/react-dom.production.min.js'))!.body), /createRoot/);
  });

  it('the CSS pulls nothing from the network', async () => {
    const css = text((await playgroundAssets().get('/playground/graphiql.min.css'))!.body);
    assert.doesNotMatch(css, /url\(\s*["']?https?:/);
    assert.doesNotMatch(css, /@import/);
  });

  it('app.js targets the configured same-origin GraphQL endpoint', async () => {
    const def = text((await playgroundAssets().get('/playground/app.js'))!.body);
    assert.match(def, /new URL\("\/api\/v0\/graphql", window\.location\.href\)/);
    assert.match(def, /GraphiQL\.createFetcher/);
    const custom = playgroundAssets({ graphqlPath: '/x/graphql', prefix: '/ui/' });
    assert.match(text((await custom.get('/ui/app.js'))!.body), /"\/x\/graphql"/);
    assert.match(text((await custom.get('/'))!.body), /src="\/ui\/graphiql\.min\.js"/);
    assert.equal(await custom.get('/playground/app.js'), undefined);
  });

  it('unknown paths, traversal and prototype keys are not found', async () => {
    const assets = playgroundAssets();
    for (const p of ['/nope', '/playground', '/playground/', '/playground/../package.json',
      '/playground/constructor', '/playground/__proto__', '/playground/graphiql.js', '/favicon.ico']) {
      assert.equal(await assets.get(p), undefined, p);
    }
  });

  it('caches vendored files (same bytes object on a second request)', async () => {
    const assets = playgroundAssets();
    const a = await assets.get('/playground/graphiql.min.js');
    const b = await assets.get('/playground/graphiql.min.js');
    assert.equal(a, b);
  });
});
