import { open } from 'lmdb';
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
function run(label: string, opts: any, keyFn: (i: number, j: number) => Uint8Array, perDoc: number, valLen: number) {
  const dir = mkdtempSync('/tmp/exp/db-');
  const db = open<Uint8Array, Uint8Array>({ path: dir, keyEncoding: 'binary', encoding: 'binary', ...opts });
  const val = randomBytes(valLen);
  const docs = 50000, batch = 1000;
  const t0 = performance.now();
  for (let b = 0; b < docs / batch; b++) {
    db.transactionSync(() => {
      for (let i = 0; i < batch; i++) for (let j = 0; j < perDoc; j++) db.putSync(keyFn(b * batch + i, j), val);
    }, 3);
  }
  const ms = performance.now() - t0;
  console.log(label.padEnd(40), Math.round(docs / ms * 1000), 'docs/s');
  db.close();
}
const rnd = () => randomBytes(40);
const seq = (i: number, j: number) => { const k = Buffer.alloc(40); k.writeUInt32BE(i, 10); k[14] = j; return k; };
const docrand = new Map<number, Buffer>();
const grouped = (i: number, j: number) => { let p = docrand.get(i); if (!p) { p = randomBytes(36); docrand.set(i, p); } const k = Buffer.alloc(40); p.copy(k); k[37] = j; return k; };
for (const [name, o] of [['sync', {}], ['noSync', { noSync: true }]] as const) {
  run(`${name} 20 random keys/doc`, o, rnd, 20, 100);
  run(`${name} 20 seq keys/doc`, o, seq, 20, 100);
  run(`${name} 20 keys grouped by doc`, o, grouped, 20, 100);
  run(`${name} 5 random keys/doc`, o, rnd, 5, 100);
  run(`${name} 8 random keys/doc`, o, rnd, 8, 100);
}
