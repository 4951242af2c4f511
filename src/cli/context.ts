// What every command needs from the flags: the global (persistent) options, the node URL
// (flag > DEFRA_API_ADDRESS > <rootdir>/config.yaml > default) and an API client.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultRootdir, expandHome, getString, loadConfig } from '../node/index.ts';
import { ApiClient } from './api-client.ts';
import { parsePrivateKeyHex } from './identity-token.ts';
import { stdio } from './output.ts';
import type { Output } from './output.ts';

export interface GlobalOptions {
  rootdir?: string;
  url?: string;
  identity?: string;
  tx?: string;
  secretFile?: string;
  sourceHubAddress?: string;
  [k: string]: unknown;
}

export const DEFAULT_URL = '127.0.0.1:9181';

export function globalsOf(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Was this option given on the command line (not a default)? */
export function givenOnCli(cmd: Command, key: string): boolean {
  return cmd.getOptionValueSourceWithGlobals(key) === 'cli';
}

export const rootdirOf = (o: GlobalOptions) => resolve(expandHome(o.rootdir ?? defaultRootdir()));

/** The node address for client commands; client commands never write config.yaml. */
export function resolveUrl(cmd: Command): string {
  const o = globalsOf(cmd);
  if (givenOnCli(cmd, 'url') && o.url) return o.url;
  const rootdir = rootdirOf(o);
  if (process.env.DEFRA_API_ADDRESS) return process.env.DEFRA_API_ADDRESS;
  if (existsSync(join(rootdir, 'config.yaml'))) {
    try {
      const v = getString(loadConfig({ rootdir }).values, 'api.address');
      if (v) return v;
    } catch { /* an unreadable config falls back to the default address */ }
  }
  return o.url ?? DEFAULT_URL;
}

export function apiClient(cmd: Command): ApiClient {
  const o = globalsOf(cmd);
  return new ApiClient({
    url: resolveUrl(cmd),
    tx: o.tx,
    identityKey: o.identity ? parsePrivateKeyHex(o.identity) : undefined,
    authorizedAccount: o.sourceHubAddress || undefined,
  });
}

/** Output is injectable so commands can be unit-tested in-process. */
let out: Output = stdio;
export const output = (): Output => out;
export function setOutput(o: Output): void { out = o; }
