// addSchema's pure pipeline, in one visible line of steps:
// parse → validate document → read types → build drafts → validate drafts → assign IDs.

import type { CollectionDefinition } from '../client/index.ts';
import type { DraftDefinition } from './definitions.ts';
import { buildDefinitions } from './definitions.ts';
import { assignSchemaIds } from './schema-id.ts';
import { parseSdlDocument, readSdlTypes } from './sdl-parse.ts';
import { validateDefinitions, validateDocument } from './validate.ts';

/** Drafts with NamedKinds and empty IDs: exactly what gets hashed. */
export function draftsFromSDL(sdl: string, known: readonly CollectionDefinition[] = []): DraftDefinition[] {
  const knownDrafts = known.map(toDraft);
  const doc = parseSdlDocument(sdl);
  validateDocument(doc, new Set(knownDrafts.map((d) => d.schema.Name)));
  const drafts = buildDefinitions(readSdlTypes(doc), knownDrafts);
  validateDefinitions(drafts, knownDrafts);
  return drafts;
}

/**
 * New definitions from SDL, IDs assigned and relation kinds resolved. `known` are the active
 * definitions already stored (new types may relate to them; their names are taken).
 */
export function defineFromSDL(sdl: string, known: readonly CollectionDefinition[] = []): DraftDefinition[] {
  const drafts = draftsFromSDL(sdl, known);
  assignSchemaIds(drafts, new Map(known.map((d) => [d.schema.Name, d.schema.Root])));
  return drafts;
}

export const toDraft = (d: CollectionDefinition): DraftDefinition =>
  ({ schema: d.schema, version: d.version, embedded: d.version.IsEmbeddedOnly });
