// The P2P walkthroughs of the seed documents, run as written with separate `defradb start`
// processes on loopback: 001 (getting started: pubsub, subscription and replicator examples) and
// 004 (DefraDB 1.0 publisher-subscriber: collection add, p2p info / connect / active-peers,
// p2p collection add). The documented shell lines run in bash with a `defradb` executable on
// PATH and HOME in a temp dir; only the port numbers are swapped for free ones (9181/9182 HTTP,
// 9171/9172 P2P), and DEFRA_API_ADDRESS / DEFRA_NET_P2PADDRESSES stand in for the defaults of the
// node started with a bare `defradb start`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeProc, dbReady, defradbBin, freePorts, shell, sleep } from './node-procs.ts';

const skip = dbReady ? false : 'src/db/index.ts does not exist yet';

interface Terminal {
  /** Runs documented shell lines; the doc's ports are replaced by the test's. */
  sh(script: string, env?: NodeJS.ProcessEnv): Promise<string>;
  /** `defradb start …` as a background process (a terminal of its own). */
  start(cmdline: string, url: string, secret: string): Promise<NodeProc>;
  stopAll(): Promise<void>;
  logs(): string;
}

async function terminal(): Promise<Terminal> {
  const home = mkdtempSync(join(tmpdir(), 'defra-walk-'));
  const bin = defradbBin(join(home, 'bin'));
  const [pa, pb, qa, qb] = await freePorts(4);
  const ports: Record<string, number> = { 9181: pa!, 9182: pb!, 9171: qa!, 9172: qb! };
  const subst = (s: string) => s.replace(/\b(9181|9182|9171|9172)\b/g, (m) => String(ports[m]));
  const env: NodeJS.ProcessEnv = {
    ...process.env, HOME: home, PATH: `${bin}:${process.env.PATH}`,
    DEFRA_API_ADDRESS: `localhost:${pa}`, DEFRA_NET_P2PADDRESSES: `/ip4/127.0.0.1/tcp/${qa}`,
  };
  const nodes: NodeProc[] = [];
  return {
    async sh(script, extra = {}) {
      const r = await shell(subst(script), { env: { ...env, ...extra }, cwd: home, timeoutMs: 30_000 });
      assert.equal(r.code, 0, `${script}\n→ exit ${r.code}: ${r.err}`);
      return r.out;
    },
    async start(cmdline, url, secret) {
      const n = new NodeProc(subst(url), [], join(home, `node-${nodes.length}.log`), { ...env, DEFRA_KEYRING_SECRET: secret });
      n.shellCommand = subst(cmdline);
      nodes.push(n);
      await n.start(30_000);
      return n;
    },
    async stopAll() { await Promise.all(nodes.map((n) => n.stop())); },
    logs: () => nodes.map((n) => n.log()).join('\n---\n'),
  };
}

