import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldKind } from '../client/index.ts';
import { toHex } from '../util/index.ts';
import { encodeDocIdPreimage, generateDocId, docDataCid, parseDocId, isValidDocId, docIdBytes } from './doc-id.ts';

const root = 'bafkreicprhqxzlw3akyssz2v6pifwfueavp7jq2yj3dghapi3qcq6achs4';
const john = [
  { name: 'name', kind: FieldKind.String, value: 'John' },
  { name: 'age', kind: FieldKind.Int, value: 21 },
  { name: 'verified', kind: FieldKind.Bool, value: null },
] as const;

test('worked example of datamodel.md §1.2', () => {
  assert.equal(toHex(encodeDocIdPreimage(john)), 'a26361676515646e616d65644a6f686e');
  assert.equal(docDataCid(john, root), 'bafkreih4hgxslrvpbjgdbeiiywx24mv2gaxttkdbtnr2b4v4323kcgiczq');
  assert.equal(generateDocId(john, root), 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3');
});

test('parse and validate', () => {
  assert.equal(parseDocId('bae-C9FB0FA4-1195-589c-aa54-e68333fb90b3'), 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3');
  assert.throws(() => parseDocId('nodash'), { message: 'malformed document ID, missing either version or cid' });
  assert.throws(() => parseDocId('bae-123'), /uuid: incorrect UUID length 3 in string "123"/);
  assert.ok(!isValidDocId('bae-zzzzzzzz-1195-589c-aa54-e68333fb90b3'));
  assert.equal(docIdBytes('bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3').length, 17);
});
