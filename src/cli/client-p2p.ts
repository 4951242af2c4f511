// `defradb client p2p …`. Peer info is accepted as v0.19's AddrInfo JSON or as multiaddrs ending
// in `/p2p/<peerID>` (the form the getting-started docs pass around).
import { Command } from 'commander';
import type { ApiClient } from './api-client.ts';
import { apiClient, output } from './context.ts';
import { CliError, parseJSONArg } from './output.ts';
import { collect, listArg } from './payload.ts';

export interface AddrInfo { ID: string; Addrs: string[] }

/** AddrInfo JSON, or one or more `/…/p2p/<id>` multiaddrs (all for the same peer). */
export function parsePeerInfo(args: string[]): AddrInfo {
  const text = args.join(' ').trim();
  if (text.startsWith('{')) {
    const v = parseJSONArg(text, 'peer info') as Partial<AddrInfo>;
    if (typeof v.ID !== 'string' || v.ID === '') throw new CliError('invalid peer info: missing ID');
    return { ID: v.ID, Addrs: Array.isArray(v.Addrs) ? v.Addrs.map(String) : [] };
  }
  const addrs = args.flatMap((a) => a.split(/[\s,]+/)).filter((a) => a !== '');
  if (text.startsWith('[')) addrs.splice(0, addrs.length, ...(parseJSONArg(text, 'peer info') as string[]));
  let id = '';
  const out: string[] = [];
  for (const a of addrs) {
    const m = /^(.*)\/p2p\/([^/]+)$/.exec(a);
    if (!m) throw new CliError(`invalid peer address ${a}: expected a multiaddr ending in /p2p/<peerID>, or AddrInfo JSON`);
    if (id && m[2] !== id) throw new CliError('all addresses must belong to the same peer');
    id = m[2]!;
    if (m[1]) out.push(m[1]);
  }
  if (!id) throw new CliError('missing peer info');
  return { ID: id, Addrs: out };
}

/** Full multiaddrs (`<addr>/p2p/<id>`) of an AddrInfo. */
export const fullAddrs = (info: AddrInfo) =>
  info.Addrs.map((a) => (a.includes('/p2p/') ? a : `${a}/p2p/${info.ID}`));

/** Collection names; CIDs (the early README's collection IDs) are resolved to names. */
async function collectionNames(api: ApiClient, arg: string): Promise<string[]> {
  const names: string[] = [];
  for (const item of listArg(arg)) {
    if (!/^bafk[a-z2-7]{20,}$/.test(item)) { names.push(item); continue; }
    const defs = await api.call('GET', '/collections', { query: { collection_id: item } }) as { version: { Name: string } }[];
    if (!defs?.length) throw new CliError(`collection not found: ${item}`);
    names.push(defs[0]!.version.Name);
  }
  return names;
}

function listGroup(name: string, route: string, what: string, resolve?: (api: ApiClient, a: string) => Promise<string[]>): Command {
  const g = new Command(name).description(`Configure the P2P ${what}s`);
  for (const [verb, method, desc] of [['add', 'POST', 'Add'], ['remove', 'DELETE', 'Remove']] as const) {
    g.command(verb)
      .description(`${desc} P2P ${what}s (comma separated)`)
      .argument('<items...>', `${what}s, comma separated`)
      .action(async (items: string[], _o: unknown, cmd: Command) => {
        const api = apiClient(cmd);
        const list = resolve ? await resolve(api, items.join(',')) : listArg(items);
        await api.call(method, route, { json: list });
      });
  }
  g.command('getall')
    .description(`Get all P2P ${what}s`)
    .action(async (_o: unknown, cmd: Command) => { output().json(await apiClient(cmd).call('GET', route)); });
  return g;
}

export function p2pCommand(): Command {
  const p2p = new Command('p2p').description('Interact with the DefraDB P2P system');

  p2p.command('info')
    .description('Get peer info: the node\'s full multiaddrs (with /p2p/<peerID>)')
    .option('--addr-info', 'print v0.19\'s {"ID","Addrs"} object instead', false)
    .action(async (o: { addrInfo: boolean }, cmd: Command) => {
      const info = await apiClient(cmd).call('GET', '/p2p/info') as AddrInfo;
      output().json(o.addrInfo ? info : fullAddrs(info));
    });

  p2p.command('connect')
    .description('Connect to a peer (multiaddr with /p2p/<peerID>, or AddrInfo JSON)')
    .argument('<peer...>', 'peer address(es)')
    .action(async (peer: string[], _o: unknown, cmd: Command) => {
      await apiClient(cmd).call('POST', '/p2p/connect', { json: parsePeerInfo(peer) });
    });

  p2p.command('active-peers')
    .description('List the peers the node is connected to')
    .action(async (_o: unknown, cmd: Command) => {
      output().json(await apiClient(cmd).call('GET', '/p2p/active-peers'));
    });

  const rep = p2p.command('replicator').description('Configure the replicator system');
  for (const [verb, method] of [['set', 'POST'], ['delete', 'DELETE']] as const) {
    rep.command(verb)
      .description(`${verb === 'set' ? 'Add' : 'Delete'} a replicator (target peer) for collections`)
      .argument('<peer...>', 'AddrInfo JSON or multiaddr(s) with /p2p/<peerID>')
      .option('-c, --collection <names>', 'collections (comma separated, repeatable); none = all', collect)
      .action(async (peer: string[], o: { collection?: string[] }, cmd: Command) => {
        const cols = listArg(o.collection);
        await apiClient(cmd).call(method, '/p2p/replicators', {
          json: { Info: parsePeerInfo(peer), Collections: cols.length ? cols : null },
        });
      });
  }
  rep.command('getall')
    .description('Get all replicators')
    .action(async (_o: unknown, cmd: Command) => { output().json(await apiClient(cmd).call('GET', '/p2p/replicators')); });

  p2p.addCommand(listGroup('collection', '/p2p/collections', 'collection', collectionNames));
  const doc = listGroup('document', '/p2p/documents', 'document');
  doc.command('sync')
    .description('Fetch the latest versions of documents from the network')
    .argument('<collection>', 'collection name')
    .argument('<docIDs...>', 'document ids')
    .option('--timeout <duration>', 'how long to wait, e.g. 30s', '30s')
    .action(async (collection: string, docIDs: string[], o: { timeout: string }, cmd: Command) => {
      await apiClient(cmd).call('POST', '/p2p/documents/sync', {
        json: { collectionName: collection, docIDs: listArg(docIDs), timeout: o.timeout },
      });
    });
  p2p.addCommand(doc);
  return p2p;
}
