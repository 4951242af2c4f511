// Default NetDeps.merge: emit `merge` on the bus and wait for db's matching `merge-complete`.

import type { EventBus } from '../util/index.ts';
import type { MergeEvent, NetEvents } from './deps.ts';

export function mergeThroughEvents(events: EventBus<NetEvents>, timeoutMs = 30_000) {
  return (req: MergeEvent): Promise<void> => new Promise((resolve, reject) => {
    const key = req.Cid.toString();
    const timer = setTimeout(() => { off(); reject(new Error(`merge of ${key} timed out`)); }, timeoutMs);
    const off = events.on('merge-complete', (done) => {
      if (done.Merge.Cid.toString() !== key || done.Merge.DocID !== req.DocID) return;
      clearTimeout(timer);
      off();
      if (done.Error) reject(new Error(done.Error));
      else resolve();
    });
    events.emit('merge', req);
  });
}
