// Pubsub topics with the psrpc request/response convention (p2p.md §3.3). Each joined rpc topic
// T also subscribes to `T/<self>/_response`; a handler's result is published back on the
// forwarder's response topic as a dag-cbor reply envelope.

import type { GossipSub, Message } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import type { Logger } from '../util/index.ts';
import { decodeReply, encodeReply, isResponseTopic, requestMessageID, responseTopic, type RpcReply } from './wire/index.ts';

/** Runs for every message on a joined topic not sent by us; the result becomes the reply Data. */
export type RpcHandler = (from: string, topic: string, data: Uint8Array) => Promise<Uint8Array | undefined>;

export interface RpcResponse extends RpcReply { fromPeer: string }

export class PubsubRpc {
  #ps: GossipSub;
  #self: string;
  #handlers = new Map<string, RpcHandler>();
  #ongoing = new Map<string, (r: RpcResponse) => void>();
  #log?: Logger;

  constructor(ps: GossipSub, self: PeerId, log?: Logger) {
    this.#ps = ps;
    this.#self = self.toString();
    this.#log = log;
  }

  start(): void { this.#ps.addEventListener('gossipsub:message', this.#onMessage); }

  stop(): void {
    this.#ps.removeEventListener('gossipsub:message', this.#onMessage);
    for (const t of this.#handlers.keys()) this.leave(t);
  }

  has(topic: string): boolean { return this.#handlers.has(topic); }
  topics(): string[] { return [...this.#handlers.keys()]; }

  join(topic: string, handler: RpcHandler): void {
    if (this.#handlers.has(topic)) return;
    this.#handlers.set(topic, handler);
    this.#ps.subscribe(topic);
    this.#ps.subscribe(responseTopic(topic, this.#self));
  }

  leave(topic: string): void {
    if (!this.#handlers.delete(topic)) return;
    this.#ps.unsubscribe(topic);
    this.#ps.unsubscribe(responseTopic(topic, this.#self));
  }

  /** Fire-and-forget publish (replies, if any, are dropped as unknown IDs). */
  async publish(topic: string, data: Uint8Array): Promise<void> {
    await this.#ps.publish(topic, data);
  }

  /** Publishes a request and streams replies to onReply until the signal aborts. */
  async request(topic: string, data: Uint8Array, onReply: (r: RpcResponse) => void, signal: AbortSignal): Promise<void> {
    const id = requestMessageID(data);
    this.#ongoing.set(id, onReply);
    const done = () => { if (this.#ongoing.get(id) === onReply) this.#ongoing.delete(id); };
    signal.addEventListener('abort', done, { once: true });
    if (signal.aborted) { done(); return; }
    await this.#ps.publish(topic, data);
  }

  /** Peers we have a pubsub session with. */
  peers(): string[] { return this.#ps.getPeers().map(String); }

  /** Peers known to be subscribed to a topic. */
  subscribers(topic: string): string[] { return this.#ps.getSubscribers(topic).map(String); }

  #onMessage = (evt: CustomEvent<{ propagationSource: PeerId; msg: Message }>): void => {
    const { propagationSource, msg } = evt.detail;
    const from = propagationSource.toString();
    if (from === this.#self) return;
    if (isResponseTopic(msg.topic)) {
      if (!msg.topic.endsWith(`/${this.#self}/_response`)) return;
      let reply: RpcReply;
      try { reply = decodeReply(msg.data); } catch { return; }
      this.#ongoing.get(reply.id)?.({ ...reply, fromPeer: from, from: peerIdFromString(from).toMultihash().bytes });
      return;
    }
    const handler = this.#handlers.get(msg.topic);
    if (!handler) return;
    void this.#handle(handler, from, msg.topic, msg.data);
  };

  async #handle(handler: RpcHandler, from: string, topic: string, data: Uint8Array): Promise<void> {
    let result: Uint8Array | undefined;
    let err = '';
    try {
      result = await handler(from, topic, data);
    } catch (e) {
      err = (e as Error).message;
      this.#log?.debug('pubsub handler failed', { topic, from, err });
    }
    // Go always replies on non-response topics, even when nobody listens.
    try {
      await this.#ps.publish(responseTopic(topic, from), encodeReply({ id: requestMessageID(data), err, data: result }));
    } catch (e) {
      this.#log?.debug('pubsub reply failed', { topic, err: String(e) });
    }
  }
}
