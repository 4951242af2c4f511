// Network benchmarks between two `defradb start` processes on loopback:
// - replicate-existing: A holds N documents; time from `POST /p2p/replicators` (A → B) until B
//   counts all N (polled every 50 ms). Limit: N raw single-document LMDB commits at the db's
//   write amplification (create-single's limit, same run) — or moving the same bytes over a
//   loopback TCP stream, whichever is slower. The note adds the CPU time each node spent.
// - pubsub-latency: A and B subscribed to the collection (no replicator); median time from an
//   update on A until B serves the new value. Limit: one raw single-document commit on A, the
//   one-way loopback TCP latency of a document's bytes, and one raw commit on B.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchEnv } from './env.ts';
import { median, perSecond, rateResult, timeResult, type Result } from './measure.ts';
import { NodeProc } from './node-proc.ts';
import { USER_SDL, userDoc } from './create.ts';

export interface WriteCost {
  /** One raw single-document commit (ms), measured by create-single. */
  rawSingleMs: number;
  /** Bytes a document's creation writes (keys + values). */
  bytesPerDoc: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, pollMs = 2): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** Loopback TCP: median one-way latency (half a ping-pong) of `size` bytes, and the time to stream `total` bytes. */
async function loopback(size: number, pings: number, total: number): Promise<{ oneWayMs: number; streamMs: number }> {
  // echo; the client's close may reset the echo socket mid-write, which is not an error here
  const server = createServer((s) => { s.on('error', () => {}); s.pipe(s); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const sock: Socket = connect(port, '127.0.0.1');
  sock.setNoDelay(true);
  sock.on('error', () => {});
  await new Promise((r) => sock.once('connect', r));
  const recv = (n: number) => new Promise<void>((ok) => {
    let got = 0;
    const on = (d: Buffer) => { got += d.length; if (got >= n) { sock.off('data', on); ok(); } };
    sock.on('data', on);
  });
  const msg = new Uint8Array(size);
  const rtts: number[] = [];
  for (let i = 0; i < pings; i++) {
    const t0 = performance.now();
    const back = recv(size);
    sock.write(msg);
    await back;
    rtts.push(performance.now() - t0);
  }
  const chunk = new Uint8Array(64 * 1024);
  const t0 = performance.now();
  const back = recv(total);
  for (let sent = 0; sent < total; sent += chunk.length) sock.write(chunk);
  await back;
  const streamMs = performance.now() - t0;
  sock.destroy();
  await new Promise((r) => server.close(r));
  return { oneWayMs: median(rtts) / 2, streamMs };
}

async function countOn(node: NodeProc): Promise<number> {
  return (await node.query('query { _count(User: {}) }'))._count as number;
}

export async function networkBenchmarks(env: BenchEnv, cost: WriteCost): Promise<Result[]> {
  const { replicateDocs, pubsubUpdates, batch } = env.sizes;
  const root = mkdtempSync(join(tmpdir(), 'defra-bench-net-'));
  const nodes: NodeProc[] = [];
  try {
    // both start at once; when one fails, the other is still stopped (finally below)
    const started = await Promise.allSettled([NodeProc.start(root, 'a'), NodeProc.start(root, 'b')]);
    for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [a, b] = nodes as [NodeProc, NodeProc];
    for (const n of nodes) await n.request('POST', '/schema', USER_SDL);
    const ids: string[] = [];
    for (let from = 0; from < replicateDocs; from += batch) {
      const docs = Array.from({ length: Math.min(batch, replicateDocs - from) }, (_, i) => userDoc(from + i, 'net'));
      ids.push(...await a.request('POST', '/collections/User', docs) as string[]);
    }
    const bInfo = await b.request('GET', '/p2p/info');
    const replicator = { Info: bInfo, Collections: ['User'] };

    const cpu0 = [a.cpuMs(), b.cpuMs()];
    const t0 = performance.now();
    await a.request('POST', '/p2p/replicators', replicator);
    // a count scans every document on B, the process being measured: poll at a modest rate
    await until('replication', async () => (await countOn(b)) >= replicateDocs ? true : undefined, 300_000, 50);
    const replMs = performance.now() - t0;
    const cpu = [a.cpuMs(), b.cpuMs()].map((c, i) => (c === undefined || cpu0[i] === undefined ? undefined : c - cpu0[i]!));
    const cpuNote = cpu.every((c) => c !== undefined) ? `; CPU A ${(cpu[0]! / 1000).toFixed(1)} s, B ${(cpu[1]! / 1000).toFixed(1)} s` : '';

    const net = await loopback(Math.round(cost.bytesPerDoc), 200, Math.round(cost.bytesPerDoc * replicateDocs));
    const limitMs = Math.max(net.streamMs, cost.rawSingleMs * replicateDocs);
    const results = [rateResult('replicate-existing', 'docs/s', perSecond(replicateDocs, replMs), perSecond(replicateDocs, limitMs),
      `${replicateDocs} docs in ${(replMs / 1000).toFixed(1)} s; limit: max(stream ${net.streamMs.toFixed(0)} ms, ${replicateDocs} raw commits ${(cost.rawSingleMs * replicateDocs).toFixed(0)} ms)${cpuNote}`)];

    // pubsub: only the collection subscription may carry the update
    await a.request('DELETE', '/p2p/replicators', replicator);
    for (const n of nodes) await n.request('POST', '/p2p/collections', ['User']);
    await b.request('POST', '/p2p/connect', await a.request('GET', '/p2p/info'));
    await sleep(1500); // let the gossip mesh form
    const docID = ids[0];
    const latencies: number[] = [];
    for (let k = 1; k <= pubsubUpdates; k++) {
      const age = 1000 + k;
      const t1 = performance.now();
      await a.request('PATCH', `/collections/User/${docID}`, { age });
      await until('pubsub update', async () => ((await b.request('GET', `/collections/User/${docID}`)) as { age: number }).age === age ? true : undefined, 10_000);
      latencies.push(performance.now() - t1);
    }
    const pubLimit = net.oneWayMs + 2 * cost.rawSingleMs;
    results.push(timeResult('pubsub-latency', median(latencies), pubLimit,
      `median of ${pubsubUpdates} updates; limit: one-way TCP ${net.oneWayMs.toFixed(3)} ms + 2 raw commits of ${cost.rawSingleMs.toFixed(3)} ms`));
    return results;
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}
