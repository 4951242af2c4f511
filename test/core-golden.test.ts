// Reproduces every golden vector of golden-vectors.json that needs no SDL parsing: schema IDs
// (from their hashed JSON), DocIDs and their CBOR pre-images, block bytes and CIDs of whole
// histories, counters, a branchable collection block and doc-level encryption (test mode).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { FieldKind, CType, type ScalarKind } from '../src/client/index.ts';
import { toHex, toBase64, utf8 } from '../src/util/index.ts';
import {
  rawCidString, encodeDocIdPreimage, generateDocId, normalizeFieldValue, encodeFieldValue,
  LwwRegister, Counter, CompositeCrdt, CollectionCrdt, addDelta, DocStatus, walkCommits, commitStarts,
  makeEncryptionBlock, encryptData, testModeEncryptionKey, TEST_MODE_NONCE, type AesGcmCipher, type DocField,
  type AddDeltaResult, type DagLink, type CID, scanDocs, FieldTable,
} from '../src/core/index.ts';
import { TestMemoryKV } from '../src/core/test-memory-kv.ts';

const gv = JSON.parse(readFileSync(new URL('../../shared/reference/golden-vectors.json', import.meta.url), 'utf8'));
type V = Record<string, any>;
const vectors: V[] = gv.vectors;
const unverified: V[] = gv.unverified;

interface SchemaField { Name: string; Kind: number | object; Typ: number }
const schemas = new Map<string, SchemaField[]>();
for (const v of vectors) {
  if (!v.hashedJson || v.hashedJson.startsWith('[')) continue;
  const id = rawCidString(utf8(v.hashedJson));
  schemas.set(id, JSON.parse(v.hashedJson).Fields);
}
const rootOf = (v: V): string =>
  v.schemaVersionId ?? v.derived?.schemaVersionId ?? v.derived?.bookSchemaVersionId ?? rawCidString(utf8(v.hashedJson));

function fieldsOf(v: V): SchemaField[] {
  const f = schemas.get(rootOf(v));
  assert.ok(f, `schema of ${v.id} known`);
  return f;
}

const docFields = (schema: SchemaField[], doc: Record<string, unknown>): DocField[] =>
  Object.entries(doc).map(([name, value]) => {
    const sf = schema.find((f) => f.Name === name)!;
    const kind = sf.Kind as ScalarKind;
    return { name, kind, value: normalizeFieldValue(kind, value) };
  });

const cipher: AesGcmCipher = {
  seal(key, nonce, pt) {
    const c = createCipheriv('aes-256-gcm', key, nonce);
    return new Uint8Array(Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]));
  },
  open(key, nonce, sealed) {
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return new Uint8Array(Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]));
  },
};

/** A tiny collection.save: field blocks, then the composite, then (branchable) the collection block. */
class DocWriter {
  readonly kv = new TestMemoryKV();
  readonly schema: SchemaField[];
  readonly root: string;
  readonly branchable: boolean;
  readonly encrypt: boolean;
  docID = '';
  encCid: CID | undefined;
  log: { field: string; r: AddDeltaResult }[] = [];
  constructor(v: V, opts: { branchable?: boolean; encrypt?: boolean } = {}) {
    this.schema = fieldsOf(v);
    this.root = rootOf(v);
    this.branchable = opts.branchable ?? false;
    this.encrypt = opts.encrypt ?? false;
  }

  private fieldId = (name: string) => this.schema.findIndex((f) => f.Name === name) + 1;

