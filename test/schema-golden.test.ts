// Every `schemaVersionId` golden vector: the exact JSON hashed and the resulting IDs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { draftsFromSDL, goJson, schemaForJson, schemaJson, schemaVersionId, defineFromSDL, patchSchema } from '../src/schema/index.ts';
import type { SchemaDescription } from '../src/client/index.ts';

interface Vector {
  id: string; type: string; sdl?: string; note?: string; hashedJson: string; verified?: boolean;
  expected: Record<string, string>;
}
const file = JSON.parse(readFileSync(new URL('../../shared/reference/golden-vectors.json', import.meta.url), 'utf8'));
const all: Vector[] = [...file.vectors, ...file.unverified.map((v: Vector) => ({ ...v, verified: false }))];
const vectors = all.filter((v) => v.type === 'schemaVersionId');

test('there are schemaVersionId vectors', () => assert.ok(vectors.length >= 7));

for (const v of vectors) {
  const label = `${v.id}${v.verified === false ? ' (unverified)' : ''}`;
  test(label, () => {
    if (v.sdl !== undefined) {
      const drafts = draftsFromSDL(v.sdl);
      const schemas = drafts.map((d) => d.schema);
      if (v.hashedJson.startsWith('[')) {
        const sorted = [...schemas].sort((a, b) => (a.Name < b.Name ? -1 : 1));
        assert.equal(goJson(sorted.map(schemaForJson)), v.hashedJson);
      } else {
        assert.equal(schemas.length, 1);
        assert.equal(schemaJson(schemas[0]), v.hashedJson);
      }
      const defined = defineFromSDL(v.sdl);
      for (const d of defined) {
        const want = v.expected[d.schema.Name] ?? v.expected.schemaVersionId;
        assert.equal(d.schema.VersionID, want, d.schema.Name);
        if (v.expected.schemaRoot) assert.equal(d.schema.Root, v.expected.schemaRoot);
        if (v.expected.collectionId) assert.equal(d.version.CollectionID, v.expected.collectionId);
      }
      return;
    }
    // Patch vector: rebuild the previous version from the hashed JSON's Root, then patch it.
    const m = /^PatchSchema (\[.*\]);/.exec(v.note ?? '');
    assert.ok(m, 'patch vector carries its patch in the note');
    const base = defineFromSDL('type Users { name: String }')[0].schema;
    assert.equal(base.VersionID, v.expected.schemaRoot);
    const next = patchSchema(new Map<string, SchemaDescription>([[base.Name, base]]), m[1]);
    const s = next.get('Users')!;
    assert.equal(s.hashedJson, v.hashedJson);
    assert.equal(s.schema.VersionID, v.expected.schemaVersionId);
    assert.equal(s.schema.Root, v.expected.schemaRoot);
    assert.equal(schemaVersionId(JSON.parse(v.hashedJson)), v.expected.schemaVersionId);
  });
}
