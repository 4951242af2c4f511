// The real wiring of a Node: KV store (store/) → embedded database (db/) → libp2p (net/) →
// HTTP API (http/). Kept in one file so node.ts stays testable with fakes.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { openDatabase } from '../db/index.ts';
import type { Database } from '../db/index.ts';
import { createHttpServer } from '../http/index.ts';
import type { NodeApi, P2PApi } from '../http/index.ts';
import { openStore } from '../store/index.ts';
import type { KVStore } from '../store/index.ts';
import { bearerAuth } from './bearer-auth.ts';
import { startNet } from './net-wiring.ts';
import { playgroundAssets } from './playground.ts';
import type { HttpStartOptions, NodeServices, OpenedDB, StartedHttp } from './services.ts';

/** File access for backup export/import: paths are the node's local disk. */
const backupFS = {
  readFile: async (path: string) => new Uint8Array(await readFile(path)),
  writeFile: async (path: string, data: Uint8Array) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  },
};

async function startHttp(o: HttpStartOptions): Promise<StartedHttp> {
  const s = o.settings;
  const node: NodeApi = {
    identity: async () => o.identity ?? null,
    verifyBlockSignature: async (keyType, publicKey, cid) => {
      if (!o.db.verifyBlockSignature) throw new Error('block signature verification is not supported');
      await o.db.verifyBlockSignature(keyType, publicKey, cid);
    },
    dump: async () => { await o.db.dump?.(); },
    purge: o.purge,
  };
  const server = createHttpServer({
    store: o.db.store,
    p2p: o.net?.p2p as P2PApi | undefined,
    node,
    auth: bearerAuth(),
    address: `${s.api.address.host.includes(':') ? `[${s.api.address.host}]` : s.api.address.host}:${s.api.address.port}`,
    allowedOrigins: s.api.allowedOrigins,
    tls: s.api.tls ? { cert: readFileSync(s.api.tls.certPath), key: readFileSync(s.api.tls.keyPath) } : undefined,
    assets: playgroundAssets(),
    logger: o.logger,
  });
  try {
    await server.listen();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new Error(`failed to listen on ${s.api.address.host}:${s.api.address.port}: address already in use`);
    throw e;
  }
  return server;
}

interface EmbeddedDB extends OpenedDB { database: Database; kv: KVStore }

export const defaultServices: NodeServices = {
  async openDB(settings, _keys, logger): Promise<OpenedDB> {
    // TODO(store): at-rest encryption with keys.encryptionKey once the LMDB backend takes a key.
    const kv = settings.store.kind === 'memory'
      ? openStore({ kind: 'memory' })
      : openStore({ kind: 'lmdb', path: settings.store.path, flush: settings.store.syncWrites ? 'sync' : 'periodic' });
    const db = openDatabase({ store: kv, logger, fs: backupFS, maxRetries: settings.maxTxnRetries });
    const opened: EmbeddedDB = { store: db, database: db, kv, close: () => db.close() };
    return opened;
  },
  startNet: (settings, keys, db, logger) => {
    const e = db as EmbeddedDB;
    return startNet(settings, keys, e.database, e.kv, logger);
  },
  startHttp,
};
