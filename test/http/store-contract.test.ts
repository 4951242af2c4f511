// Wires the Store contract suite: the fake store directly and over HTTP (server + HTTP client in
// process), and the embedded database the same two ways once `src/db/index.ts` exposes it.

import { existsSync } from 'node:fs';
import { createHttpClient, createHttpServer } from '../../src/http/index.ts';
import type { Store } from '../../src/client/index.ts';
import { runStoreContractSuite } from '../store-contract.ts';
import type { MakeStore } from '../store-contract.ts';
import { FakeStore } from './fake-store.ts';

/** Puts `inner` behind a real server on a free port and returns an HTTP client for it. */
export function overHttp(makeInner: () => Promise<Store>): MakeStore {
  return async () => {
    const inner = await makeInner();
    const server = createHttpServer({ store: inner, address: '127.0.0.1:0' });
    await server.listen();
    const client = createHttpClient(server.address);
    return {
      store: client,
      async cleanup() {
        await client.close();
        await server.close();
        await inner.close();
      },
    };
  };
}

const direct = (makeInner: () => Promise<Store>): MakeStore => async () => {
  const store = await makeInner();
  return { store, cleanup: () => store.close() };
};

const fake = async (): Promise<Store> => new FakeStore();
runStoreContractSuite('fake store', direct(fake));
runStoreContractSuite('fake store over HTTP', overHttp(fake));

// The embedded database, once its folder has an entry point.
const dbEntry = new URL('../../src/db/index.ts', import.meta.url);
if (existsSync(dbEntry)) {
  const db = (await import(dbEntry.href)) as Record<string, unknown>;
  const store = (await import('../../src/store/index.ts')) as Record<string, unknown>;
  const { readFile, writeFile } = await import('node:fs/promises');
  const open = (db.openDatabase ?? db.createDB ?? db.openDB) as ((o: unknown) => Store | Promise<Store>) | undefined;
  const Memory = store.MemoryStore as (new () => unknown) | undefined;
  if (open && Memory) {
    const fs = { readFile: async (p: string) => new Uint8Array(await readFile(p)), writeFile: (p: string, d: Uint8Array) => writeFile(p, d) };
    const embedded = async () => open({ store: new Memory(), fs });
    runStoreContractSuite('embedded db', direct(embedded));
    runStoreContractSuite('embedded db over HTTP', overHttp(embedded));
  }
}
