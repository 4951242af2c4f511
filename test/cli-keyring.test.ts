// `defradb keyring …` as a user runs it: secret from the environment or ./.env, wrong secret,
// import/export round trip, list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '..', 'src', 'cli', 'main.ts');

function defradb(cwd: string, env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DEFRA_')));
  const r = spawnSync(process.execPath, [MAIN, ...args, '--rootdir', join(cwd, 'root')], { cwd, encoding: 'utf8', env: { ...clean, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('keyring generate/import/export/list with the secret from env or .env; wrong or missing secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-kr-'));
  const env = { DEFRA_KEYRING_SECRET: 'hunter2' };
  assert.equal(defradb(dir, env, 'keyring', 'generate').code, 0);
  assert.equal(defradb(dir, env, 'keyring', 'import', 'source-hub', 'c0ffee').code, 0);
  assert.equal(defradb(dir, env, 'keyring', 'export', 'source-hub').out, 'c0ffee\n');
  assert.equal(defradb(dir, env, 'keyring', 'list').out, 'Keys in the keyring:\n- encryption-key\n- peer-key\n- source-hub\n');
  assert.match(readFileSync(join(dir, 'root', 'keys', 'peer-key'), 'utf8'), /^eyJ/);

  const wrong = defradb(dir, { DEFRA_KEYRING_SECRET: 'nope' }, 'keyring', 'export', 'peer-key');
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /^Error: could not decrypt keyring key "peer-key": wrong keyring secret/);
  const missing = defradb(dir, {}, 'keyring', 'list');
  assert.equal(missing.err, 'Error: missing keyring secret\n');
  assert.match(defradb(dir, env, 'keyring', 'export', 'nope').err, /^Error: key not found: nope/);

  writeFileSync(join(dir, '.env'), 'DEFRA_KEYRING_SECRET=hunter2\n');
  assert.equal(defradb(dir, {}, 'keyring', 'export', 'source-hub').out, 'c0ffee\n');
  writeFileSync(join(dir, 'other.env'), 'DEFRA_KEYRING_SECRET=nope\n');
  assert.equal(defradb(dir, {}, 'keyring', 'export', 'source-hub', '--secret-file', 'other.env').code, 1);
  assert.equal(defradb(dir, env, 'keyring', 'list', '--no-keyring').err, 'Error: the keyring is disabled (--no-keyring)\n');
});