/** Re-runs a read until `ok` holds (pubsub and replication are asynchronous). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(200);
  }
}

test('seed 001: pubsub, subscription and replicator examples with two nodes', { skip, timeout: 60_000 }, async () => {
  const t = await terminal();
  try {
    // nodeA, with the User schema and the three users of the earlier sections.
    await t.start('defradb start', 'localhost:9181', 'secret-of-node-a');
    await t.sh(`defradb client schema add '
  type User {
    name: String 
    age: Int 
    verified: Boolean 
    points: Float
  }
'`);
    await t.sh(`defradb client query '
  mutation {
      user1: create_User(input: {age: 31, verified: true, points: 90, name: "Bob"}) {
          _docID
      }
      user2: create_User(input: {age: 28, verified: false, points: 15, name: "Alice"}) {
          _docID
      }
      user3: create_User(input: {age: 35, verified: true, points: 100, name: "Charlie"}) {
          _docID
      }
  }
'`);

    // Pubsub example.
    const peerID = (await t.sh(`PEER_ID=$(defradb client p2p info 2>/dev/null | grep -oE '12D3[a-zA-Z0-9]+')
echo $PEER_ID`)).trim();
    assert.match(peerID, /^12D3KooW[1-9A-HJ-NP-Za-km-z]+$/);
    const nodeB = await t.start(
      `defradb start --rootdir ~/.defradb-nodeB --url localhost:9182 --p2paddr /ip4/127.0.0.1/tcp/9172 --peers /ip4/127.0.0.1/tcp/9171/p2p/${peerID}`,
      'localhost:9182', 'secret-of-node-b');
    const bPeers = await eventually(async () => JSON.parse(await t.sh('defradb client p2p active-peers --url localhost:9182')) as string[], (p) => p.length > 0);
    const qa = (await t.sh('echo 9171')).trim();
    assert.deepEqual(bPeers, [`/ip4/127.0.0.1/tcp/${qa}/p2p/${peerID}`]);

    // Subscription example.
    const described = JSON.parse(await t.sh('defradb client collection describe')) as { version: { Name: string } }[];
    assert.deepEqual(described.map((c) => c.version.Name), ['User']);
    await t.sh(`defradb client schema add --url localhost:9182 '
  type User {
    name: String
    age: Int
    verified: Boolean
    points: Float
  }
'`);
    await t.sh('defradb client p2p collection add --url localhost:9182 User');
    assert.deepEqual(JSON.parse(await t.sh('defradb client p2p collection getall --url localhost:9182')), ['User']);
    await sleep(300); // gossipsub tells nodeA about the new subscription
    await t.sh(`defradb client query '
  mutation {
      create_User(input: {age: 22, verified: true, points: 5, name: "Zara"}) {         
          _docID
      }
  }
'`);
    const onB = () => t.sh(`defradb client query --url localhost:9182 '
  query { User { name age verified points } }
'`).then((s) => JSON.parse(s) as { data: { User: unknown[] } });
    const users = await eventually(onB, (r) => r.data.User.length > 0);
    // Only the new user: nodeB follows updates, the earlier users are not pulled.
    assert.deepEqual(users, { data: { User: [{ age: 22, name: 'Zara', points: 5, verified: true }] } });

    // Replicator example: nodeB restarted as the example starts it (wildcard P2P address).
    await t.sh(`defradb client schema add '
  type Article {
    content: String
    published: Boolean
  }
'`);
    await nodeB.stop();
    await t.start('defradb start --rootdir ~/.defradb-nodeB --url localhost:9182 --p2paddr /ip4/0.0.0.0/tcp/9172', 'localhost:9182', 'secret-of-node-b');
    await t.sh(`defradb client schema add --url localhost:9182 '
  type Article {
    content: String
    published: Boolean
  }
'`);
    await t.sh(`defradb client query '                                
  mutation {
      article1: create_Article(input: {content: "hello", published: true}) {
          _docID
      }
      article2: create_Article(input: {content: "world", published: false}) {
          _docID
      }
  }
'`);
    const echoed = await t.sh(`NODE_B_PEER_INFO=$(defradb client p2p info --url localhost:9182 2>/dev/null | grep -oE '"/ip4/127\\.0\\.0\\.1/tcp/[^"]+' | tr -d '"')
echo $NODE_B_PEER_INFO
defradb client p2p replicator set -c Article $NODE_B_PEER_INFO`);
    assert.match(echoed.trim(), /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3KooW\w+$/);
    const articles = () => t.sh(`defradb client query --url localhost:9182 ' 
  query { Article { content published } }
'`).then((s) => JSON.parse(s) as { data: { Article: unknown[] } });
    const got = await eventually(articles, (r) => r.data.Article.length >= 2);
    assert.deepEqual(got, { data: { Article: [{ content: 'world', published: false }, { content: 'hello', published: true }] } });
    // "All future documents … will be actively pushed to nodeB."
    await t.sh(`defradb client query 'mutation { create_Article(input: {content: "later", published: true}) { _docID } }'`);
    assert.equal((await eventually(articles, (r) => r.data.Article.length >= 3)).data.Article.length, 3);
    const reps = JSON.parse(await t.sh('defradb client p2p replicator getall')) as { Info: { ID: string } }[];
    assert.equal(reps.length, 1);
  } catch (e) {
    console.error(t.logs().slice(-6000));
    throw e;
  } finally {
    await t.stopAll();
  }
});

test('seed 004: collection add, p2p info, connect, active-peers, p2p collection add', { skip, timeout: 60_000 }, async () => {
  const t = await terminal();
  try {
    await t.start('defradb start', 'localhost:9181', 'node1-secret');
    const node2 = await t.start('defradb start --rootdir ~/.defradb-node2 --p2paddr /ip4/127.0.0.1/tcp/9172 --url localhost:9182', 'localhost:9182', 'node2-secret');
    for (const port of ['9181', '9182']) {
      await t.sh(`defradb client collection add '
type User {
name: String
age: Int
verified: Boolean
points: Float
}
' --url localhost:${port}`);
    }
    const info = JSON.parse(await t.sh('defradb client p2p info --url localhost:9181')) as string[];
    const p2pPortA = (await t.sh('echo 9171')).trim();
    assert.equal(info.length, 1);
    assert.match(info[0]!, new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/${p2pPortA}/p2p/12D3KooW\\w+$`));
    const node1ID = info[0]!.split('/p2p/')[1]!;

    assert.equal(await t.sh(`defradb client p2p connect ${info[0]} --url localhost:9182`), '');
    assert.deepEqual(JSON.parse(await t.sh('defradb client p2p active-peers --url localhost:9182')), info);
    // "peer-to-peer relationships are always mutual": node1 lists node2 as well.
    const node2ID = (JSON.parse(await t.sh('defradb client p2p info --url localhost:9182')) as string[])[0]!.split('/p2p/')[1]!;
    const back = JSON.parse(await t.sh('defradb client p2p active-peers --url localhost:9181')) as string[];
    assert.deepEqual(back.map((a) => a.split('/p2p/')[1]), [node2ID]);

    await t.sh('defradb client p2p collection add User --url localhost:9182');
    await sleep(300);
    await t.sh(`defradb client query 'mutation { create_User(input: {name: "Ann", age: 40, verified: true, points: 1.5}) { _docID } }' --url localhost:9181`);
    const read = () => t.sh(`defradb client query 'query { User { name age verified points } }' --url localhost:9182`)
      .then((s) => JSON.parse(s) as { data: { User: unknown[] } });
    assert.deepEqual((await eventually(read, (r) => r.data.User.length > 0)).data.User, [{ name: 'Ann', age: 40, verified: true, points: 1.5 }]);
    // Updates flow both ways once both follow the collection.
    await t.sh('defradb client p2p collection add User --url localhost:9181');
    await sleep(300);
    await t.sh(`defradb client query 'mutation { update_User(filter: {name: {_eq: "Ann"}}, input: {age: 41}) { _docID } }' --url localhost:9182`);
    const onNode1 = () => t.sh(`defradb client query 'query { User { name age } }' --url localhost:9181`)
      .then((s) => JSON.parse(s) as { data: { User: { age: number }[] } });
    assert.equal((await eventually(onNode1, (r) => r.data.User[0]?.age === 41)).data.User[0]!.age, 41);

    // Subscriptions survive a restart; the peer list does not (node2 reconnects by hand).
    await node2.stop();
    const again = await t.start('defradb start --rootdir ~/.defradb-node2 --p2paddr /ip4/127.0.0.1/tcp/9172 --url localhost:9182', 'localhost:9182', 'node2-secret');
    assert.deepEqual(JSON.parse(await t.sh('defradb client p2p collection getall --url localhost:9182')), ['User']);
    assert.deepEqual(JSON.parse(await t.sh('defradb client p2p active-peers --url localhost:9182')), []);
    // The tip's form: --peers at start.
    await again.stop();
    await t.start(`defradb start --rootdir ~/.defradb-node2 --p2paddr /ip4/127.0.0.1/tcp/9172 --url localhost:9182 --peers ${info[0]}`, 'localhost:9182', 'node2-secret');
    const peers = await eventually(async () => JSON.parse(await t.sh('defradb client p2p active-peers --url localhost:9182')) as string[], (p) => p.length > 0);
    assert.deepEqual(peers.map((a) => a.split('/p2p/')[1]), [node1ID]);
  } catch (e) {
    console.error(t.logs().slice(-6000));
    throw e;
  } finally {
    await t.stopAll();
  }
});
