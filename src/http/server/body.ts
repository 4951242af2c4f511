// Request body reading with a size limit: an oversized body is refused with 413 before it is
// buffered whole, and malformed JSON becomes a 400 with the parser's message.

import type { IncomingMessage } from 'node:http';
import { parseJSON } from '../json.ts';
import { HttpError } from './respond.ts';

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export const tooLarge = (limit: number) =>
  new HttpError(413, `request body too large: limit is ${limit} bytes`);

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; an empty body yields `undefined` so routes can tell "missing" apart. */
export function parseBodyJSON(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJSON(text);
  } catch (e) {
    throw new HttpError(400, `invalid JSON body: ${(e as Error).message}`);
  }
}
