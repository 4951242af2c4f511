// Helpers for suites that run real nodes: free ports, `defradb start` children whose output
// goes to a log file (so a blocked test process never stalls them), and the CLI run like a user.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const MAIN = join(root, 'src', 'cli', 'main.ts');
export const dbReady = existsSync(join(root, 'src', 'db', 'index.ts'));

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Distinct free ports (a port is not handed out twice in one call). */
export async function freePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A `defradb` executable (a shell script running this checkout's CLI) for shell pipelines. */
export function defradbBin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'defradb');
  writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' '${MAIN}' "$@"\n`);
  chmodSync(file, 0o755);
  return dir;
}

export interface CliResult { code: number | null; out: string; err: string }

/** Runs `defradb …` (this checkout's CLI) asynchronously. */
export function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return run(process.execPath, [MAIN, ...args], opts);
}

/** Runs a shell script with bash. */
export function shell(script: string, opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return run('/bin/bash', ['-c', script], opts);
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { err += c; });
    const t = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    p.on('error', rej);
    p.on('close', (code) => { clearTimeout(t); res({ code, out, err }); });
  });
}

/** One `defradb start` child process; output appended to `<logFile>`. */
export class NodeProc {
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly url: string;
  child?: ChildProcess;

  constructor(url: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env) {
    this.url = url;
    this.args = args;
    this.logFile = logFile;
    this.env = env;
  }

  /** `shellCommand`: run `exec <it>` with bash instead of `defradb start <args>` (so `~` and
   *  `$VARS` of a documented command line expand as in a terminal). */
  shellCommand?: string;

  async start(timeoutMs = 20_000): Promise<void> {
    const fd = openSync(this.logFile, 'a');
    const child = this.shellCommand
      ? spawn('/bin/bash', ['-c', `exec ${this.shellCommand}`], { stdio: ['ignore', fd, fd], env: this.env })
      : spawn(process.execPath, [MAIN, 'start', ...this.args], { stdio: ['ignore', fd, fd], env: this.env });
    closeSync(fd);
    this.child = child;
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`node exited early (${child.exitCode}): ${this.log().slice(-2000)}`);
      try {
        const r = await fetch(`http://${this.url.replace(/^localhost:/, '127.0.0.1:')}/health-check`);
        if (r.ok) return;
      } catch { /* not up yet */ }
      await sleep(25);
    }
    throw new Error(`node not healthy after ${timeoutMs} ms: ${this.log().slice(-2000)}`);
  }

  /** Stops the process with `signal` and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  }

  log(): string {
    try { return readFileSync(this.logFile, 'utf8'); } catch { return ''; }
  }

  /** `POST /api/v0/graphql`; throws on GraphQL errors. */
  async gql(query: string): Promise<Record<string, unknown>> {
    const r = await fetch(`http://${this.url.replace(/^localhost:/, '127.0.0.1:')}/api/v0/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
    });
    const body = await r.json() as { data?: Record<string, unknown>; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data ?? {};
  }
}
