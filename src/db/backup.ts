// basicExport / basicImport in DefraDB's JSON backup format (or, with format "car", the whole
// Merkle DAG as a CARv1 file: backup-car.ts; import detects CAR by content):
// `{"<Collection>": [{"_docID", "_docIDNew", <fields>…}]}`. `_docIDNew` is the ID the document
// gets when re-created from its current values; relation `_id` values pointing into exported
// collections are rewritten to the target's new ID so relations survive the import.

import type { BackupConfig, CollectionDefinition, DocFields, ScalarKind } from '../client/index.ts';
import { defraError, isRelationKind } from '../client/index.ts';
import { generateDocId } from '../core/index.ts';
import type { NormalValue } from '../core/index.ts';
import { fromUtf8, utf8 } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { DOC_ID, fieldTable } from './doc-build.ts';
import { createDocs, updateDoc } from './doc-ops.ts';
import { readDoc, scanDocs } from './doc-store.ts';
import type { StoredDoc } from './doc-store.ts';
import { ErrNoBackupFS, ErrOpenFile } from './errors.ts';
import { loadDefinitions } from './schema-ops.ts';
import { carImport, encodeCarBackup } from './backup-car.ts';
import { looksLikeCar } from '../core/index.ts';

export const ErrCreateFile = defraError('create-file', 'failed to create file');
export const ErrBackupCollection = (name: string) =>
  defraError('backup-collection', 'failed to get collection: key not found')({ Name: name });
export const NEW_DOC_ID = '_docIDNew';

/** DocID of a document re-created from these stored values. */
function newDocID(def: CollectionDefinition, fields: DocFields): string {
  const t = fieldTable(def);
  const list = Object.entries(fields).flatMap(([name, value]) => {
    const f = t.stored.get(name);
    return f ? [{ name, kind: f.Kind as ScalarKind, value: value as NormalValue }] : [];
  });
  return generateDocId(list, def.schema.Root);
}

/** Go's json: document keys sorted (collections keep their order), big ints as plain digits. */
function goJson(v: Record<string, DocFields[]>, pretty: boolean): string {
  const sortKeys = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (x !== null && typeof x === 'object') {
      return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]));
    }
    return x;
  };
  const marks: string[] = [];
  const ordered = Object.fromEntries(Object.entries(v).map(([k, docs]) => [k, docs.map(sortKeys)]));
  const text = JSON.stringify(ordered, (_k, x) => (typeof x === 'bigint' ? `\u0000${marks.push(x.toString()) - 1}\u0000` : x), pretty ? '  ' : undefined);
  return text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i) => marks[Number(i)]);
}

function exportedDefinitions(ctx: TxnContext, names: readonly string[] | undefined) {
  const all = loadDefinitions(ctx).filter((d) => !d.version.IsEmbeddedOnly).sort((a, b) => a.shortID - b.shortID);
  if (!names?.length) return all;
  return names.map((n) => {
    const d = all.find((x) => x.version.Name === n);
    if (!d) throw ErrBackupCollection(n);
    return d;
  });
}

export async function basicExport(ctx: TxnContext, config: BackupConfig): Promise<void> {
  const fs = ctx.env.fs;
  if (!fs) throw ErrNoBackupFS();
  const defs = exportedDefinitions(ctx, config.collections);
  if (config.format === 'car') {
    const bytes = encodeCarBackup(ctx, defs, ctx.env.backupProgress);
    try { await fs.writeFile(config.filepath, bytes); } catch { throw ErrCreateFile({ Path: config.filepath }); }
    return;
  }
  const byRoot = new Map(defs.map((d) => [d.schema.Root, d]));
  const rootByName = new Map(loadDefinitions(ctx).map((d) => [d.schema.Name, d.schema.Root]));
  const changed = new Map<string, string>();
  const out: Record<string, DocFields[]> = {};
  for (const def of defs) {
    const docs: DocFields[] = [];
    for (const doc of scanDocs(ctx, def, false)) {
      const fields: DocFields = { ...doc.fields };
      // As DefraDB's basicExport: relation IDs follow their target's new ID; the target's new ID
      // is computed without its own link of the same name; a self link is left out of the
      // document's new ID and then points at it.
      let selfRef: string | undefined;
      for (const f of def.schema.Fields) {
        if (!isRelationKind(f.Kind) || f.Kind.Array) continue;
        const idField = `${f.Name}_id`;
        const foreign = fields[idField];
        if (typeof foreign !== 'string') continue;
        const cached = changed.get(foreign);
        if (cached !== undefined) {
          fields[idField] = cached;
          if (foreign === doc.docID) selfRef = idField;
          continue;
        }
        const root = 'Root' in f.Kind ? f.Kind.Root : 'RelativeID' in f.Kind ? def.schema.Root : rootByName.get(f.Kind.Name);
        const target = root ? byRoot.get(root) : undefined;
        if (!target) continue;
        const other: StoredDoc | undefined = readDoc(ctx, target, foreign, false);
        if (!other) { fields[idField] = null; continue; }
        const { [idField]: _link, ...otherFields } = other.fields;
        if (foreign === doc.docID) selfRef = idField;
        const mapped = newDocID(target, otherFields);
        if (foreign !== doc.docID) fields[idField] = mapped;
        if (mapped !== foreign) changed.set(foreign, mapped);
      }
      const own: DocFields = { ...fields };
      if (selfRef) delete own[selfRef];
      const id = newDocID(def, own);
      if (selfRef) fields[selfRef] = id;
      if (id !== doc.docID) changed.set(doc.docID, id);
      docs.push({ [DOC_ID]: doc.docID, [NEW_DOC_ID]: id, ...fields });
    }
    out[def.version.Name] = docs;
  }
  const text = goJson(out, config.pretty ?? false);
  try { await fs.writeFile(config.filepath, utf8(text)); } catch { throw ErrCreateFile({ Path: config.filepath }); }
}

export async function basicImport(ctx: TxnContext, filepath: string): Promise<void> {
  const fs = ctx.env.fs;
  if (!fs) throw ErrNoBackupFS();
  let bytes: Uint8Array;
  try { bytes = await fs.readFile(filepath); } catch { throw ErrOpenFile({ Path: filepath }); }
  if (looksLikeCar(bytes)) { await carImport(ctx, bytes); return; }
  const data = JSON.parse(fromUtf8(bytes)) as Record<string, DocFields[]>;
  for (const [name, docs] of Object.entries(data)) {
    const def = loadDefinitions(ctx).find((d) => d.version.Name === name && !d.version.IsEmbeddedOnly);
    if (!def) throw ErrBackupCollection(name);
    for (const d of docs) {
      const { [DOC_ID]: _old, [NEW_DOC_ID]: newID, ...fields } = d;
      // A link to the document itself cannot exist before it: create without it, then set it.
      const selfLinks: DocFields = {};
      for (const f of def.schema.Fields) {
        const idField = `${f.Name}_id`;
        if (isRelationKind(f.Kind) && !f.Kind.Array && idField in fields && fields[idField] === newID) {
          selfLinks[idField] = fields[idField];
          delete fields[idField];
        }
      }
      const [id] = createDocs(ctx, def, [fields]);
      if (Object.keys(selfLinks).length) updateDoc(ctx, def, id!, selfLinks);
    }
  }
}
