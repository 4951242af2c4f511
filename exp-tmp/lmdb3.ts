import { open } from 'lmdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
function run(label: string, opts: any, R: number, groups: number[], docs = 100000, flags = 3) {
  const dir = mkdtempSync('/tmp/exp/db-');
  const db = open<Uint8Array, Uint8Array>({ path: dir, keyEncoding: 'binary', encoding: 'binary', ...opts });
  const bval = randomBytes(150), gval = randomBytes(30);
  const batch = 1000;
  const t0 = performance.now();
  for (let b = 0; b < docs / batch; b++) {
    db.transactionSync(() => {
      for (let i = 0; i < batch; i++) {
        for (let j = 0; j < R; j++) { const k = randomBytes(60); k[0] = 1; db.putSync(k, bval); }
        let g = 2;
        for (const G of groups) {
          const p = randomBytes(64); p[0] = g++;
          for (let j = 0; j < G; j++) { const k = Buffer.from(p); k[63] = j; db.putSync(k, gval); }
        }
      }
    }, flags);
  }
  const ms = performance.now() - t0;
  console.log(label.padEnd(44), Math.round(docs / ms * 1000), 'docs/s');
  db.close();
  rmSync(dir, { recursive: true });
}
const variants: [string, any, number][] = [['sync', {}, 3], ['overlap NO_SYNC_FLUSH', {}, 0x10003], ['noSync', { noSync: true }, 3]];
for (const [name, o, f] of variants) {
  run(`${name} now: R5 +5,5,1,5`, o, 5, [5, 5, 1, 5], 100000, f);
  run(`${name} new: R5 +12`, o, 5, [12], 100000, f);
}
