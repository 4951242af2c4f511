import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldKind } from '../client/index.ts';
import { toHex, compareBytes } from '../util/index.ts';
import { CborWriter } from './canonical-cbor.ts';
import { writeIndexValue, readIndexValue, buildIndexKey, parseIndexKey, jsonLeaves } from './index-encoding.ts';

const enc = (kind: number, v: unknown, desc = false) => { const w = new CborWriter(); writeIndexValue(w, kind as never, v as never, desc); return w.finish(); };

test('strings escape 0x00 and terminate with 00 01', () => {
  assert.equal(toHex(enc(FieldKind.String, 'a\u0000b')), '066100ff620001');
  assert.equal(toHex(enc(FieldKind.String, 'a', true)), '079eff fe'.replace(' ', ''));
});

test('values sort like their encodings, descending reversed', () => {
  const cases: [number, unknown[]][] = [
    [FieldKind.Int, [null, -1000, -1, 0, 5, 200, 2n ** 62n]],
    [FieldKind.Float64, [null, NaN, -Infinity, -2.5, -0.1, 0, 1e-300, 3.5, Infinity]],
    [FieldKind.Float32, [null, NaN, -2.5, 0, 0.5, 3.5]],
    [FieldKind.String, [null, '', 'a', 'a\u0000', 'ab', 'b']],
    [FieldKind.Bool, [null, false, true]],
    [FieldKind.DateTime, [null, '1969-01-01T00:00:00Z', '2000-01-01T00:00:00Z', '2000-01-01T00:00:00.5Z']],
  ];
  for (const [kind, vals] of cases) {
    const asc = vals.map((v) => enc(kind, v));
    const desc = vals.map((v) => enc(kind, v, true));
    for (let i = 1; i < vals.length; i++) {
      assert.ok(compareBytes(asc[i - 1], asc[i]) < 0, `asc ${kind} ${String(vals[i])}`);
      if (!(kind !== FieldKind.Float64 && kind !== FieldKind.Float32 ? false : i === 1)) assert.ok(compareBytes(desc[i - 1], desc[i]) > 0, `desc ${kind} ${String(vals[i])}`);
    }
    vals.forEach((v, i) => {
      const [back, n] = readIndexValue(asc[i], 0);
      assert.equal(n, asc[i].length);
      if (kind === FieldKind.DateTime && v !== null) assert.ok(typeof back === 'object');
      else if (typeof v === 'number' && Number.isNaN(v)) assert.ok(Number.isNaN(back as number));
      else assert.equal(back, v);
      const [backD] = readIndexValue(desc[i], 0, true);
      if (typeof v === 'number' && !Number.isNaN(v)) assert.equal(backD, v);
    });
  }
});

test('index keys build and parse', () => {
  const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
  const k = buildIndexKey(1, 1, [{ kind: FieldKind.String, value: 'John' }, { kind: FieldKind.Int, value: 21, descending: true }], docID);
  assert.deepEqual(parseIndexKey(k, 1, 1, [false, true], true), { values: ['John', 21], docID });
  const leaves = jsonLeaves({ a: { b: [1, [2], 'x'] }, c: true });
  assert.deepEqual(leaves, [{ path: ['a', 'b', 0], value: 1 }, { path: ['a', 'b', 0], value: 'x' }, { path: ['c'], value: true }]);
  const jk = buildIndexKey(2, 3, [{ kind: FieldKind.JSON, value: leaves[0] }]);
  assert.deepEqual(parseIndexKey(jk, 2, 3, [false], false).values, [leaves[0]]);
});

test('a JSON scalar and the same scalar inside an array get different index keys', () => {
  const [scalar] = jsonLeaves({ n: 4 });
  const [element] = jsonLeaves({ n: [4] });
  const a = buildIndexKey(1, 1, [{ kind: FieldKind.JSON, value: scalar! }]);
  const b = buildIndexKey(1, 1, [{ kind: FieldKind.JSON, value: element! }]);
  assert.notDeepEqual(a, b);
  assert.deepEqual(parseIndexKey(b, 1, 1, [false], false).values, [{ path: ['n', 0], value: 4 }]);
});
