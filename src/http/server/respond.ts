// Writing responses the way DefraDB does: one JSON value and a newline, `{"error": …}` for
// failures, an empty 200 for success without payload, and SSE for streams.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyGoJSON, stringifyJSON, UnsupportedJSONValue } from '../json.ts';

/** A failure with an HTTP status. `body` overrides the JSON error envelope (e.g. 404 empty body). */
export class HttpError extends Error {
  readonly status: number;
  readonly body: { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'empty' };
  constructor(status: number, message: string, body?: HttpError['body']) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.body = body ?? { kind: 'json', value: { error: message } };
  }
}

export const badRequest = (message: string) => new HttpError(400, message);

export function sendJSON(res: ServerResponse, status: number, value: unknown): void {
  let text: string;
  try {
    text = stringifyGoJSON(value === undefined ? null : value) + '\n';
  } catch (e) {
    // DefraDB's json.Encoder writes nothing for NaN/±Inf after the header: an empty body.
    if (!(e instanceof UnsupportedJSONValue)) throw e;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': 0 });
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status = 200): void {
  res.writeHead(status, { 'Content-Length': 0 });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) { res.destroy(); return; }
  const b = err.body;
  if (b.kind === 'json') sendJSON(res, err.status, b.value);
  else if (b.kind === 'text') sendText(res, err.status, b.text);
  else sendEmpty(res, err.status);
}

/** An open Server-Sent-Events response; `send` writes one `data:` event and flushes. */
export interface EventStream {
  send(value: unknown): boolean;
  end(): void;
  readonly closed: boolean;
  /** Resolves when the client goes away or `end` is called. */
  readonly done: Promise<void>;
}

export function openEventStream(req: IncomingMessage, res: ServerResponse): EventStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
  let closed = false;
  let resolve!: () => void;
  const done = new Promise<void>((r) => { resolve = r; });
  const finish = () => { if (!closed) { closed = true; resolve(); } };
  req.on('close', finish);
  res.on('close', finish);
  return {
    send(value) {
      if (closed) return false;
      return res.write(`data: ${stringifyJSON(value)}\n\n`);
    },
    end() {
      if (!closed) res.end();
      finish();
    },
    get closed() { return closed; },
    done,
  };
}
