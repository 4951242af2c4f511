// The libp2p host (p2p.md §1): TCP + Noise + Yamux, gossipsub, identify, ping; an Ed25519
// identity; bootstrap peers dialled at start and redialled with backoff while they are down.

import { createLibp2p, type Libp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import type { Logger } from '../util/index.ts';

/** Go's `peer.AddrInfo` JSON shape. */
export interface AddrInfo { ID: string; Addrs: string[] }

export interface HostOptions {
  privateKey: PrivateKey;
  /** Listen multiaddrs, e.g. `/ip4/127.0.0.1/tcp/9171` (port 0 picks a free port). */
  listen: string[];
  /** Bootstrap peers: full multiaddrs including `/p2p/<id>`. */
  bootstrap?: string[];
  /** Redial backoff for bootstrap peers, in ms (doubles up to max). */
  redialMinMs?: number;
  redialMaxMs?: number;
  logger?: Logger;
}

export type Services = { pubsub: GossipSub; identify: unknown; ping: unknown };

export class Host {
  readonly libp2p: Libp2p<Services>;
  #bootstrap: Array<{ peer: PeerId; addrs: Multiaddr[] }>;
  #redial = new Map<string, { timer?: ReturnType<typeof setTimeout>; delay: number }>();
  #min: number;
  #max: number;
  #stopped = true;
  #log?: Logger;

  private constructor(libp2p: Libp2p<Services>, opts: HostOptions) {
    this.libp2p = libp2p;
    this.#bootstrap = (opts.bootstrap ?? []).map(parseFullAddr);
    this.#min = opts.redialMinMs ?? 1000;
    this.#max = opts.redialMaxMs ?? 60_000;
    this.#log = opts.logger;
  }

  static async create(opts: HostOptions): Promise<Host> {
    const libp2p = await createLibp2p<Services>({
      privateKey: opts.privateKey,
      start: false,
      addresses: { listen: opts.listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { maxConnections: 400 },
      services: {
        // Go: WithPeerExchange(true), WithFloodPublish(true), StrictSign (p2p.md §3.1).
        pubsub: gossipsub({
          floodPublish: true, doPX: true, allowPublishToZeroTopicPeers: true, emitSelf: false,
          maxInboundDataLength: 1024 * 1024 + 4096,
        }),
        identify: identify(),
        ping: ping(),
      },
    });
    return new Host(libp2p, opts);
  }

  get peerId(): PeerId { return this.libp2p.peerId; }
  get pubsub(): GossipSub { return this.libp2p.services.pubsub; }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.libp2p.start();
    this.libp2p.addEventListener('peer:disconnect', this.#onDisconnect);
    await Promise.all(this.#bootstrap.map((b) => this.#dialBootstrap(b.peer.toString())));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.libp2p.removeEventListener('peer:disconnect', this.#onDisconnect);
    for (const r of this.#redial.values()) clearTimeout(r.timer);
    this.#redial.clear();
    await this.libp2p.stop();
  }

  /** `{ID, Addrs}` with the listen addresses (no `/p2p` suffix), like Go's `p2p info`. */
  info(): AddrInfo {
    const id = this.peerId.toString();
    const addrs = this.libp2p.getMultiaddrs().map((a) => stripPeer(a).toString());
    return { ID: id, Addrs: [...new Set(addrs)] };
  }

  /** Full multiaddrs `/ip4/…/tcp/…/p2p/12D3…`. */
  fullAddrs(): string[] {
    const id = this.peerId.toString();
    return this.info().Addrs.map((a) => `${a}/p2p/${id}`);
  }

  async connect(target: string | AddrInfo): Promise<string> {
    const { peer, addrs } = typeof target === 'string' ? parseFullAddr(target) : parseAddrInfo(target);
    if (peer.equals(this.peerId)) throw new Error('cannot connect to self');
    if (addrs.length > 0) await this.libp2p.peerStore.merge(peer, { multiaddrs: addrs });
    await this.libp2p.dial(peer);
    return peer.toString();
  }

  /** Connected peers with the remote addresses of their open connections. */
  activePeers(): AddrInfo[] {
    const byPeer = new Map<string, Set<string>>();
    for (const c of this.libp2p.getConnections()) {
      const id = c.remotePeer.toString();
      if (!byPeer.has(id)) byPeer.set(id, new Set());
      byPeer.get(id)!.add(stripPeer(c.remoteAddr).toString());
    }
    return [...byPeer].map(([ID, a]) => ({ ID, Addrs: [...a] }));
  }

  isConnected(peerID: string): boolean {
    return this.libp2p.getConnections(peerIdFromString(peerID)).length > 0;
  }

  #onDisconnect = (evt: CustomEvent<PeerId>): void => {
    const id = evt.detail.toString();
    if (this.#bootstrap.some((b) => b.peer.toString() === id)) this.#schedule(id);
  };

  async #dialBootstrap(id: string): Promise<void> {
    if (this.#stopped) return;
    const b = this.#bootstrap.find((x) => x.peer.toString() === id)!;
    try {
      await this.libp2p.peerStore.merge(b.peer, { multiaddrs: b.addrs });
      await this.libp2p.dial(b.peer);
      this.#redial.delete(id);
    } catch (err) {
      this.#log?.debug('bootstrap dial failed', { peer: id, err: String(err) });
      this.#schedule(id);
    }
  }

  #schedule(id: string): void {
    if (this.#stopped) return;
    const r = this.#redial.get(id) ?? { delay: this.#min / 2 };
    if (r.timer) return;
    r.delay = Math.min(this.#max, r.delay * 2);
    r.timer = setTimeout(() => { r.timer = undefined; void this.#dialBootstrap(id); }, r.delay);
    r.timer.unref?.();
    this.#redial.set(id, r);
  }
}

export function parseFullAddr(addr: string): { peer: PeerId; addrs: Multiaddr[] } {
  const ma = multiaddr(addr);
  const id = ma.getComponents().findLast((c) => c.name === 'p2p')?.value;
  if (!id) throw new Error(`multiaddr has no /p2p/<peerID>: ${addr}`);
  return { peer: peerIdFromString(id), addrs: [stripPeer(ma)] };
}

export function parseAddrInfo(info: AddrInfo): { peer: PeerId; addrs: Multiaddr[] } {
  let peer: PeerId;
  try {
    peer = peerIdFromString(info.ID);
  } catch {
    throw new Error(`invalid peer ID: ${info.ID}`);
  }
  return { peer, addrs: (info.Addrs ?? []).map((a) => stripPeer(multiaddr(a))) };
}

function stripPeer(ma: Multiaddr): Multiaddr {
  const comps = ma.getComponents();
  const i = comps.findIndex((c) => c.name === 'p2p');
  return i < 0 ? ma : multiaddr(comps.slice(0, i));
}
