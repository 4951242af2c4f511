// Turns the layered config values into the typed settings a Node starts from, validating as it
// goes (bad values fail before anything is opened).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getBool, getList, getNumber, getString, underRoot } from './config.ts';
import type { ConfigValues } from './config.ts';
import { parseLogLevel } from './stderr-logger.ts';
import type { KeyType } from './node-keys.ts';

export interface ListenAddress { host: string; port: number }

export interface NodeSettings {
  rootdir: string;
  development: boolean;
  store: { kind: 'lmdb' | 'memory'; path: string; syncWrites: boolean };
  maxTxnRetries: number;
  noEncryption: boolean;
  noSigning: boolean;
  defaultKeyType: KeyType;
  api: {
    address: ListenAddress;
    allowedOrigins: string[];
    tls?: { certPath: string; keyPath: string };
  };
  net: { enabled: boolean; listen: string[]; peers: string[]; replicatorRetryIntervals: number[] };
  keyring: { disabled: boolean; backend: string; path: string; namespace: string; secret: string };
  log: { level: string; format: string; output: string };
  acp: { nodeEnable: boolean; documentType: string };
}

/** Parses `--url`: `host:port`, `:port`, `localhost:9181`, `http(s)://host:port[/…]`. */
export function parseListenAddress(url: string): ListenAddress {
  let s = url.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  if (s === '') throw new Error(`invalid url: "${url}"`);
  let host: string;
  let portText: string;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    host = v6[1]!;
    portText = v6[2] ?? '9181';
  } else {
    const i = s.lastIndexOf(':');
    if (i < 0) { host = s; portText = '9181'; } else { host = s.slice(0, i); portText = s.slice(i + 1); }
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) throw new Error(`invalid port in url: "${url}"`);
  return { host: host === '' ? '0.0.0.0' : host, port };
}

export function settingsFrom(rootdir: string, values: ConfigValues): NodeSettings {
  const storeName = getString(values, 'datastore.store').toLowerCase();
  let kind: 'lmdb' | 'memory';
  if (storeName === 'memory') kind = 'memory';
  else if (storeName === 'lmdb' || storeName === 'badger' || storeName === '') kind = 'lmdb';
  else throw new Error(`invalid store type: ${storeName} (expected lmdb or memory)`);

  const keyType = getString(values, 'datastore.defaultkeytype') || 'secp256k1';
  if (keyType !== 'secp256k1' && keyType !== 'ed25519') throw new Error(`invalid key type: ${keyType}`);

  parseLogLevel(getString(values, 'log.level'));
  const retryIntervals = getList(values, 'replicator.retryintervals').map(Number);
  if (retryIntervals.some((n) => !(n > 0))) throw new Error('replicator retry intervals must be positive');

  return {
    rootdir,
    development: getBool(values, 'development'),
    store: { kind, path: underRoot(rootdir, getString(values, 'datastore.badger.path') || 'data'), syncWrites: getBool(values, 'datastore.lmdb.syncwrites') },
    maxTxnRetries: getNumber(values, 'datastore.maxtxnretries'),
    noEncryption: getBool(values, 'datastore.noencryption'),
    noSigning: getBool(values, 'datastore.nosigning'),
    defaultKeyType: keyType,
    api: {
      address: parseListenAddress(getString(values, 'api.address') || '127.0.0.1:9181'),
      allowedOrigins: getList(values, 'api.allowed-origins'),
      tls: tlsPaths(rootdir, values),
    },
    net: {
      enabled: !getBool(values, 'net.p2pdisabled'),
      listen: getList(values, 'net.p2paddresses'),
      peers: getList(values, 'net.peers'),
      replicatorRetryIntervals: retryIntervals,
    },
    keyring: {
      disabled: getBool(values, 'keyring.disabled'),
      backend: getString(values, 'keyring.backend') || 'file',
      path: underRoot(rootdir, getString(values, 'keyring.path') || 'keys'),
      namespace: getString(values, 'keyring.namespace'),
      secret: getString(values, 'keyring.secret'),
    },
    log: {
      level: getString(values, 'log.level') || 'info',
      format: getString(values, 'log.format') || 'text',
      output: getString(values, 'log.output') || 'stderr',
    },
    acp: {
      nodeEnable: getBool(values, 'acp.node.enable'),
      documentType: getString(values, 'acp.document.type') || 'none',
    },
  };
}

/**
 * TLS is on when a certificate or key path is configured (v0.19), or with the README's `--tls`
 * (`api.tls`), which defaults the paths to `<rootdir>/certs/server.crt` / `server.key`.
 */
function tlsPaths(rootdir: string, values: ConfigValues): NodeSettings['api']['tls'] {
  let cert = underRoot(rootdir, getString(values, 'api.pubkeypath'));
  let key = underRoot(rootdir, getString(values, 'api.privkeypath'));
  const tls = getBool(values, 'api.tls');
  if (!tls && !cert && !key) return undefined;
  cert ||= join(rootdir, 'certs', 'server.crt');
  key ||= join(rootdir, 'certs', 'server.key');
  for (const [what, p] of [['certificate', cert], ['private key', key]] as const) {
    if (!existsSync(p)) throw new Error(`TLS ${what} not found: ${p}`);
  }
  return { certPath: cert, keyPath: key };
}
