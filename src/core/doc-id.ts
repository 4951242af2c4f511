// DocIDs (datamodel.md §1.2): canonical CBOR of the non-null initial fields + schema root bytes
// → raw CID string → UUIDv5 in DefraDB's namespace → "bae-<uuid>".

import { sha1 } from '@noble/hashes/legacy.js';
import { DefraError, type ScalarKind } from '../client/index.ts';
import { utf8, concatBytes, toHex, fromHex } from '../util/index.ts';
import { CborWriter, compareCanonicalKeys } from './canonical-cbor.ts';
import { writeFieldValue, type NormalValue } from './field-values.ts';
import { rawCidString } from './cid.ts';

/** One field of a document as it enters the DocID: its schema name, kind and normalised value. */
export interface DocField { name: string; kind: ScalarKind; value: NormalValue }

const NAMESPACE = fromHex('c94acbfadd5340d097f329ce16c333fc');
export const DOC_ID_PREFIX = 'bae-';

export const ErrMalformedDocID = () =>
  new DefraError('malformed-docid', 'malformed document ID, missing either version or cid');
export const ErrInvalidUUID = (msg: string) => new DefraError('invalid-uuid', msg);

const writer = new CborWriter(512);

/** The canonical CBOR map of the non-null fields (the pre-image before the schema root). */
export function encodeDocIdPreimage(fields: readonly DocField[]): Uint8Array {
  const present = fields.filter((f) => f.value !== null && f.value !== undefined);
  present.sort((a, b) => compareCanonicalKeys(a.name, b.name));
  writer.reset();
  writer.mapHeader(present.length);
  for (const f of present) {
    writer.text(f.name);
    writeFieldValue(writer, f.kind, f.value, true);
  }
  return writer.finish();
}

/** RFC 4122 UUIDv5 (SHA-1) of `name` in `namespace`, as hyphenated lower-case text. */
export function uuidV5(namespace: Uint8Array, name: Uint8Array): string {
  const h = sha1(concatBytes(namespace, name)).slice(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = toHex(h);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** DocID from the data CID string (`bafkrei…`). */
export const docIdFromDataCid = (dataCid: string): string => DOC_ID_PREFIX + uuidV5(NAMESPACE, utf8(dataCid));

/** The data CID string of a document: raw CID of pre-image ‖ schema root. */
export function docDataCid(fields: readonly DocField[], schemaRoot: string): string {
  return rawCidString(concatBytes(encodeDocIdPreimage(fields), utf8(schemaRoot)));
}

/** Generate the DocID of a new document from its initial fields (defaults already applied). */
export const generateDocId = (fields: readonly DocField[], schemaRoot: string): string =>
  docIdFromDataCid(docDataCid(fields, schemaRoot));

const uuidRe = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Validate a DocID string (Go NewDocIDFromString) and return it in canonical lower case. */
export function parseDocId(s: string): string {
  const dash = s.indexOf('-');
  if (dash < 0) throw ErrMalformedDocID();
  const version = s.slice(0, dash);
  const uuid = s.slice(dash + 1);
  if (version !== 'bae') throw new DefraError('invalid-docid-version', 'invalid document ID version', { Version: version });
  // gofrs/uuid's FromString texts (Go's %q quoting).
  if (uuid.length !== 36) throw ErrInvalidUUID(`uuid: incorrect UUID length ${uuid.length} in string ${JSON.stringify(uuid)}`);
  if (!uuidRe.test(uuid)) throw ErrInvalidUUID(`uuid: incorrect UUID format in string ${JSON.stringify(uuid)}`);
  return DOC_ID_PREFIX + uuid.toLowerCase();
}

export function isValidDocId(s: string): boolean {
  try { parseDocId(s); return true; } catch { return false; }
}

/** DocID.Bytes(): uvarint version (1) followed by the 16 UUID bytes. */
export function docIdBytes(docId: string): Uint8Array {
  const id = parseDocId(docId);
  return concatBytes(Uint8Array.of(1), fromHex(id.slice(4).replaceAll('-', '')));
}
