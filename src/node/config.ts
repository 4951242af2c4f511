// Node configuration: DefraDB's config.yaml keys (http-cli.md B.4) with the override order
// flags > DEFRA_* environment variables > <rootdir>/config.yaml > defaults. Keys are
// case-insensitive, as viper makes them; internally every key is a lower-cased dotted path.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import YAML from 'yaml';

/** Flat config: lower-cased dotted key → value. */
export type ConfigValues = Map<string, unknown>;

/** The defaults, in the nested shape written to a fresh config.yaml. */
export function defaultConfigTree(): Record<string, unknown> {
  return {
    development: false,
    datastore: {
      store: 'lmdb',
      maxtxnretries: 5,
      noencryption: false,
      nosigning: false,
      defaultkeytype: 'secp256k1',
      badger: { path: 'data', valuelogfilesize: 1073741824 },
      lmdb: { syncwrites: false },
    },
    api: { address: '127.0.0.1:9181', 'allowed-origins': [], pubkeypath: '', privkeypath: '', tls: false },
    net: {
      p2pdisabled: false,
      p2paddresses: ['/ip4/127.0.0.1/tcp/9171'],
      peers: [],
      pubsubenabled: true,
      relay: false,
    },
    keyring: { backend: 'file', path: 'keys', namespace: 'defradb', disabled: false },
    log: {
      level: 'info', output: 'stderr', format: 'text', stacktrace: false, source: false,
      caller: false, colordisabled: false, overrides: '',
    },
    acp: {
      node: { enable: false },
      document: {
        type: 'none',
        sourcehub: { chainid: '', grpcaddress: '', cometrpcaddress: '', keyname: '', address: '' },
      },
    },
    replicator: { retryintervals: [30, 60, 120, 240, 480, 960, 1920] },
    secretfile: '.env',
    telemetry: { disabled: false },
  };
}

/** Flattens a nested object into lower-cased dotted keys (arrays are leaf values). */
export function flatten(tree: Record<string, unknown>, prefix = '', out: ConfigValues = new Map()): ConfigValues {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix + k.toLowerCase();
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key + '.', out);
    else out.set(key, v);
  }
  return out;
}

/** `api.allowed-origins` → `DEFRA_API_ALLOWED_ORIGINS` (viper's automatic env naming). */
export const envNameOf = (key: string) => 'DEFRA_' + key.toUpperCase().replace(/[.-]/g, '_');

/** Coerces a string (env var) to the type of the key's default value. */
export function coerce(key: string, raw: unknown, like: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  if (typeof like === 'boolean') {
    const s = raw.trim().toLowerCase();
    if (['true', '1', 't', 'yes'].includes(s)) return true;
    if (['false', '0', 'f', 'no', ''].includes(s)) return false;
    throw new Error(`invalid boolean value "${raw}" for ${key}`);
  }
  if (typeof like === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`invalid number "${raw}" for ${key}`);
    return n;
  }
  if (Array.isArray(like)) {
    const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    return like.length > 0 && typeof like[0] === 'number' ? items.map(Number) : items;
  }
  return raw;
}

export interface LoadConfigOptions {
  rootdir: string;
  /** Already-mapped flag values (config key → value), only for flags the user set. */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Write <rootdir>/config.yaml when missing (the `start` command does; `client` does not). */
  writeIfMissing?: boolean;
}

export interface LoadedConfig {
  rootdir: string;
  values: ConfigValues;
  /** Path of the config file and whether this call created it. */
  file: string;
  created: boolean;
}

/** Loads the layered configuration for a root dir. */
export function loadConfig(opts: LoadConfigOptions): LoadedConfig {
  const rootdir = resolve(expandHome(opts.rootdir));
  const env = opts.env ?? process.env;
  const defaults = flatten(defaultConfigTree());
  const values: ConfigValues = new Map(defaults);
  const file = join(rootdir, 'config.yaml');
  let created = false;

  if (existsSync(file)) {
    const parsed = YAML.parse(readFileSync(file, 'utf8')) ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`invalid config file ${file}`);
    for (const [k, v] of flatten(parsed as Record<string, unknown>)) values.set(k, coerce(k, v, defaults.get(k)));
  } else if (opts.writeIfMissing) {
    mkdirSync(rootdir, { recursive: true });
    writeFileSync(file, YAML.stringify(defaultConfigTree()), { mode: 0o644 });
    created = true;
  }

  for (const key of [...values.keys(), 'keyring.secret']) {
    const raw = env[envNameOf(key)];
    if (raw !== undefined) values.set(key, coerce(key, raw, defaults.get(key)));
  }
  for (const [k, v] of Object.entries(opts.flags ?? {})) {
    if (v !== undefined) values.set(k.toLowerCase(), coerce(k, v, defaults.get(k.toLowerCase())));
  }
  return { rootdir, values, file, created };
}

/** The default root dir, `~/.defradb`. */
export const defaultRootdir = () => join(homedir(), '.defradb');

/** Expands a leading `~/` (config files and quoted flags are not expanded by the shell). */
export const expandHome = (p: string) => (p === '~' ? homedir() : p.startsWith('~/') ? join(homedir(), p.slice(2)) : p);

/** Resolves a possibly relative path against the root dir (as DefraDB does for data/keys/TLS). */
export function underRoot(rootdir: string, p: string): string {
  const e = expandHome(p);
  return e === '' || isAbsolute(e) ? e : join(rootdir, e);
}

// Typed getters: config values come from YAML/env, so check their shape at the edge.
export function getString(values: ConfigValues, key: string): string {
  const v = values.get(key);
  return v === undefined || v === null ? '' : String(v);
}
export function getBool(values: ConfigValues, key: string): boolean {
  return coerce(key, values.get(key) ?? false, false) === true;
}
export function getNumber(values: ConfigValues, key: string): number {
  return Number(coerce(key, values.get(key) ?? 0, 0));
}
export function getList(values: ConfigValues, key: string): string[] {
  const v = values.get(key);
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v).split(',').map((s) => s.trim()).filter((s) => s !== '');
}
