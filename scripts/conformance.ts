// Runs DefraDB's conformance corpus (../shared/conformance) against this project's CLI.
//
//   node scripts/conformance.ts [--update] [runner options…]
//
// Runner options pass through to run.mjs (--filter, --cases, --jobs, --mutation-type, --report…).
// With --update, every case that passed is merged into the must-keep-passing list of the
// mutation type (test/conformance/passing-<type>.txt).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..');
const sharedConformance = resolve(projectRoot, '..', 'shared', 'conformance');
// run.mjs only runs when its argv path equals its own real path, so resolve symlinks first
export const conformanceDir = existsSync(sharedConformance) ? realpathSync(sharedConformance) : sharedConformance;
export const listFile = (mutationType: string) => join(projectRoot, 'test', 'conformance', `passing-${mutationType}.txt`);

/** The start command the runner uses: this checkout's CLI on the pinned Node. */
export function startCommand(): string {
  const cli = join(projectRoot, 'src', 'cli', 'main.ts');
  return `'${process.execPath}' '${cli}' start --rootdir {rootdir} --url {url} --p2paddr {p2paddr} --no-keyring ` +
    `$( [ "{p2pEnabled}" = true ] || echo --no-p2p )`;
}

export function runConformance(args: string[], opts: { quiet?: boolean } = {}) {
  return spawnSync(process.execPath, [join(conformanceDir, 'run.mjs'), '--corpus', join(conformanceDir, 'corpus'), ...args], {
    env: { ...process.env, DEFRA_START: startCommand() },
    encoding: 'utf8',
    stdio: opts.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

export function readList(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function main() {
  const args = process.argv.slice(2);
  const update = args.includes('--update');
  const rest = args.filter((a) => a !== '--update');
  const mt = rest.includes('--mutation-type') ? rest[rest.indexOf('--mutation-type') + 1] : 'gql';
  let report = rest.includes('--report') ? rest[rest.indexOf('--report') + 1] : undefined;
  if (update && !report) {
    report = join(mkdtempSync(join(tmpdir(), 'conf-')), 'report.json');
    rest.push('--report', report);
  }
  const r = runConformance(rest);
  if (update && report && existsSync(report)) {
    const cases = JSON.parse(readFileSync(report, 'utf8')).cases as { file: string; name: string; status: string }[];
    const file = listFile(mt);
    const set = new Set(readList(file));
    const before = set.size;
    for (const c of cases) if (c.status === 'passed') set.add(`${c.file}#${c.name}`);
    const header = `# Conformance cases that must keep passing (--mutation-type ${mt}); grown by npm run conformance -- --update\n`;
    writeFileSync(file, header + [...set].sort().join('\n') + '\n');
    console.log(`${file}: ${before} → ${set.size} cases`);
  }
  process.exit(r.status ?? 1);
}

if (import.meta.main) main();
