import { open } from 'lmdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
// per doc: R random keys (block-like, 60B key, 150B value) + G keys grouped under a random doc prefix
function run(label: string, opts: any, R: number, G: number, docs = 100000) {
  const dir = mkdtempSync('/tmp/exp/db-');
  const db = open<Uint8Array, Uint8Array>({ path: dir, keyEncoding: 'binary', encoding: 'binary', ...opts });
  const bval = randomBytes(150), gval = randomBytes(30);
  const batch = 1000;
  const t0 = performance.now();
  for (let b = 0; b < docs / batch; b++) {
    db.transactionSync(() => {
      for (let i = 0; i < batch; i++) {
        for (let j = 0; j < R; j++) { const k = randomBytes(60); k[0] = 1; db.putSync(k, bval); }
        const p = randomBytes(64); p[0] = 2;
        for (let j = 0; j < G; j++) { const k = Buffer.from(p); k[63] = j; db.putSync(k, gval); }
      }
    }, 3);
  }
  const ms = performance.now() - t0;
  console.log(label.padEnd(44), Math.round(docs / ms * 1000), 'docs/s');
  db.close();
  rmSync(dir, { recursive: true });
}
const variants: [string, any][] = [['sync', {}], ['sync writemap', { useWritemap: true }], ['noSync writemap', { useWritemap: true, noSync: true }], ['sync page16k', { pageSize: 16384 }]];
for (const [name, o] of variants) {
  run(`${name} R5 G15`, o, 5, 15);
  run(`${name} R5 G0 (+4 random groups of 3)`, o, 9, 6);
}
