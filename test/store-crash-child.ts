// Child process for store-crash.test.ts: resumes after the last committed txn found in the
// store and commits txns forever, printing each txn number once its commit has resolved.
// Usage: node test/store-crash-child.ts <dir> [sync|none]
import { LmdbStore } from '../src/store/index.ts';
import { crashTxnKeys, crashValue, LAST_KEY, decodeNumber, encodeNumber } from './store-crash-layout.ts';

const store = new LmdbStore({ path: process.argv[2], flush: process.argv[3] === 'periodic' ? 'periodic' : 'sync' });
const r = store.newTxn(true);
const last = r.get(LAST_KEY);
r.discard();
let n = last ? decodeNumber(last) : 0;
for (;;) {
  n++;
  const t = store.newTxn();
  for (const [i, key] of crashTxnKeys(n).entries()) t.put(key, crashValue(n, i));
  t.put(LAST_KEY, encodeNumber(n));
  await t.commit();
  process.stdout.write(`${n}\n`); // stdout to a pipe is synchronous on Linux
}
