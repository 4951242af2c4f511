import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router.ts';
import type { Route } from './router.ts';
import { parseGoDuration } from './handlers/duration.ts';

const r = (method: Route['method'], path: string): Route => ({ method, path, tag: 't', summary: path, handler: () => {} });

test('static segments beat params; params are decoded', () => {
  const router = new Router([r('GET', '/collections/{name}'), r('GET', '/collections/indexes'), r('GET', '/collections/{name}/{docID}')]);
  const a = router.match('GET', '/collections/indexes');
  assert.equal(a.kind === 'found' && a.route.path, '/collections/indexes');
  const b = router.match('GET', '/collections/Us%20er/bae-1');
  assert.deepEqual(b.kind === 'found' && b.params, { name: 'Us er', docID: 'bae-1' });
});

test('unknown path → not-found; other method → method-not-allowed with Allow', () => {
  const router = new Router([r('GET', '/schema'), r('POST', '/schema')]);
  assert.equal(router.match('GET', '/nope').kind, 'not-found');
  assert.deepEqual(router.match('PUT', '/schema'), { kind: 'method-not-allowed', allow: ['GET', 'POST'] });
  assert.equal(router.match('GET', '/bad%zz').kind, 'not-found');
});

test('a less specific route may take a method the static one lacks', () => {
  const router = new Router([r('GET', '/collections/indexes'), r('POST', '/collections/{name}')]);
  const m = router.match('POST', '/collections/indexes');
  assert.deepEqual(m.kind === 'found' && m.params, { name: 'indexes' });
});

test('Go durations', () => {
  assert.equal(parseGoDuration('10s'), 10_000);
  assert.equal(parseGoDuration('1m30s'), 90_000);
  assert.equal(parseGoDuration('250ms'), 250);
  assert.throws(() => parseGoDuration('ten'), /invalid duration/);
});
