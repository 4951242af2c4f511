// Reading a Server-Sent-Events response: yields each event's `data` (multi-line data joined by \n).

import type { IncomingMessage } from 'node:http';

export async function* sseData(res: IncomingMessage): AsyncGenerator<string> {
  let buf = '';
  let data: string[] = [];
  res.setEncoding('utf8');
  const chunks = (async function* () {
    try {
      for await (const c of res as AsyncIterable<string>) yield c;
    } catch (e) {
      if (!res.destroyed) throw e; // closed by our side: the stream simply ends
    }
  })();
  for await (const chunk of chunks) {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (data.length) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
  if (data.length) yield data.join('\n');
}