  save(doc: Record<string, unknown>, isCreate: boolean): AddDeltaResult {
    const fields = docFields(this.schema, doc);
    if (isCreate) {
      this.docID = generateDocId(fields, this.root);
      if (this.encrypt) {
        const eb = makeEncryptionBlock(this.docID, testModeEncryptionKey(this.docID));
        this.encCid = eb.cid;
        this.encBlock = eb;
      }
    }
    const links: DagLink[] = [];
    for (const f of fields) {
      const sf = this.schema.find((x) => x.Name === f.name)!;
      const target = { colShortId: 1, docID: this.docID, fieldId: this.fieldId(f.name), fieldName: f.name, schemaVersionID: this.root };
      const data = encodeFieldValue(f.kind, f.value);
      const enc = this.encCid ? { cid: this.encCid, encrypt: (d: Uint8Array) => encryptData(cipher, testModeEncryptionKey(this.docID), TEST_MODE_NONCE, d) } : undefined;
      let r: AddDeltaResult;
      if (sf.Typ === CType.PNCounter || sf.Typ === CType.PCounter) {
        const c = new Counter({ ...target, kind: f.kind, allowDecrement: sf.Typ === CType.PNCounter });
        r = addDelta(this.kv, c, c.delta(data, 0), { encryption: enc });
      } else {
        const l = new LwwRegister(target);
        r = addDelta(this.kv, l, l.delta(data), { encryption: enc });
      }
      this.log.push({ field: f.name, r });
      links.push({ name: f.name, cid: r.cid });
    }
    return this.commitComposite(DocStatus.Active, links);
  }

  encBlock: { bytes: Uint8Array; cid: CID } | undefined;

  commitComposite(status: DocStatus, links: DagLink[]): AddDeltaResult {
    const comp = new CompositeCrdt({ colShortId: 1, docID: this.docID, schemaVersionID: this.root });
    const r = addDelta(this.kv, comp, comp.delta(status), { links, encryption: this.encCid ? { cid: this.encCid } : undefined });
    this.log.push({ field: '_C', r });
    if (this.branchable) {
      const col = new CollectionCrdt({ colShortId: 1, schemaVersionID: this.root });
      this.log.push({ field: '_col', r: addDelta(this.kv, col, col.delta(), { links: [{ name: '', cid: r.cid }] }) });
    }
    return r;
  }

  cidOf(field: string, height: number): string {
    const e = this.log.find((x) => x.field === field && x.r.height === height);
    assert.ok(e, `${field}@${height} committed`);
    return e.r.cid.toString();
  }
  hexOf(field: string, height: number): string {
    return toHex(this.log.find((x) => x.field === field && x.r.height === height)!.r.bytes);
  }
}

const byId = (id: string): V => {
  const v = vectors.find((x) => x.id === id) ?? unverified.find((x) => x.id === id);
  assert.ok(v, id);
  return v;
};

test('golden: schema version IDs from their hashed JSON', () => {
  let n = 0;
  for (const v of vectors) {
    if (!v.hashedJson) continue;
    const id = rawCidString(utf8(v.hashedJson));
    const want = v.expected?.schemaVersionId ?? v.expected?.setBase ?? v.derived?.schemaVersionId ?? v.derived?.bookSchemaVersionId;
    if (!want) continue;
    assert.equal(id, want, v.id);
    n++;
  }
  const circ = byId('schema-circular-set');
  assert.equal(`${rawCidString(utf8(circ.hashedJson))}-1`, circ.expected.User);
  assert.ok(n >= 20, `checked ${n}`);
});

test('golden: every DocID and canonical CBOR pre-image', () => {
  let n = 0;
  for (const v of vectors) {
    if (!v.doc) continue;
    const fields = docFields(fieldsOf(v), v.doc);
    const want = v.expected?.docID ?? v.derived?.docID;
    if (v.derived?.docIdCanonicalCborHex) assert.equal(toHex(encodeDocIdPreimage(fields)), v.derived.docIdCanonicalCborHex, v.id);
    if (v.derived?.docIdDataCid) assert.equal(rawCidString(new Uint8Array([...encodeDocIdPreimage(fields), ...utf8(rootOf(v))])), v.derived.docIdDataCid);
    if (want) { assert.equal(generateDocId(fields, rootOf(v)), want, v.id); n++; }
  }
  assert.ok(n >= 22, `checked ${n}`);
});

