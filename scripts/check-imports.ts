// Checks the layer rules of DESIGN.md: which src/ folder may import which, entry only through
// another folder's index.ts, no node:* built-ins in the browser-safe folders, and no cycles
// between folders. Exits non-zero with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', 'src');

/** folder → folders it may import (besides itself). */
const allowed: Record<string, string[]> = {
  util: [],
  client: ['util'],
  store: ['util', 'client'],
  core: ['util', 'client', 'store'],
  schema: ['util', 'client', 'store', 'core'],
  acp: ['util', 'client', 'store', 'core'],
  query: ['util', 'client', 'store', 'core', 'schema', 'acp'],
  db: ['util', 'client', 'store', 'core', 'schema', 'acp', 'query'],
  net: ['util', 'client', 'store', 'core', 'schema', 'acp'],
  http: ['util', 'client', 'core'],
  node: ['util', 'client', 'store', 'core', 'schema', 'acp', 'query', 'db', 'net', 'http'],
  cli: ['util', 'client', 'http', 'node'],
};
const browserSafe = new Set(['util', 'client', 'core', 'schema', 'query', 'db', 'acp']);

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const folderOf = (file: string) => relative(root, file).split(sep)[0];
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems: string[] = [];
const edges = new Map<string, Set<string>>();

for (const file of walk(root)) {
  const from = folderOf(file);
  const isTest = file.endsWith('.test.ts');
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    const where = `${relative(resolve(root, '..'), file)}: '${spec}'`;
    if (spec.startsWith('node:')) {
      if (browserSafe.has(from) && !isTest) problems.push(`${where} (node built-in in browser-safe folder ${from})`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    const rel = relative(root, target);
    if (rel.startsWith('..')) continue; // outside src (tests may reach test helpers)
    const to = rel.split(sep)[0];
    if (to === from) continue;
    if (!isTest) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    if (!(allowed[from] ?? []).includes(to) && !isTest) problems.push(`${where} (${from} may not import ${to})`);
    const inner = rel.split(sep).slice(1).join('/');
    const viaIndex = inner === 'index.ts' || /^[^/]+\/index\.ts$/.test(inner) && to === 'http';
    if (!viaIndex) problems.push(`${where} (enter ${to} through its index.ts)`);
  }
}

// Folder-level cycles (the table forbids them, but a typo in it should not hide one).
const seen = new Set<string>();
const stack: string[] = [];
const visit = (n: string) => {
  if (stack.includes(n)) { problems.push(`import cycle: ${[...stack.slice(stack.indexOf(n)), n].join(' -> ')}`); return; }
  if (seen.has(n)) return;
  seen.add(n); stack.push(n);
  for (const m of edges.get(n) ?? []) visit(m);
  stack.pop();
};
for (const n of edges.keys()) visit(n);

if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`import rules: ok (${[...walk(root)].length} files)`);
