// The composition root: settings → lock → keyring/keys → store+db → net (if enabled) → HTTP.
// stop() undoes it in reverse: stop accepting and drain HTTP, stop net, close db/store, unlock.
import { rmSync } from 'node:fs';
import type { Logger } from '../util/index.ts';
import { openKeyring } from './keyring.ts';
import type { Keyring } from './keyring.ts';
import { loadNodeKeys } from './node-keys.ts';
import type { NodeKeys } from './node-keys.ts';
import { publicIdentity } from './node-identity.ts';
import { lockRootdir } from './rootdir-lock.ts';
import type { RootdirLock } from './rootdir-lock.ts';
import type { NodeServices, OpenedDB, OpenedNet, StartedHttp } from './services.ts';
import type { NodeSettings } from './settings.ts';

export interface NodeOptions {
  services: NodeServices;
  logger: Logger;
  /** Injected keyring (tests); by default opened from settings.keyring. */
  keyring?: Keyring | null;
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

export class Node {
  readonly settings: NodeSettings;
  readonly #services: NodeServices;
  readonly #log: Logger;
  readonly #keyringOverride: Keyring | null | undefined;
  #state: State = 'new';
  #lock?: RootdirLock;
  #keys?: NodeKeys;
  #db?: OpenedDB;
  #net?: OpenedNet;
  #http?: StartedHttp;

  constructor(settings: NodeSettings, opts: NodeOptions) {
    this.settings = settings;
    this.#services = opts.services;
    this.#log = opts.logger;
    this.#keyringOverride = opts.keyring;
  }

  get state(): State { return this.#state; }
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:9181` (undefined before start). */
  get url(): string | undefined { return this.#http?.url; }
  get db(): OpenedDB | undefined { return this.#db; }
  get keys(): NodeKeys | undefined { return this.#keys; }

  async start(): Promise<void> {
    if (this.#state !== 'new' && this.#state !== 'stopped') throw new Error(`node is ${this.#state}`);
    this.#state = 'starting';
    const s = this.settings;
    try {
      this.#lock ??= lockRootdir(s.rootdir);
      if (!this.#keys) {
        const keyring = this.#keyringOverride === undefined ? openKeyring(s.keyring) : this.#keyringOverride ?? undefined;
        this.#keys = loadNodeKeys(keyring, {
          noEncryption: s.noEncryption, defaultKeyType: s.defaultKeyType, development: s.development,
        });
        if (!keyring) this.#log.info('keyring disabled: the peer key is kept in the data store');
      }
      this.#db = await this.#services.openDB(s, this.#keys, this.#log);
      if (s.net.enabled && this.#services.startNet) {
        this.#net = await this.#services.startNet(s, this.#keys, this.#db, this.#log);
        const info = this.#net.info();
        this.#log.info('Providing P2P network', { PeerID: info.ID, Addrs: info.Addrs });
      } else if (s.net.enabled) {
        this.#log.error('P2P networking is not available in this build; continuing without it');
      }
      this.#http = await this.#services.startHttp({
        db: this.#db,
        net: this.#net,
        settings: s,
        logger: this.#log,
        identity: this.#keys.identity ? publicIdentity(this.#keys.identity) : undefined,
        purge: s.development ? () => this.#purge() : undefined,
      });
      this.#state = 'running';
      this.#log.info(`Providing GraphQL endpoint at ${this.#http.url}/api/v0/graphql`);
    } catch (e) {
      await this.#teardown(true);
      throw e;
    }
  }

  /** Graceful stop; safe to call more than once. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'new' || this.#state === 'stopping') return;
    this.#state = 'stopping';
    await this.#teardown(true);
  }

  async #teardown(unlock: boolean): Promise<void> {
    const errors: unknown[] = [];
    const step = async (what: string, fn: () => Promise<void>) => {
      try { await fn(); } catch (e) { errors.push(e); this.#log.error(`failed to ${what}`, { error: e }); }
    };
    if (this.#http) { const h = this.#http; this.#http = undefined; await step('stop the HTTP server', () => h.close()); }
    if (this.#net) { const n = this.#net; this.#net = undefined; await step('stop the P2P network', () => n.stop()); }
    if (this.#db) { const d = this.#db; this.#db = undefined; await step('close the database', () => d.close()); }
    if (unlock && this.#lock) { this.#lock.release(); this.#lock = undefined; }
    this.#state = 'stopped';
    if (errors.length) this.#log.error('node stopped with errors', { count: errors.length });
  }

  /** Dev-mode purge: drop all data and start again in-process, keeping the lock and keys. */
  async #purge(): Promise<void> {
    this.#log.info('Purging the database and restarting');
    this.#state = 'stopping';
    await this.#teardown(false);
    if (this.settings.store.kind === 'lmdb') rmSync(this.settings.store.path, { recursive: true, force: true });
    await this.start();
  }
}