test('golden: doc-john-21-history blocks, CIDs and deltas at heights 1–4', () => {
  const v = byId('doc-john-21-history');
  const w = new DocWriter(v);
  w.save(v.doc, true);
  for (const u of v.updates) w.save(u, false);
  assert.equal(w.docID, v.expected.docID);
  for (const c of v.expected.commits) {
    assert.equal(w.cidOf(c.fieldName, c.height), c.cid, `${c.fieldName}@${c.height}`);
  }
  assert.equal(w.hexOf('age', 1), v.derived.ageBlock1Hex);
  assert.equal(w.hexOf('name', 1), v.derived.nameBlock1Hex);
  assert.equal(w.hexOf('_C', 1), v.derived.compositeBlock1Hex);
  assert.equal(w.hexOf('age', 2), v.derived.ageBlock2Hex);
  assert.equal(w.hexOf('_C', 2), v.derived.compositeBlock2Hex);
  // commits views: delta base64 and links as _commits reports them
  const views = [...walkCommits(w.kv, commitStarts(w.kv, { docID: w.docID }))];
  const byCid = new Map(views.map((x) => [x.cid, x]));
  for (const c of v.expected.commits) {
    const view = byCid.get(c.cid);
    assert.ok(view, c.cid);
    assert.equal(view.height, c.height);
    assert.equal(view.fieldName, c.fieldName);
    if (c.links) assert.deepEqual(view.links, c.links);
  }
  assert.equal(toBase64(byCid.get(v.expected.commits[0].cid)!.delta!), v.derived.deltaBase64.age21);
  assert.equal(toBase64(byCid.get(v.expected.commits[1].cid)!.delta!), v.derived.deltaBase64.nameJohn);
  assert.equal(views.length, 9);
  // the stored state reads back
  const table = new FieldTable(fieldsOf(v).map((f, i) => ({ id: i + 1, name: f.Name, kind: f.Kind as ScalarKind })));
  const docs = [...scanDocs(w.kv, 1, table)];
  assert.deepEqual(docs, [{ docID: w.docID, schemaVersionID: v.schemaVersionId, fields: { age: 24, name: 'John' }, deleted: false }]);
});

test('golden: doc-shahzad-28 CIDs', () => {
  const v = byId('doc-shahzad-28');
  const w = new DocWriter(v);
  w.save(v.doc, true);
  assert.equal(w.docID, v.derived.docID);
  for (const c of v.expected.commits) assert.equal(w.cidOf(c.fieldName, 1), c.cid);
});

test('golden: doc-users-name-john-update composites', () => {
  const v = byId('doc-users-name-john-update');
  const w = new DocWriter(v);
  w.save(v.doc, true);
  w.save(v.updates[0], false);
  assert.equal(w.docID, v.expected.docID);
  assert.equal(w.cidOf('_C', 1), v.expected.compositeHeight1);
  assert.equal(w.cidOf('_C', 2), v.expected.compositeHeight2);
  assert.equal(w.cidOf('name', 1), v.derived.nameBlock1);
  assert.equal(w.cidOf('name', 2), v.derived.nameBlock2);
});

for (const id of ['doc-pncounter-int', 'doc-pncounter-float', 'doc-pcounter-int', 'doc-pcounter-float']) {
  test(`golden: ${id} counter block (nonce 0) and composite`, () => {
    const v = byId(id);
    const w = new DocWriter(v);
    w.save(v.doc, true);
    assert.equal(w.docID, v.expected.docID);
    assert.equal(w.cidOf('points', 1), v.derived.pointsBlock);
    assert.equal(w.hexOf('points', 1), v.derived.pointsBlockHex);
    assert.equal(w.cidOf('name', 1), v.derived.nameBlock);
    assert.equal(w.cidOf('_C', 1), v.expected.compositeHeight1);
  });
}

test('golden: doc-branchable-collection-block', () => {
  const v = byId('doc-branchable-collection-block');
  const w = new DocWriter(v, { branchable: true });
  w.save(v.doc, true);
  assert.equal(w.docID, v.expected.docID);
  assert.equal(w.cidOf('age', 1), v.derived.ageBlock);
  assert.equal(w.cidOf('name', 1), v.derived.nameBlock);
  assert.equal(w.cidOf('_C', 1), v.derived.compositeBlock);
  assert.equal(w.cidOf('_col', 1), v.expected.collectionBlockCid);
  assert.equal(w.hexOf('_col', 1), v.derived.collectionBlockHex);
  const [col] = walkCommits(w.kv, commitStarts(w.kv, { colShortId: 1 }));
  assert.equal(col.docID, null);
  assert.equal(col.fieldName, null);
  assert.equal(col.delta, null);
  assert.deepEqual(col.links, [{ name: null, cid: v.derived.compositeBlock }]);
});

