// What the Node composes, as small factories, so the lifecycle is testable with fakes and the
// wiring to store/db/net/http lives in one file (default-services.ts).
import type { Store } from '../client/index.ts';
import type { Logger } from '../util/index.ts';
import type { NodeKeys } from './node-keys.ts';
import type { PublicIdentity } from './node-identity.ts';
import type { NodeSettings } from './settings.ts';

/** A database handle: the client.Store plus whatever the node needs to close it. */
export interface OpenedDB {
  store: Store;
  /** Extra node-level abilities the db may offer (block signature check, debug dump). */
  verifyBlockSignature?(keyType: string, publicKey: string, cid: string): Promise<void>;
  dump?(): Promise<void>;
  /** Closes the db and its KV store. */
  close(): Promise<void>;
}

export interface OpenedNet {
  /** The P2P facade handed to the HTTP server (`/p2p/*`). */
  p2p: unknown;
  /** `{ID, Addrs}` for the start-up log. */
  info(): { ID: string; Addrs: string[] };
  stop(): Promise<void>;
}

/** A listening HTTP API server. */
export interface StartedHttp {
  /** `http(s)://host:port` actually bound. */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, ends streams. */
  close(): Promise<void>;
}

export interface HttpStartOptions {
  db: OpenedDB;
  net?: OpenedNet;
  settings: NodeSettings;
  logger: Logger;
  identity?: PublicIdentity;
  /** Dev mode: wipe data and restart; called after the response was sent. */
  purge?: () => Promise<void>;
}

export interface NodeServices {
  openDB(settings: NodeSettings, keys: NodeKeys, logger: Logger): Promise<OpenedDB>;
  startNet?(settings: NodeSettings, keys: NodeKeys, db: OpenedDB, logger: Logger): Promise<OpenedNet>;
  startHttp(opts: HttpStartOptions): Promise<StartedHttp>;
}
