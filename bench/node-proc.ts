// A `defradb start` child process on loopback (own root dir, free API and P2P ports, no
// keyring), with a small JSON client for its HTTP API.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
/** Extra node flags for the children, e.g. `DEFRA_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/p'`. */
const NODE_ARGS = (process.env.DEFRA_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class NodeProc {
  readonly api: string;
  readonly #child: ChildProcess;
  #log = '';
  #exited = false;

  private constructor(child: ChildProcess, api: string) {
    this.#child = child;
    this.api = api;
    child.stdout?.on('data', (d) => { this.#log = (this.#log + d).slice(-4000); });
    child.stderr?.on('data', (d) => { this.#log = (this.#log + d).slice(-4000); });
    child.on('exit', () => { this.#exited = true; });
  }

  static async start(rootParent: string, name: string): Promise<NodeProc> {
    const [apiPort, p2pPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [
      ...NODE_ARGS, MAIN, 'start', '--rootdir', join(rootParent, name), '--url', `127.0.0.1:${apiPort}`,
      '--p2paddr', `/ip4/127.0.0.1/tcp/${p2pPort}`, '--no-keyring', '--no-telemetry',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const node = new NodeProc(child, `http://127.0.0.1:${apiPort}/api/v0`);
    await node.#waitReady();
    return node;
  }

  async #waitReady(): Promise<void> {
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      if (this.#exited) throw new Error(`defradb start exited:\n${this.#log}`);
      try {
        await this.request('GET', '/p2p/info');
        return;
      } catch { await sleep(100); }
    }
    throw new Error(`defradb start not ready after 30 s:\n${this.#log}`);
  }

  /** One API call; the parsed JSON answer (undefined when empty). Throws on an HTTP error. */
  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(this.api + path, {
      method,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async query(q: string): Promise<Record<string, unknown>> {
    const r = await this.request('POST', '/graphql', { query: q }) as { data: Record<string, unknown>; errors?: unknown[] };
    if (r.errors?.length) throw new Error(`query failed: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  /** CPU time (user + system, ms) the process has used so far; undefined without Linux /proc. */
  cpuMs(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.#child.pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // utime, stime in clock ticks (USER_HZ = 100)
    } catch { return undefined; }
  }

  async stop(): Promise<void> {
    if (this.#exited) return;
    const gone = new Promise((r) => this.#child.once('exit', r));
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}