test('golden: doc-book-one-to-many composite', () => {
  const v = byId('doc-book-one-to-many');
  const w = new DocWriter(v);
  w.save(v.doc, true);
  assert.equal(w.docID, v.expected.docID);
  assert.equal(w.cidOf('_C', 1), v.expected.compositeHeight1);
});

test('golden: doc-simple-users-version heights 1–2', () => {
  const v = byId('doc-simple-users-version');
  const w = new DocWriter(v);
  w.save(v.doc, true);
  w.save(v.updates[0], false);
  assert.equal(w.docID, v.expected.docID);
  assert.equal(w.cidOf('Age', 1), v.expected.ageHeight1);
  assert.equal(w.cidOf('Name', 1), v.expected.nameHeight1);
  assert.equal(w.cidOf('_C', 1), v.expected.compositeHeight1);
  assert.equal(w.cidOf('Age', 2), v.expected.ageHeight2);
  assert.equal(w.cidOf('_C', 2), v.expected.compositeHeight2);
});

test('golden: doc-encrypted-john-21 ciphertext, encryption block and CIDs (test mode)', () => {
  const v = byId('doc-encrypted-john-21');
  const w = new DocWriter(v, { encrypt: true });
  w.save(v.doc, true);
  assert.equal(w.docID, v.expected.docID);
  assert.equal(new TextDecoder().decode(testModeEncryptionKey(w.docID)), v.derived.encryptionKeyAscii);
  assert.equal(w.encBlock!.cid.toString(), v.derived.encryptionBlockCid);
  assert.equal(toHex(w.encBlock!.bytes), v.derived.encryptionBlockHex);
  const age = w.log.find((x) => x.field === 'age')!.r;
  const name = w.log.find((x) => x.field === 'name')!.r;
  assert.equal(toHex((age.block.delta as { data: Uint8Array }).data), v.derived.ageEncryptedDataHex);
  assert.equal(toHex((name.block.delta as { data: Uint8Array }).data), v.derived.nameEncryptedDataHex);
  assert.equal(w.cidOf('age', 1), v.expected.ageHeight1);
  assert.equal(w.cidOf('name', 1), v.expected.nameHeight1);
  assert.equal(w.cidOf('_C', 1), v.expected.compositeHeight1);
  // the local state holds the plaintext
  const table = new FieldTable([{ id: 2, name: 'age', kind: FieldKind.Int }, { id: 3, name: 'name', kind: FieldKind.String }]);
  assert.deepEqual([...scanDocs(w.kv, 1, table)][0].fields, { age: 21, name: 'John' });
});

test('golden (unverified): delete composite after doc-john-21 create', () => {
  const v = byId('unverified-delete-john-21');
  const w = new DocWriter(byId('doc-john-21-history'));
  w.save(byId('doc-john-21-history').doc, true);
  const r = w.commitComposite(DocStatus.Deleted, []);
  assert.equal(r.height, v.expected.height);
  assert.equal(toHex(r.bytes), v.expected.blockHex);
  assert.equal(r.cid.toString(), v.expected.deleteCompositeCid);
  const table = new FieldTable([{ id: 2, name: 'age', kind: FieldKind.Int }, { id: 3, name: 'name', kind: FieldKind.String }]);
  assert.equal([...scanDocs(w.kv, 1, table)].length, 0);
  assert.deepEqual([...scanDocs(w.kv, 1, table, { showDeleted: true })][0].fields, { age: 21, name: 'John' });
});

test('golden (unverified): nillable-array DocID pre-image quirk', () => {
  const v = byId('unverified-nillable-array-docid-preimage');
  const fields: DocField[] = [
    { name: 'name', kind: FieldKind.String, value: 'John' },
    { name: 'tags', kind: FieldKind.NillableStringArray, value: normalizeFieldValue(FieldKind.NillableStringArray, v.doc.tags) },
  ];
  assert.equal(toHex(encodeDocIdPreimage(fields)), v.expected.docIdCanonicalCborHex);
});
